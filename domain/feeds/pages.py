"""The public web page of a published publication: where feed entries (and "read online"
links) point. Plain, self-contained HTML; the body is sanitised markdown."""

from __future__ import annotations

from html import escape

from domain.audience.models import Topic
from domain.publications.models import Publication
from domain.templates.markdown import markdown_to_html

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{max-width:42rem;margin:2rem auto;padding:0 1rem;font:16px/1.6 system-ui,sans-serif}}
.meta{{color:#5f6368;font-size:.9rem}}
</style>
</head>
<body>
<article>
<h1>{title}</h1>
<p class="meta">{date}{author}{topics}</p>
{summary}
{body}
</article>
</body>
</html>
"""


def publication_page(publication: Publication, topics: list[Topic]) -> str:
    published = publication.published_at
    author = publication.author
    name = (author.display_name or author.name) if author else ""
    return _PAGE.format(
        title=escape(publication.title),
        date=escape(published.strftime("%d %B %Y")) if published else "",
        author=f" · {escape(name)}" if name else "",
        topics=" · " + escape(", ".join(topic.name for topic in topics)) if topics else "",
        summary=f"<p><strong>{escape(publication.summary)}</strong></p>"
        if publication.summary else "",
        body=markdown_to_html(publication.body),
    )
