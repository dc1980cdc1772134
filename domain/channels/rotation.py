"""Moving every channel's stored secrets to the newest key (`publishing rotate-keys`).

After a new key is put in front of the ring (SECRET_KEY, the old one moved to
PREVIOUS_SECRET_KEYS) stored secrets still decrypt with the old key; this rewrites them
under the new one, so the old key can later be dropped without losing them. Idempotent:
a ciphertext the newest key already reads is left as it is, so a second run changes
nothing. Each rewrite is a compare-and-set on the ciphertext it read: a channel whose
secrets an admin changes meanwhile is read again instead of being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.channels.models import Channel
from domain.crypto import SecretDecryptionError, reencrypt, uses_newest_key
from domain.keyring import KeyRing
from domain.principals.actor import Actor
from domain.principals.models import Role
from domain.principals.service import audit

#: the audit log's actor of re-encryptions
ACTOR = Actor(name="publishing rotate-keys", role=Role.ADMIN)
PAGE = 500
#: reads of one channel whose ciphertext keeps changing under us before giving up
ATTEMPTS = 5


@dataclass
class ReencryptReport:
    channels: int = 0
    without_secrets: int = 0
    #: already written with the newest key: left as they are
    current: int = 0
    reencrypted: int = 0
    #: ids of channels no key of the ring decrypts (their secrets must be set again)
    unreadable: list[int] = field(default_factory=list)
    #: ids of channels whose ciphertext kept changing during the run (run it again)
    contended: list[int] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every stored secret now decrypts with the newest key alone."""
        return not self.unreadable and not self.contended


async def reencrypt_channel_secrets(keys: KeyRing | str, *, dry_run: bool = False
                                    ) -> ReencryptReport:
    """Rewrite every channel's secrets under the newest key of `keys`; with `dry_run`
    count what would be rewritten and change nothing."""
    keys = KeyRing.of(keys)
    report = ReencryptReport()
    last_id = 0
    while True:
        page = await (Channel.filter(id__gt=last_id).order_by("id").limit(PAGE)
                      .values_list("id", "secret_ciphertext"))
        if not page:
            return report
        for channel_id, ciphertext in page:
            report.channels += 1
            await _reencrypt_one(keys, channel_id, ciphertext, report, dry_run)
        last_id = page[-1][0]


async def _reencrypt_one(keys: KeyRing, channel_id: int, ciphertext: str | None,
                         report: ReencryptReport, dry_run: bool) -> None:
    for _ in range(ATTEMPTS):
        if not ciphertext:
            report.without_secrets += 1
            return
        if uses_newest_key(keys, ciphertext):
            report.current += 1
            return
        try:
            rewritten = reencrypt(keys, ciphertext)
        except SecretDecryptionError:
            report.unreadable.append(channel_id)
            return
        if dry_run:
            report.reencrypted += 1
            return
        # compare-and-set: an admin's concurrent change of the secrets wins
        changed = await Channel.filter(id=channel_id, secret_ciphertext=ciphertext).update(
            secret_ciphertext=rewritten)
        if changed:
            report.reencrypted += 1
            await audit(ACTOR, "channel.secrets_reencrypt", "channel", channel_id)
            return
        row = await Channel.filter(id=channel_id).values_list("secret_ciphertext", flat=True)
        if not row:  # deleted meanwhile
            report.channels -= 1
            return
        ciphertext = row[0]
    report.contended.append(channel_id)
