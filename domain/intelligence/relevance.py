"""Local topic relevance: TF-IDF vectors of the topic profiles and of the content,
compared by cosine similarity (0-1 for non-negative TF-IDF vectors), plus keywords from
the same vocabulary.

Two views are combined: words (unigrams and bigrams) and character n-grams within words
(3-5), which let "vaccine" meet "vaccination" and "scored" meet "score" without a
stemmer or any model download. Relevance is the mean of the two cosines."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from scipy.sparse import csr_matrix, spmatrix
from sklearn.feature_extraction.text import TfidfVectorizer

from domain.intelligence.analysis import MAX_ENTITIES, MAX_KEYWORDS, TopicProfile, TopicRelevance

#: the content compared against the profiles is cut here (characters): the opening of a
#: long text says what it is about, and the cost stays bounded
MAX_RELEVANCE_CHARS = 20_000
#: bigrams of capitalised words not at a sentence start: "Acme Corp", "New York"
_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+|[A-Z]{2,6}\b)")


class _View:
    """One fitted vectorizer, applied by hand: what `TfidfVectorizer.transform` does for
    one document (sublinear TF x IDF, L2 norm) without its per-call input validation,
    which costs more than the work itself on a short text."""

    def __init__(self, analyze: Callable[[str], list[str]], vocabulary: dict[str, int],
                 idf: np.ndarray, columns: csr_matrix) -> None:
        self.analyze = analyze
        self.vocabulary = vocabulary
        self.idf = idf
        self.columns = columns  # the profiles' matrix, column-major: one row per term

    @classmethod
    def of(cls, vectorizer: TfidfVectorizer, matrix: spmatrix) -> _View:
        return cls(vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_,
                   matrix.T.tocsr())


def _cosines(view: _View, text: str) -> np.ndarray:
    counts = Counter(index for term in view.analyze(text)
                     if (index := view.vocabulary.get(term)) is not None)
    rows = view.columns.shape[1]
    if not counts:
        return np.zeros(rows)
    indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64,
                                        count=len(counts)))) * view.idf[indices]
    # as TfidfVectorizer.transform: terms outside the vocabulary are not part of the vector
    norm = float(np.sqrt(np.dot(weights, weights)))
    if not norm:
        return np.zeros(rows)
    return np.asarray(view.columns[indices].T @ (weights / norm)).ravel()


def profiles_signature(profiles: Sequence[TopicProfile]) -> str:
    digest = hashlib.sha256()
    for profile in profiles:
        digest.update(f"{profile.topic_id}\x00{profile.name}\x00{profile.text}\x01".encode())
    return digest.hexdigest()


class TopicIndex:
    """Fitted once per set of profiles (the caller caches it by `profiles_signature`)."""

    def __init__(self, profiles: Sequence[TopicProfile]) -> None:
        self.profiles = tuple(profiles)
        self.signature = profiles_signature(self.profiles)
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                          ngram_range=(1, 2), min_df=1, max_features=50_000,
                                          strip_accents="unicode")
        self.characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                          sublinear_tf=True, max_features=200_000,
                                          strip_accents="unicode", lowercase=True)
        corpus = [f"{p.name} {p.name} {p.text}" for p in self.profiles]
        self.matrix = self.char_matrix = None
        if corpus and any(text.strip() for text in corpus):
            try:
                self.matrix = self.vectorizer.fit_transform(corpus)
                self.char_matrix = self.characters.fit_transform(corpus)
            except ValueError:  # only stop words: nothing to compare against
                self.matrix = self.char_matrix = None
        self.analyzer = self.vectorizer.build_analyzer()
        if self.matrix is not None and self.char_matrix is not None:
            self.word_view = _View.of(self.vectorizer, self.matrix)
            self.char_view = _View.of(self.characters, self.char_matrix)
            self.vocabulary = self.vectorizer.vocabulary_
            self.idf = self.vectorizer.idf_
            self.max_idf = float(self.idf.max()) if len(self.idf) else 1.0
        else:
            self.vocabulary, self.idf, self.max_idf = {}, np.zeros(0), 1.0

    def relevance(self, text: str) -> tuple[TopicRelevance, ...]:
        if self.matrix is None or self.char_matrix is None or not self.profiles:
            return tuple(TopicRelevance(p.topic_id, p.name, 0.0) for p in self.profiles)
        text = text[:MAX_RELEVANCE_CHARS]
        words = _cosines(self.word_view, text)
        characters = _cosines(self.char_view, text)
        similarities = (words + characters) / 2
        return tuple(TopicRelevance(profile.topic_id, profile.name,
                                    round(float(min(1.0, max(0.0, similarity))), 4))
                     for profile, similarity in zip(self.profiles, similarities, strict=True))

    def keywords(self, text: str) -> tuple[str, ...]:
        """The content's terms weighted by sublinear TF x the corpus IDF (unknown terms
        count as rare); a bigram hides its own unigrams."""
        counts = Counter(term for term in self.analyzer(text) if not term.isdigit())
        weights = {term: (1.0 + np.log(count)) * (
            float(self.idf[self.vocabulary[term]]) if term in self.vocabulary
            else self.max_idf) * (1.15 if " " in term else 1.0)
            for term, count in counts.items() if count > 1 or " " not in term}
        chosen: list[str] = []
        for term, _ in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
            if any(term in other.split() or other in term.split() for other in chosen):
                continue
            chosen.append(term)
            if len(chosen) == MAX_KEYWORDS:
                break
        return tuple(chosen)


def entities(text: str) -> tuple[str, ...]:
    """Capitalised word runs and acronyms, most frequent first: a heuristic, not NER."""
    counts = Counter(match.group(1) for line in text.split("\n")
                     for match in _ENTITY.finditer(line))
    return tuple(name for name, _ in sorted(counts.items(),
                                            key=lambda item: (-item[1], item[0])))[:MAX_ENTITIES]
