"""Checking what an OpenAI-compatible service answered. Anything missing, mistyped or out
of range is an AnalysisError — never a score."""

from __future__ import annotations

import json
import math
from typing import Any

from domain.intelligence.analysis import (
    MAX_ENTITIES,
    MAX_KEYWORDS,
    SUB_SCORES,
    AnalysisError,
    SubScore,
    check_unit,
)

MAX_REASON_CHARS = 500
MAX_TERM_CHARS = 100

#: the JSON schema the chat completion must follow (response_format json_schema, strict)
QUALITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["quality", "sub_scores", "keywords", "entities"],
    "properties": {
        "quality": {"type": "number", "minimum": 0, "maximum": 1},
        "sub_scores": {
            "type": "object", "additionalProperties": False, "required": list(SUB_SCORES),
            "properties": {name: {
                "type": "object", "additionalProperties": False,
                "required": ["score", "reason"],
                "properties": {"score": {"type": "number", "minimum": 0, "maximum": 1},
                               "reason": {"type": "string"}}} for name in SUB_SCORES},
        },
        "keywords": {"type": "array", "items": {"type": "string"}},
        "entities": {"type": "array", "items": {"type": "string"}},
    },
}


def _malformed(message: str) -> AnalysisError:
    return AnalysisError("malformed", message)


def json_body(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _malformed("the answer is not JSON") from None


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _malformed(f"{name} is not a number")
    check_unit(float(value), name)
    return float(value)


def _terms(value: Any, name: str, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _malformed(f"{name} is not a list of strings")
    seen: dict[str, None] = {}
    for item in value:
        term = " ".join(item.split())[:MAX_TERM_CHARS]
        if term:
            seen.setdefault(term, None)
    return tuple(seen)[:limit]


def quality_answer(body: Any) -> tuple[float, dict[str, SubScore], tuple[str, ...],
                                       tuple[str, ...]]:
    """The quality, sub-scores, keywords and entities of a chat completion."""
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise _malformed("no choices[0].message.content in the answer") from None
    if not isinstance(content, str):
        raise _malformed("message content is not a string")
    data = json_body(content.encode())
    if not isinstance(data, dict):
        raise _malformed("message content is not a JSON object")
    subs = data.get("sub_scores")
    if not isinstance(subs, dict):
        raise _malformed("sub_scores missing")
    sub_scores: dict[str, SubScore] = {}
    for name in SUB_SCORES:
        sub = subs.get(name)
        if not isinstance(sub, dict) or not isinstance(sub.get("reason"), str):
            raise _malformed(f"sub_scores.{name} needs a score and a reason")
        sub_scores[name] = SubScore(_number(sub.get("score"), f"sub_scores.{name}.score"),
                                    sub["reason"].strip()[:MAX_REASON_CHARS])
    return (_number(data.get("quality"), "quality"), sub_scores,
            _terms(data.get("keywords"), "keywords", MAX_KEYWORDS),
            _terms(data.get("entities"), "entities", MAX_ENTITIES))


def embeddings_answer(body: Any, expected: int) -> list[list[float]]:
    """One finite, non-zero vector per input, all of the same length, in input order."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list) or len(data) != expected:
        raise _malformed(f"expected {expected} embeddings")
    vectors: list[list[float] | None] = [None] * expected
    for position, item in enumerate(data):
        index = item.get("index", position) if isinstance(item, dict) else None
        vector = item.get("embedding") if isinstance(item, dict) else None
        if (not isinstance(index, int) or isinstance(index, bool)
                or not 0 <= index < expected or vectors[index] is not None):
            raise _malformed("embedding indexes are wrong")
        if (not isinstance(vector, list) or not vector
                or not all(isinstance(x, int | float) and not isinstance(x, bool)
                           and math.isfinite(x) for x in vector)):
            raise _malformed("an embedding is not a list of finite numbers")
        vectors[index] = [float(x) for x in vector]
    dimensions = {len(vector) for vector in vectors if vector is not None}
    if len(dimensions) != 1:
        raise _malformed("embeddings differ in length")
    if any(not any(vector) for vector in vectors if vector is not None):
        raise _malformed("an embedding is all zeros")
    return [vector for vector in vectors if vector is not None]
