"""Content intelligence: a quality score with reasons, relevance per topic and keywords
for a publication's content, from a remote OpenAI-compatible AI service when one is
configured and working, and from an embedded, deterministic local analyzer otherwise."""
