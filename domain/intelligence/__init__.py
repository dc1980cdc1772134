"""Content intelligence: analysis scores, rule checks, the quality policy and review."""
