"""Content intelligence: a quality score with reasons, relevance per topic and keywords
for a publication's content (from a remote OpenAI-compatible AI service when one is
configured and working, from an embedded, deterministic local analyzer otherwise), and
the quality gate built on it: rule checks, the quality policy and the review queue."""
