"""The public URLs put into messages, each carrying a signed token."""

from __future__ import annotations

from urllib.parse import quote

from domain.links.signing import TokenSigner

UNSUBSCRIBE_PATH = "/unsubscribe/"


class LinkBuilder:
    """Builds a recipient's links; `base_url` is PUBLIC_BASE_URL (what recipients reach)."""

    def __init__(self, secret_key: str, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.unsubscribe_signer = TokenSigner(secret_key, "unsubscribe")

    def unsubscribe_token(self, subscriber_id: int, delivery_id: int = 0) -> str:
        """The delivery id tells which send the unsubscribe came from (0: none)."""
        return self.unsubscribe_signer.sign(subscriber_id, delivery_id)

    def verify_unsubscribe(self, token: str) -> tuple[int, int] | None:
        """(subscriber id, delivery id) from a token we signed, else None."""
        values = self.unsubscribe_signer.verify_ints(token, 2)
        return (values[0], values[1]) if values else None

    def unsubscribe_url(self, token: str) -> str:
        return f"{self.base_url}{UNSUBSCRIBE_PATH}{token}"

    def for_recipient(self, subscriber_id: int | None, delivery_id: int,
                      mailbox: str | None = None) -> dict[str, str]:
        """`unsubscribe` and `preferences` (https) and, with a mailbox that processes
        unsubscribe mail, `unsubscribe_mailto`. Empty for channel-wide messages."""
        if subscriber_id is None or not self.base_url:
            return {}
        token = self.unsubscribe_token(subscriber_id, delivery_id)
        links = {"unsubscribe": self.unsubscribe_url(token),
                 "preferences": self.unsubscribe_url(token)}
        if mailbox:
            links["unsubscribe_mailto"] = (f"mailto:{mailbox}?subject="
                                           f"{quote('unsubscribe ' + token)}")
        return links
