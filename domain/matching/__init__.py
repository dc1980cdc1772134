"""Content-channel matching: scorers, strategies (named, versioned weights), learned weights."""
