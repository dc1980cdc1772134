"""The webhook sink's receiver side: check a Standard Webhooks signature the way a real
receiver would, with the secret of the channel that points at the sink.

The sink learns nothing from the request about which secret to use (a receiver is
configured with it out of band), so it finds the webhook channels whose `config.url`
ends in the path the request came to and tries their current and previous secrets.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from domain.channels import webhook
from domain.channels.models import Channel, ChannelType
from domain.crypto import SecretDecryptionError, decrypt_secrets
from domain.keyring import KeyRing


async def secrets_for_path(path: str, keys: KeyRing) -> list[str]:
    """The signing secrets of every webhook channel whose URL has this path."""
    found: list[str] = []
    for channel in await Channel.filter(type=ChannelType.WEBHOOK):
        url = (channel.config or {}).get("url")
        if not isinstance(url, str) or urlsplit(url).path.rstrip("/") != path.rstrip("/"):
            continue
        try:
            secrets = decrypt_secrets(keys, channel.secret_ciphertext)
        except SecretDecryptionError:  # written under another key ring
            continue
        found += [secret for secret in (secrets.get("signing_secret"),
                                         secrets.get("previous_signing_secret"))
                  if isinstance(secret, str) and secret]
    return found


async def check_webhook(path: str, headers: dict[str, str], body: bytes,
                        keys: KeyRing) -> tuple[bool, str]:
    """(verified, what the check found) for one request to the webhook sink at `path`."""
    secrets = await secrets_for_path(path, keys)
    if not secrets:
        return False, "not verified: no webhook channel with a signing secret points here"
    problem = webhook.verify(secrets, headers, body)
    if problem is None:
        return True, "verified: webhook-signature matches the channel's signing secret"
    return False, f"not verified: {problem}"
