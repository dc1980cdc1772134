"""Privacy requests: everything held about one subscriber, and erasing it."""
