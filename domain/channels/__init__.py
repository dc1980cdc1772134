"""Channel endpoints (email, Slack, Discord, webhook, RSS) and their health."""
