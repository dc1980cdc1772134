"""The public URLs put into messages, each carrying a signed token."""

from __future__ import annotations

import time
from typing import NamedTuple
from urllib.parse import quote

from domain.keyring import KeyRing
from domain.links.signing import TokenSigner

UNSUBSCRIBE_PATH = "/unsubscribe/"
PREFERENCES_PATH = "/preferences/"
#: a preference-centre link in a message works this long after the message was made
PREFERENCE_LINK_LIFETIME_SECONDS = 365 * 86400
OPEN_PATH = "/t/o/"
CLICK_PATH = "/t/c/"


class SendClaim(NamedTuple):
    """What an open or click token says about the send it came from. `issued_at` (epoch
    seconds, when the message was rendered, just before sending) lets the endpoints spot
    machine opens without a database read. A NamedTuple: built on every tracking
    request, where a frozen dataclass's slower constructor showed."""

    delivery_id: int
    publication_id: int
    channel_id: int
    subscriber_id: int | None
    issued_at: int
    link_id: int | None = None


class PreferenceClaim(NamedTuple):
    subscriber_id: int
    delivery_id: int
    expires_at: int

    def expired(self, now: float | None = None) -> bool:
        return (now if now is not None else time.time()) >= self.expires_at


class LinkBuilder:
    """Builds a recipient's links; `base_url` is PUBLIC_BASE_URL (what recipients reach).
    Signs with the newest key of `secret_key` (a ring or one key), verifies with all."""

    def __init__(self, secret_key: KeyRing | str, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.unsubscribe_signer = TokenSigner(secret_key, "unsubscribe")
        self.open_signer = TokenSigner(secret_key, "open")
        self.click_signer = TokenSigner(secret_key, "click")
        self.preferences_signer = TokenSigner(secret_key, "preferences")
        #: the preference page's form carries this (derived from the page's token): a
        #: POST must come from the page, not from a bare link
        self.preferences_form_signer = TokenSigner(secret_key, "preferences-form")

    def unsubscribe_token(self, subscriber_id: int, delivery_id: int = 0) -> str:
        """The delivery id tells which send the unsubscribe came from (0: none)."""
        return self.unsubscribe_signer.sign(subscriber_id, delivery_id)

    def verify_unsubscribe(self, token: str) -> tuple[int, int] | None:
        """(subscriber id, delivery id) from a token we signed, else None."""
        values = self.unsubscribe_signer.verify_ints(token, 2)
        return (values[0], values[1]) if values else None

    def unsubscribe_url(self, token: str) -> str:
        return f"{self.base_url}{UNSUBSCRIBE_PATH}{token}"

    def preferences_token(self, subscriber_id: int, delivery_id: int = 0,
                          expires_at: int | None = None) -> str:
        """Signed (subscriber, send, expiry in epoch seconds)."""
        expires_at = expires_at or int(time.time()) + PREFERENCE_LINK_LIFETIME_SECONDS
        return self.preferences_signer.sign(subscriber_id, delivery_id, expires_at)

    def verify_preferences(self, token: str) -> PreferenceClaim | None:
        """What a preference token we signed says (expired ones too: the caller tells
        an expired link from a forged one), else None."""
        values = self.preferences_signer.verify_ints(token, 3)
        return PreferenceClaim(*values) if values else None

    def preferences_url(self, token: str) -> str:
        return f"{self.base_url}{PREFERENCES_PATH}{token}"

    def preferences_form_token(self, claim: PreferenceClaim) -> str:
        return self.preferences_form_signer.sign(claim.subscriber_id, claim.expires_at)

    def verify_preferences_form(self, claim: PreferenceClaim, form_token: str) -> bool:
        values = self.preferences_form_signer.verify_ints(form_token, 2)
        return values == (claim.subscriber_id, claim.expires_at)

    def for_recipient(self, subscriber_id: int | None, delivery_id: int,
                      mailbox: str | None = None) -> dict[str, str]:
        """`unsubscribe` and `preferences` (https) and, with a mailbox that processes
        unsubscribe mail, `unsubscribe_mailto`. Empty for channel-wide messages."""
        if subscriber_id is None or not self.base_url:
            return {}
        token = self.unsubscribe_token(subscriber_id, delivery_id)
        links = {"unsubscribe": self.unsubscribe_url(token),
                 "preferences": self.preferences_url(
                     self.preferences_token(subscriber_id, delivery_id))}
        if mailbox:
            links["unsubscribe_mailto"] = (f"mailto:{mailbox}?subject="
                                           f"{quote('unsubscribe ' + token)}")
        return links

    # -- tracking -------------------------------------------------------------------

    def open_url(self, delivery_id: int, publication_id: int, channel_id: int,
                 subscriber_id: int | None, issued_at: int | None = None) -> str:
        token = self.open_signer.sign(delivery_id, publication_id, channel_id,
                                      subscriber_id or 0, issued_at or int(time.time()))
        return f"{self.base_url}{OPEN_PATH}{token}.gif"

    def click_url(self, link_id: int, delivery_id: int, publication_id: int,
                  channel_id: int, subscriber_id: int | None,
                  issued_at: int | None = None) -> str:
        token = self.click_signer.sign(link_id, delivery_id, publication_id, channel_id,
                                       subscriber_id or 0, issued_at or int(time.time()))
        return f"{self.base_url}{CLICK_PATH}{token}"

    def verify_open(self, token: str) -> SendClaim | None:
        values = self.open_signer.verify_ints(token.removesuffix(".gif"), 5)
        if values is None:
            return None
        delivery_id, publication_id, channel_id, subscriber_id, issued_at = values
        return SendClaim(delivery_id, publication_id, channel_id, subscriber_id or None,
                         issued_at)

    def verify_click(self, token: str) -> SendClaim | None:
        values = self.click_signer.verify_ints(token, 6)
        if values is None:
            return None
        link_id, delivery_id, publication_id, channel_id, subscriber_id, issued_at = values
        return SendClaim(delivery_id, publication_id, channel_id, subscriber_id or None,
                         issued_at, link_id)
