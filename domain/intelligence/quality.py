"""The local quality heuristics: simple, deterministic and honest about what they measure.

Each returns a SubScore whose reason states the measured figure, so an editor can see why.
"""

from __future__ import annotations

import re

import textstat

from domain.intelligence.analysis import AnalyzableContent, SubScore

URL = re.compile(r"https?://[^\s<>()\"']+", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
HEADING = re.compile(r"^(#{1,6}\s+\S|<h[1-6][\s>])", re.IGNORECASE)
LIST_ITEM = re.compile(r"^(\s*[-*+]\s+\S|\s*\d+[.)]\s+\S|<li[\s>])", re.IGNORECASE)
#: phrases that spam filters and readers both distrust (lower case)
SPAM_PHRASES = (
    "act now", "buy now", "click here", "limited time", "100% free", "risk free",
    "risk-free", "guaranteed", "no obligation", "winner", "you have been selected",
    "cash bonus", "earn money", "make money", "double your", "order now", "urgent",
    "free gift", "special promotion", "once in a lifetime", "no credit check",
    "call now", "apply now", "exclusive deal", "lowest price", "miracle",
)
HYPE_WORDS = ("amazing", "incredible", "unbelievable", "insane", "best ever", "shocking",
              "mind-blowing", "must-see", "revolutionary", "epic")


def _clamp(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def readability(content: AnalyzableContent) -> SubScore:
    text = f"{content.summary}\n{content.body}".strip() or content.title
    if len(words(text)) < 20:
        return SubScore(0.5, "too little text to measure readability (under 20 words)")
    ease = textstat.flesch_reading_ease(text)
    grade = textstat.flesch_kincaid_grade(text)
    # Flesch 60+ is plain English; 0 and below is very hard going
    score = _clamp(ease / 60.0)
    label = ("easy" if ease >= 70 else "plain" if ease >= 60 else "fairly difficult"
             if ease >= 50 else "difficult" if ease >= 30 else "very difficult")
    return SubScore(score, f"Flesch reading ease {ease:.0f} ({label}), Flesch-Kincaid "
                           f"grade {grade:.0f}")


def structure(content: AnalyzableContent) -> SubScore:
    title_words = len(words(content.title))
    lines = content.body.replace("\r\n", "\n").split("\n")
    paragraphs = [block for block in re.split(r"\n\s*\n", content.body) if block.strip()]
    headings = sum(1 for line in lines if HEADING.match(line.strip()))
    list_items = sum(1 for line in lines if LIST_ITEM.match(line))
    body_words = len(words(content.body))
    score, reasons = 1.0, []
    if title_words == 0:
        score -= 0.4
        reasons.append("no title")
    elif title_words < 3:
        score -= 0.15
        reasons.append(f"title of only {title_words} word(s)")
    elif title_words > 15:
        score -= 0.15
        reasons.append(f"long title ({title_words} words)")
    longest = max((len(words(block)) for block in paragraphs), default=0)
    if body_words > 150 and len(paragraphs) < 2:
        score -= 0.3
        reasons.append(f"{body_words} words in a single paragraph")
    elif longest > 200:
        score -= 0.2
        reasons.append(f"a paragraph of {longest} words")
    if body_words > 600 and headings == 0 and list_items == 0:
        score -= 0.15
        reasons.append("long text without headings or lists")
    if not content.summary.strip() and body_words > 300:
        score -= 0.1
        reasons.append("no summary for a long text")
    if not reasons:
        reasons.append(f"{len(paragraphs)} paragraph(s), {headings} heading(s), "
                       f"{list_items} list item(s)")
    return SubScore(_clamp(score), "; ".join(reasons))


def length(content: AnalyzableContent) -> SubScore:
    count = len(words(content.body)) + len(words(content.summary))
    if count < 30:
        score = count / 60
    elif count < 120:
        score = 0.5 + 0.5 * (count - 30) / 90
    elif count <= 2000:
        score = 1.0
    else:
        score = max(0.3, 1.0 - (count - 2000) / 4000)
    verdict = ("very short" if count < 30 else "short" if count < 120
               else "a good length" if count <= 2000 else "long")
    return SubScore(_clamp(score), f"{count} words: {verdict}")


def links(content: AnalyzableContent) -> SubScore:
    text = f"{content.summary}\n{content.body}"
    found = URL.findall(text)
    if not found:
        return SubScore(1.0, "no links")
    count = len(words(text))
    plain = [url for url in found if url.lower().startswith("http://")]
    duplicates = len(found) - len(set(found))
    per_hundred = 100 * len(found) / max(count, 1)
    score, reasons = 1.0, [f"{len(found)} link(s)"]
    if per_hundred > 5:
        score -= min(0.6, (per_hundred - 5) * 0.08)
        reasons.append(f"{per_hundred:.1f} links per 100 words")
    if plain:
        score -= min(0.3, 0.1 * len(plain))
        reasons.append(f"{len(plain)} without https")
    if duplicates:
        score -= min(0.2, 0.05 * duplicates)
        reasons.append(f"{duplicates} repeated")
    return SubScore(_clamp(score), "; ".join(reasons))


def spam_likeness(content: AnalyzableContent) -> SubScore:
    """1 means spam-like."""
    text = content.normalized()
    lower = text.lower()
    hits = sorted({phrase for phrase in SPAM_PHRASES if phrase in lower})
    all_words = words(text)
    shouting = [word for word in all_words if len(word) > 3 and word.isupper()]
    exclamations = text.count("!")
    money = len(re.findall(r"[$€£]\s?\d|\d+\s?%\s?off", lower))
    score = 0.18 * len(hits) + min(0.3, 2 * len(shouting) / max(len(all_words), 1)) \
        + min(0.2, 0.04 * max(0, exclamations - 1)) + min(0.2, 0.05 * money)
    reasons = []
    if hits:
        reasons.append("spam-trigger phrases: " + ", ".join(f"'{hit}'" for hit in hits[:5]))
    if shouting:
        reasons.append(f"{len(shouting)} word(s) in capitals")
    if exclamations > 1:
        reasons.append(f"{exclamations} exclamation marks")
    if money:
        reasons.append(f"{money} price or discount mention(s)")
    return SubScore(_clamp(score), "; ".join(reasons) or "no spam signals")


def tone(content: AnalyzableContent) -> SubScore:
    """1 means calm and neutral; hype, shouting and exclamation lower it."""
    text = content.normalized()
    lower = text.lower()
    all_words = words(text)
    count = max(len(all_words), 1)
    hype = [word for word in HYPE_WORDS if word in lower]
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    exclaim_ratio = text.count("!") / sentences
    second_person = sum(1 for word in all_words if word.lower() in {"you", "your"}) / count
    score = 1.0 - min(0.4, 0.1 * len(hype)) - min(0.4, exclaim_ratio * 0.6) \
        - min(0.2, max(0.0, second_person - 0.06) * 3)
    reasons = []
    if hype:
        reasons.append("hype words: " + ", ".join(hype[:5]))
    if exclaim_ratio > 0.2:
        reasons.append(f"{exclaim_ratio:.0%} of sentences end with '!'")
    if second_person > 0.06:
        reasons.append(f"pushy second person ({second_person:.0%} of words)")
    return SubScore(_clamp(score), "; ".join(reasons) or "neutral tone")
