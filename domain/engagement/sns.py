"""Verify Amazon SNS HTTP(S) messages before anything in them is trusted.

SNS signs every message it POSTs to a subscribed endpoint; nothing else proves that a
request claiming to be an SES bounce came from AWS, and a forged one could suppress any
address or mark any subscriber bounced. The checks, cheapest first so that a forged
request never makes us fetch anything:

1. the body is a JSON object with the fields its `Type` needs (else `MalformedMessage`);
2. `SignatureVersion` is "1" (SHA1withRSA) or "2" (SHA256withRSA);
3. `TopicArn` is in the operator's allow-list (an empty list refuses everything);
4. `Timestamp` is recent: a captured message cannot be replayed days later;
5. `SigningCertURL` is https on `sns.<region>.amazonaws.com` (or `.com.cn`), the region of
   the topic, with a `.pem` path: the only place AWS publishes its signing certificates.
   Anyone can sign with a certificate of their own, so this check is what makes the
   signature mean "AWS";
6. the RSA PKCS#1 v1.5 signature over the canonical string AWS documents verifies with
   that certificate's key. Certificates are fetched over https (timeout, size cap) and
   kept in memory by URL: SNS rotates them rarely, and a busy bounce stream must not
   cost one fetch per message.

Every refusal is its own exception class with a short `code` (logged and answered), so
an operator can tell a misconfigured topic from an attack. `SubscriptionConfirmation`
messages are confirmed by GETting their `SubscribeURL`, which must also be an SNS URL
of the topic's region: an attacker must not be able to make us request arbitrary URLs.

`fetch_base_url` exists for tests only: the URL checks above still apply to the URL in
the message, but the request goes to `fetch_base_url` + its path and query (a loopback
server holding a test certificate).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import json
import logging
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

logger = logging.getLogger(__name__)

NOTIFICATION = "Notification"
SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation"
UNSUBSCRIBE_CONFIRMATION = "UnsubscribeConfirmation"

#: the fields signed, in the order AWS documents, per message type
_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_CONFIRMATION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token",
                        "TopicArn", "Type")
SIGNED_FIELDS: Mapping[str, tuple[str, ...]] = {
    NOTIFICATION: _NOTIFICATION_FIELDS,
    SUBSCRIPTION_CONFIRMATION: _CONFIRMATION_FIELDS,
    UNSUBSCRIBE_CONFIRMATION: _CONFIRMATION_FIELDS,
}
#: fields that may be absent from a message of that type (and are then not signed)
_OPTIONAL_FIELDS = frozenset({"Subject"})

_HASHES: Mapping[str, Callable[[], hashes.HashAlgorithm]] = {
    "1": hashes.SHA1, "2": hashes.SHA256}
_SNS_HOST = re.compile(r"^sns\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$")
_TOPIC_ARN = re.compile(r"^arn:aws(?:-[a-z]+)*:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_.-]{1,256}$")

DEFAULT_MAX_AGE = dt.timedelta(hours=1)
#: how far a Timestamp may be ahead of our clock (clock skew), not a replay window
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
FETCH_TIMEOUT_SECONDS = 5.0
MAX_CERTIFICATE_BYTES = 64 * 1024
MAX_CONFIRMATION_BYTES = 64 * 1024
MAX_CACHED_CERTIFICATES = 32


class SnsRejected(Exception):
    """The message is not trusted; nothing in it may be acted on."""

    code = "rejected"

    def __init__(self, detail: str) -> None:
        super().__init__(f"{self.code}: {detail}")
        self.detail = detail


class MalformedMessage(SnsRejected):
    """Not JSON, not an object, or a field its type needs is missing or not a string."""

    code = "malformed"


class UnsupportedMessageType(SnsRejected):
    code = "unsupported_type"


class UnsupportedSignatureVersion(SnsRejected):
    code = "unsupported_signature_version"


class TopicNotAllowed(SnsRejected):
    """The TopicArn is not in SNS_TOPIC_ARNS (or that list is empty)."""

    code = "topic_not_allowed"


class StaleMessage(SnsRejected):
    """Timestamp older than the replay window, or too far in the future."""

    code = "stale"


class UntrustedCertificateUrl(SnsRejected):
    """SigningCertURL is not an https `.pem` URL on SNS's host for the topic's region."""

    code = "untrusted_certificate_url"


class UntrustedSubscribeUrl(SnsRejected):
    code = "untrusted_subscribe_url"


class CertificateUnavailable(SnsRejected):
    """The certificate could not be fetched or is not a usable RSA certificate. Possibly
    transient (network), so the HTTP layer answers 5xx and SNS tries again."""

    code = "certificate_unavailable"


class InvalidMessageSignature(SnsRejected):
    code = "bad_signature"


class SubscriptionConfirmationFailed(Exception):
    """The SubscribeURL did not answer 200: SNS will send the confirmation again."""


@dataclass(frozen=True, slots=True)
class SnsMessage:
    """A parsed (and, once returned by `SnsVerifier.verify`, verified) SNS message."""

    type: str
    message_id: str
    topic_arn: str
    message: str
    timestamp: dt.datetime
    fields: Mapping[str, str] = field(repr=False)

    @property
    def region(self) -> str:
        return topic_region(self.topic_arn)

    @property
    def subject(self) -> str | None:
        return self.fields.get("Subject")

    @property
    def subscribe_url(self) -> str | None:
        return self.fields.get("SubscribeURL")


def topic_region(topic_arn: str) -> str:
    """`arn:aws:sns:<region>:<account>:<name>` → region."""
    match = _TOPIC_ARN.match(topic_arn)
    if match is None:
        raise MalformedMessage(f"TopicArn is not an SNS topic ARN: {topic_arn[:200]!r}")
    return match.group(1)


def _parse_timestamp(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise MalformedMessage(f"Timestamp is not ISO 8601: {value[:40]!r}") from None
    if moment.tzinfo is None:
        raise MalformedMessage("Timestamp has no time zone")
    return moment.astimezone(dt.UTC)


def _string_fields(document: Mapping[str, Any], names: Collection[str]) -> dict[str, str]:
    """The named fields, each required to be a string (Subject may be absent or null)."""
    found: dict[str, str] = {}
    for name in names:
        value = document.get(name)
        if value is None and name in _OPTIONAL_FIELDS:
            continue
        if not isinstance(value, str):
            raise MalformedMessage(f"{name} is missing or not a string")
        found[name] = value
    return found


def parse_message(body: bytes | str) -> SnsMessage:
    """Parse and shape-check an SNS POST body; verifies nothing about its origin."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise MalformedMessage("body is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedMessage("body is not a JSON object")
    kind = document.get("Type")
    if kind not in SIGNED_FIELDS:
        raise UnsupportedMessageType(f"Type {str(kind)[:40]!r} is not one SNS sends")
    names = (*SIGNED_FIELDS[kind], "SignatureVersion", "Signature", "SigningCertURL")
    fields_ = _string_fields(document, names)
    topic_region(fields_["TopicArn"])  # shape check now, before anything else looks at it
    return SnsMessage(kind, fields_["MessageId"], fields_["TopicArn"], fields_["Message"],
                      _parse_timestamp(fields_["Timestamp"]), fields_)


def string_to_sign(message: SnsMessage) -> bytes:
    """AWS's canonical form: "Key\\nValue\\n" for each signed field present, in order."""
    parts: list[str] = []
    for name in SIGNED_FIELDS[message.type]:
        value = message.fields.get(name)
        if value is not None:
            parts.append(f"{name}\n{value}\n")
    return "".join(parts).encode("utf-8")


def _sns_url_region(url: str, error: type[SnsRejected]) -> tuple[str, str]:
    """(region, path) of an https URL on SNS's own host; raises `error` otherwise. The
    netloc must be exactly the host: no credentials, no port, nothing a lenient parser
    elsewhere could read differently (`sns.us-east-1.amazonaws.com.evil.com` fails the
    anchored pattern)."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname or ""
    except ValueError:
        raise error(f"not a URL: {url[:200]!r}") from None
    if parts.scheme != "https":
        raise error(f"scheme must be https: {url[:200]!r}")
    match = _SNS_HOST.match(hostname)
    if match is None or parts.netloc.lower() != hostname:
        raise error(f"host is not sns.<region>.amazonaws.com: {url[:200]!r}")
    return match.group(1), parts.path


def check_certificate_url(url: str, topic_arn: str) -> None:
    region, path = _sns_url_region(url, UntrustedCertificateUrl)
    if not path.endswith(".pem") or urlsplit(url).query or urlsplit(url).fragment:
        raise UntrustedCertificateUrl(f"not a .pem path: {url[:200]!r}")
    if region != topic_region(topic_arn):
        raise UntrustedCertificateUrl(
            f"certificate region {region!r} differs from the topic's {topic_region(topic_arn)!r}")


def check_subscribe_url(url: str, topic_arn: str) -> None:
    """The confirmation URL must be SNS's own ConfirmSubscription call for this topic."""
    region, _ = _sns_url_region(url, UntrustedSubscribeUrl)
    if region != topic_region(topic_arn):
        raise UntrustedSubscribeUrl(f"SubscribeURL region {region!r} differs from the topic's")
    query = parse_qs(urlsplit(url).query)
    if query.get("Action") != ["ConfirmSubscription"]:
        raise UntrustedSubscribeUrl("SubscribeURL is not a ConfirmSubscription call")
    if query.get("TopicArn", [topic_arn]) != [topic_arn]:
        raise UntrustedSubscribeUrl("SubscribeURL names another topic")


def _load_public_key(pem: bytes, now: dt.datetime) -> rsa.RSAPublicKey:
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError:
        raise CertificateUnavailable("not a PEM certificate") from None
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise CertificateUnavailable("certificate is expired or not yet valid")
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise CertificateUnavailable("certificate key is not RSA")
    return key


async def _get_capped(url: str, cap: int) -> tuple[int, bytes]:
    """GET `url` with no redirects, reading at most `cap` bytes. A client per call: these
    requests are rare (certificates are cached, confirmations happen once per topic), so
    there is no pool worth keeping open across the app's life."""
    async with (httpx.AsyncClient(timeout=FETCH_TIMEOUT_SECONDS,
                                  follow_redirects=False) as http,
                http.stream("GET", url) as response):
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > cap:
                raise ValueError(f"answer larger than {cap} bytes")
        return response.status_code, bytes(body)


class SnsVerifier:
    """One per process: holds the allow-list and the certificate cache."""

    def __init__(self, allowed_topic_arns: Collection[str], *,
                 fetch_base_url: str | None = None,
                 max_age: dt.timedelta = DEFAULT_MAX_AGE,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.allowed_topic_arns = frozenset(allowed_topic_arns)
        self.fetch_base_url = fetch_base_url.rstrip("/") if fetch_base_url else None
        self.max_age = max_age
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.certificate_fetches = 0
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._fetch_lock = asyncio.Lock()

    async def verify(self, body: bytes | str) -> SnsMessage:
        """The message, once every check passed; raises an `SnsRejected` otherwise."""
        message = parse_message(body)
        version = message.fields["SignatureVersion"]
        if version not in _HASHES:
            raise UnsupportedSignatureVersion(f"SignatureVersion {version[:10]!r}")
        self._check_topic(message.topic_arn)
        self._check_fresh(message.timestamp)
        certificate_url = message.fields["SigningCertURL"]
        check_certificate_url(certificate_url, message.topic_arn)
        signature = self._signature(message)
        key = await self._public_key(certificate_url)
        try:
            key.verify(signature, string_to_sign(message), padding.PKCS1v15(),
                       _HASHES[version]())
        except InvalidSignature:
            raise InvalidMessageSignature(
                f"signature does not verify (message {message.message_id[:64]})") from None
        return message

    def _check_topic(self, topic_arn: str) -> None:
        if not self.allowed_topic_arns:
            logger.warning("SNS message for %s refused: SNS_TOPIC_ARNS is empty, so every "
                           "topic is refused; list the SES event topics there", topic_arn)
            raise TopicNotAllowed("no SNS topic is allowed (SNS_TOPIC_ARNS is empty)")
        if topic_arn not in self.allowed_topic_arns:
            raise TopicNotAllowed(f"topic {topic_arn[:200]} is not in SNS_TOPIC_ARNS")

    def _check_fresh(self, timestamp: dt.datetime) -> None:
        now = self.clock()
        if timestamp < now - self.max_age:
            raise StaleMessage(f"Timestamp {timestamp.isoformat()} is older than "
                               f"{self.max_age}")
        if timestamp > now + MAX_CLOCK_SKEW:
            raise StaleMessage(f"Timestamp {timestamp.isoformat()} is in the future")

    @staticmethod
    def _signature(message: SnsMessage) -> bytes:
        try:
            return base64.b64decode(message.fields["Signature"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidMessageSignature("Signature is not base64") from None

    def _fetch_url(self, url: str) -> str:
        if self.fetch_base_url is None:
            return url
        parts = urlsplit(url)
        return self.fetch_base_url + parts.path + (f"?{parts.query}" if parts.query else "")

    async def _public_key(self, url: str) -> rsa.RSAPublicKey:
        key = self._keys.get(url)
        if key is not None:
            return key
        async with self._fetch_lock:  # concurrent first messages fetch once
            key = self._keys.get(url)
            if key is None:
                key = await self._fetch_public_key(url)
                if len(self._keys) >= MAX_CACHED_CERTIFICATES:
                    self._keys.clear()
                self._keys[url] = key
        return key

    async def _fetch_public_key(self, url: str) -> rsa.RSAPublicKey:
        self.certificate_fetches += 1
        try:
            status, pem = await _get_capped(self._fetch_url(url), MAX_CERTIFICATE_BYTES)
        except (httpx.HTTPError, ValueError) as error:
            raise CertificateUnavailable(f"fetching {url[:200]}: {error}") from None
        if status != 200:
            raise CertificateUnavailable(f"fetching {url[:200]} answered {status}")
        return _load_public_key(pem, self.clock())

    async def confirm_subscription(self, message: SnsMessage) -> None:
        """GET the SubscribeURL of a verified SubscriptionConfirmation."""
        url = message.subscribe_url
        if message.type != SUBSCRIPTION_CONFIRMATION or url is None:
            raise UnsupportedMessageType("not a SubscriptionConfirmation")
        check_subscribe_url(url, message.topic_arn)
        try:
            status, _ = await _get_capped(self._fetch_url(url), MAX_CONFIRMATION_BYTES)
        except (httpx.HTTPError, ValueError) as error:
            raise SubscriptionConfirmationFailed(f"{type(error).__name__}: {error}") from None
        if status != 200:
            raise SubscriptionConfirmationFailed(f"SubscribeURL answered {status}")
        logger.info("confirmed the SNS subscription to %s", message.topic_arn)
