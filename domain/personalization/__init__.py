"""Per-subscriber preferences (quiet hours, caps, channel order) and interest profiles."""
