"""Render one template set to text inside the sandbox, under the limits.

The one place that runs template code: it opens the render's account (limits.CURRENT),
collects the output in batches of chunks so the size cap applies while rendering (not
after: an include inside a loop could otherwise stream gigabytes first), and turns
whatever the template raised into a TemplateError that names the stored template and
line (Jinja rewrites tracebacks to template lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Any

from jinja2 import TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from domain.templates.errors import TemplateError, TemplateLimitExceeded, TemplateSecurityError
from domain.templates.limits import CURRENT, DEFAULT_LIMITS, RenderLimits, RenderState
from domain.templates.resolution import TemplateSet
from domain.templates.sandbox import environment_for

MAX_SUBJECT = 998  # RFC 5322 line length
#: Chunks pulled between two size checks: batches keep the per-chunk work in C.
CHUNK_BATCH = 64


@dataclass(frozen=True, slots=True)
class RenderResult:
    text: str
    subject: str | None = None


def render_set(templates: TemplateSet, variables: Mapping[str, Any],
               limits: RenderLimits = DEFAULT_LIMITS, *, with_subject: bool = False
               ) -> RenderResult:
    """Render the set's root with `variables`. With `with_subject`, also the most derived
    `subject` block (as plain text), for email subjects."""
    environment = environment_for(templates.format)
    state = RenderState(limits, templates)
    token = CURRENT.set(state)
    try:
        try:
            template = environment.get_template(templates.root_name)
            context = template.new_context(variables)
            chunks = template.root_render_func(context)
            parts: list[str] = []
            size = 0
            while batch := list(islice(chunks, CHUNK_BATCH)):
                size += sum(map(len, batch))
                if size > state.max_output:
                    raise state.output_too_large()
                parts += batch
            text = "".join(parts)
            subject = None
            if with_subject:
                blocks = context.blocks.get("subject")
                if blocks:
                    subject = Markup("".join(blocks[0](context))).striptags()[:MAX_SUBJECT]
        except Exception:
            environment.handle_exception()
    except TemplateError as error:
        raise error.located(_location(error.__traceback__)) from None
    except SecurityError as error:
        raise TemplateSecurityError(f"refused by the template sandbox: {error}",
                                    location=_location(error.__traceback__)) from None
    except TemplateNotFound as error:
        raise TemplateError(f"template {error.name!r} not found",
                            location=_location(error.__traceback__)) from None
    except TemplateSyntaxError as error:
        raise TemplateError(f"template syntax error at line {error.lineno}: {error.message}",
                            location=error.filename) from None
    except RecursionError as error:
        raise TemplateLimitExceeded("template stopped: recursion too deep",
                                    location=_location(error.__traceback__)) from None
    except MemoryError:
        raise TemplateLimitExceeded("template stopped: out of memory") from None
    except Exception as error:
        raise TemplateError(f"template failed: {type(error).__name__}: {error}",
                            location=_location(error.__traceback__)) from None
    finally:
        CURRENT.reset(token)
    return RenderResult(text, subject)


def _location(traceback: TracebackType | None) -> str | None:
    """The innermost template frame of a (Jinja-rewritten) traceback."""
    found = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.startswith("template "):
            found = f"{filename}, line {traceback.tb_lineno}"
        traceback = traceback.tb_next
    return found
