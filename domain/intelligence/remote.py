"""The remote analyzer: any OpenAI-compatible service (OpenAI, Ollama, vLLM, llama.cpp's
server, LiteLLM). Quality comes from a chat completion constrained to a JSON schema;
relevance from embeddings of the content and of each topic profile (cosine, negatives
clipped to 0).

Retries 429 and 5xx (and timeouts, connection errors) with exponential backoff and
jitter, honouring Retry-After, but never past the caller's deadline: the fallback is
waiting."""

from __future__ import annotations

import asyncio
import hashlib
import math
import random
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from domain.channels.outbound import retry_after_seconds
from domain.intelligence import answers
from domain.intelligence.analysis import (
    Analysis,
    AnalysisError,
    AnalyzableContent,
    AnalyzerKind,
    TopicProfile,
    TopicRelevance,
    ranked,
)

SYSTEM_PROMPT = (
    "You review publications before they are sent to subscribers. Score the text the "
    "user sends. Every score is a number from 0 to 1. quality: overall, higher is "
    "better. sub_scores: readability, structure, length, links and tone are higher-is-"
    "better; spam_likeness is 1 for text that reads like spam and 0 for text that does "
    "not. Give each sub-score a short reason an editor can act on. keywords: up to 10 "
    "key terms of the text. entities: up to 10 named people, organisations, places or "
    "products. Answer with JSON only.")
#: content and topic texts sent are cut here (characters): a token budget, not a limit
#: on what editors may write
MAX_INPUT_CHARS = 24_000
MAX_TOPIC_CHARS = 4_000
TOPIC_VECTOR_CACHE = 1_024


@dataclass(frozen=True, slots=True)
class RemoteConfig:
    base_url: str
    api_key: str | None
    model: str
    embedding_model: str
    #: one HTTP exchange, at most (the caller's deadline may cut it shorter)
    request_timeout_seconds: float = 30.0
    max_attempts: int = 3
    backoff_base_seconds: float = 0.2
    #: a Retry-After longer than this is not waited for (the call fails over instead)
    max_retry_after_seconds: float = 30.0
    #: an answer larger than this is refused unread
    max_response_bytes: int = 1_048_576

    @property
    def model_version(self) -> str:
        return f"{self.model}+{self.embedding_model}"


def _cosine(left: list[float], right: list[float]) -> float:
    dot = sum(a * b for a, b in zip(left, right, strict=True))
    norm = math.sqrt(sum(a * a for a in left)) * math.sqrt(sum(b * b for b in right))
    return dot / norm if norm else 0.0


def _error_kind(status: int) -> str:
    return "http_429" if status == 429 else f"http_{status // 100}xx"


class RemoteAnalyzer:
    kind = AnalyzerKind.REMOTE

    def __init__(self, http: httpx.AsyncClient, config: RemoteConfig) -> None:
        self.http = http
        self.config = config
        self.model_version = config.model_version
        self.base_url = config.base_url.rstrip("/")
        self._topic_vectors: OrderedDict[str, list[float]] = OrderedDict()

    async def analyze(self, content: AnalyzableContent, topics: Sequence[TopicProfile],
                      *, deadline: float | None = None) -> Analysis:
        """`deadline` (time.monotonic()) bounds every attempt and every wait."""
        text = content.normalized()[:MAX_INPUT_CHARS]
        try:
            # either failing cancels the other: no half-answered analysis
            async with asyncio.TaskGroup() as group:
                quality_task = group.create_task(self._quality(text, deadline))
                relevance_task = group.create_task(self._relevance(text, topics, deadline))
        except ExceptionGroup as group_error:
            raise group_error.exceptions[0] from None
        score, sub_scores, keywords, entities = quality_task.result()
        relevance = relevance_task.result()
        return Analysis(quality=score, sub_scores=sub_scores, relevance=ranked(relevance),
                        keywords=keywords, entities=entities)

    async def _quality(self, text: str, deadline: float | None) -> tuple[Any, ...]:
        body = await self._post("/chat/completions", {
            "model": self.config.model, "temperature": 0,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user", "content": text}],
            "response_format": {"type": "json_schema", "json_schema": {
                "name": "content_quality", "strict": True,
                "schema": answers.QUALITY_SCHEMA}},
        }, deadline)
        return answers.quality_answer(body)

    async def _relevance(self, text: str, topics: Sequence[TopicProfile],
                         deadline: float | None) -> list[TopicRelevance]:
        if not topics:
            return []
        keys = {profile.topic_id: hashlib.sha256(
            f"{self.config.embedding_model}\x00{profile.text[:MAX_TOPIC_CHARS]}".encode()
        ).hexdigest() for profile in topics}
        missing = [profile for profile in topics if keys[profile.topic_id]
                   not in self._topic_vectors]
        inputs = [text] + [f"{p.name}\n{p.text}"[:MAX_TOPIC_CHARS] for p in missing]
        body = await self._post("/embeddings", {"model": self.config.embedding_model,
                                                "input": inputs}, deadline)
        vectors = answers.embeddings_answer(body, len(inputs))
        content_vector = vectors[0]
        for profile, vector in zip(missing, vectors[1:], strict=True):
            self._remember(keys[profile.topic_id], vector)
        relevance = []
        for profile in topics:
            topic_vector = self._topic_vectors.get(keys[profile.topic_id])
            if topic_vector is None or len(topic_vector) != len(content_vector):
                raise AnalysisError("malformed", "embedding dimensions changed")
            similarity = max(0.0, min(1.0, _cosine(content_vector, topic_vector)))
            relevance.append(TopicRelevance(profile.topic_id, profile.name,
                                            round(similarity, 4)))
        return relevance

    def _remember(self, key: str, vector: list[float]) -> None:
        self._topic_vectors[key] = vector
        self._topic_vectors.move_to_end(key)
        while len(self._topic_vectors) > TOPIC_VECTOR_CACHE:
            self._topic_vectors.popitem(last=False)

    def _remaining(self, deadline: float | None) -> float:
        if deadline is None:
            return self.config.request_timeout_seconds
        return min(self.config.request_timeout_seconds, deadline - time.monotonic())

    async def _post(self, path: str, payload: dict[str, Any], deadline: float | None) -> Any:
        headers = {"content-type": "application/json"}
        if self.config.api_key:
            headers["authorization"] = f"Bearer {self.config.api_key}"
        last: AnalysisError | None = None
        for attempt in range(self.config.max_attempts):
            remaining = self._remaining(deadline)
            if remaining <= 0:
                raise last or AnalysisError("timeout", "no time left for the AI service")
            wait: float | None = None
            try:
                return await self._exchange(path, payload, headers, remaining)
            except _Retryable as retryable:
                last, wait = retryable.error, retryable.retry_after
            backoff = self.config.backoff_base_seconds * (2 ** attempt)
            delay = random.uniform(0, backoff) if wait is None else wait
            if (wait is not None and wait > self.config.max_retry_after_seconds) or \
                    attempt + 1 >= self.config.max_attempts or \
                    delay >= self._remaining(deadline):
                break
            await asyncio.sleep(delay)
        assert last is not None
        raise last

    async def _exchange(self, path: str, payload: dict[str, Any], headers: dict[str, str],
                        timeout: float) -> Any:
        try:
            async with asyncio.timeout(timeout):
                async with self.http.stream("POST", f"{self.base_url}{path}", json=payload,
                                            headers=headers, timeout=timeout) as response:
                    if response.status_code == 429 or response.status_code >= 500:
                        raise _Retryable(
                            AnalysisError(_error_kind(response.status_code),
                                          f"AI service answered {response.status_code}"),
                            retry_after_seconds(response.headers.get("retry-after")))
                    if response.status_code >= 300:
                        raise AnalysisError(_error_kind(response.status_code),
                                            f"AI service answered {response.status_code}")
                    raw = await self._read(response)
        except TimeoutError:
            raise _Retryable(AnalysisError("timeout", "AI service timed out"), None) from None
        except httpx.TimeoutException:
            raise _Retryable(AnalysisError("timeout", "AI service timed out"), None) from None
        except httpx.HTTPError as error:
            raise _Retryable(AnalysisError("connection", f"AI service unreachable: "
                                                         f"{type(error).__name__}"),
                             None) from None
        return answers.json_body(raw)

    async def _read(self, response: httpx.Response) -> bytes:
        limit = self.config.max_response_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise AnalysisError("too_large", f"AI answer of {declared} bytes refused")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise AnalysisError("too_large", f"AI answer larger than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


class _Retryable(Exception):
    def __init__(self, error: AnalysisError, retry_after: float | None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after
