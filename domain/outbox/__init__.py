"""The development outbox: email the service would have sent, kept locally instead."""
