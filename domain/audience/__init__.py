"""Topics, subscribers and their preferences. The suppression list (addresses never to
mail again) is `suppressed_address`, kept by domain.engagement.suppression: provider
events write it, audience resolution and the sender read it."""
