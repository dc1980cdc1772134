"""Topics, subscribers, their preferences and the suppression list."""
