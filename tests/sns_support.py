"""Signed SNS messages and SES event bodies, built the way AWS builds them, for tests.

* `SigningIdentity`: an RSA key and a self-signed certificate (real crypto; what AWS's
  `SimpleNotificationService-….pem` is to real messages).
* `SnsHost`: a loopback uvicorn server standing in for `https://sns.<region>.amazonaws.com`
  (the app reaches it through SNS_CERTIFICATE_FETCH_BASE_URL): it serves certificates by
  path and answers ConfirmSubscription, recording every request.
* `SnsSigner`: Notification / SubscriptionConfirmation documents signed with
  SignatureVersion 1 (SHA1withRSA) or 2 (SHA256withRSA). The canonical string is built
  here independently of `domain.engagement.sns`, so the tests check that module against
  AWS's documented format rather than against itself.
* `ses_*`: SES event-publishing bodies as SES sends them (`eventType`, `mail` with the
  EmailTags as lists of strings), and an identity-notification variant.
* `webhook_headers`: Standard Webhooks headers for POST /events/inbound.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.receivers import LoopbackServer

REGION = "us-east-1"
ACCOUNT = "123456789012"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:ses-events"
CERT_PATH = "/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem"
CERT_URL = f"https://sns.{REGION}.amazonaws.com{CERT_PATH}"
SENDER = "news@publishing.example.com"


@dataclass(frozen=True)
class SigningIdentity:
    key: rsa.RSAPrivateKey
    certificate_pem: bytes


@functools.cache
def signing_identity(name: str = "sns.amazonaws.com") -> SigningIdentity:
    """An RSA-2048 key and a self-signed certificate valid around now (cached per name:
    key generation is the slow part)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30))
                   .sign(key, hashes.SHA256()))
    return SigningIdentity(key, certificate.public_bytes(serialization.Encoding.PEM))


def _timestamp(moment: dt.datetime | None = None) -> str:
    moment = (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


_SIGNED = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp",
                                 "Token", "TopicArn", "Type"),
}


def canonical(document: dict[str, Any]) -> bytes:
    """AWS's "string to sign" (docs: Verifying the signatures of Amazon SNS messages)."""
    lines = []
    for name in _SIGNED[document["Type"]]:
        if name in document and document[name] is not None:
            lines += [name, document[name]]
    return ("\n".join(lines) + "\n").encode()


@dataclass
class SnsSigner:
    identity: SigningIdentity = field(default_factory=signing_identity)
    topic_arn: str = TOPIC_ARN
    cert_url: str = CERT_URL

    def sign(self, document: dict[str, Any], version: str = "1") -> dict[str, Any]:
        algorithm = hashes.SHA1() if version == "1" else hashes.SHA256()
        signature = self.identity.key.sign(canonical(document), padding.PKCS1v15(),
                                           algorithm)
        return {**document, "SignatureVersion": version,
                "Signature": base64.b64encode(signature).decode(),
                "SigningCertURL": self.cert_url}

    def notification(self, message: dict[str, Any] | str, *, version: str = "1",
                     subject: str | None = None, message_id: str | None = None,
                     timestamp: dt.datetime | None = None,
                     topic_arn: str | None = None) -> dict[str, Any]:
        topic = topic_arn or self.topic_arn
        document: dict[str, Any] = {
            "Type": "Notification", "MessageId": message_id or str(uuid.uuid4()),
            "TopicArn": topic,
            "Message": message if isinstance(message, str) else json.dumps(message),
            "Timestamp": _timestamp(timestamp),
        }
        if subject is not None:
            document["Subject"] = subject
        signed = self.sign(document, version)
        signed["UnsubscribeURL"] = (f"https://sns.{REGION}.amazonaws.com/?Action=Unsubscribe"
                                    f"&SubscriptionArn={topic}:{uuid.uuid4()}")
        return signed

    def subscription_confirmation(self, *, version: str = "1",
                                  subscribe_url: str | None = None) -> dict[str, Any]:
        token = hashlib.sha256(uuid.uuid4().bytes).hexdigest() * 2
        query = urlencode({"Action": "ConfirmSubscription", "TopicArn": self.topic_arn,
                           "Token": token})
        document = {
            "Type": "SubscriptionConfirmation", "MessageId": str(uuid.uuid4()),
            "Token": token, "TopicArn": self.topic_arn,
            "Message": (f"You have chosen to subscribe to the topic {self.topic_arn}.\n"
                        "To confirm the subscription, visit the SubscribeURL included in "
                        "this message."),
            "SubscribeURL": subscribe_url or f"https://sns.{REGION}.amazonaws.com/?{query}",
            "Timestamp": _timestamp(),
        }
        return self.sign(document, version)


def sns_headers(document: dict[str, Any]) -> dict[str, str]:
    """The headers SNS sends with an HTTP(S) delivery."""
    return {"content-type": "text/plain; charset=UTF-8",
            "x-amz-sns-message-type": document["Type"],
            "x-amz-sns-message-id": document["MessageId"],
            "x-amz-sns-topic-arn": document["TopicArn"],
            "user-agent": "Amazon Simple Notification Service Agent"}


@dataclass
class HostRequest:
    path: str
    query: str


class SnsHost(LoopbackServer):
    """Loopback stand-in for sns.<region>.amazonaws.com (certificates, confirmations)."""

    def __init__(self) -> None:
        self.certificates: dict[str, bytes] = {}
        self.requests: list[HostRequest] = []
        super().__init__(Starlette(routes=[Route("/{path:path}", self._handle, methods=["GET"])]))

    async def _handle(self, request: Request) -> Response:
        self.requests.append(HostRequest(request.url.path, request.url.query))
        pem = self.certificates.get(request.url.path)
        if pem is not None:
            return Response(pem, media_type="application/x-x509-ca-cert")
        if request.url.path == "/" and request.query_params.get(
                "Action") == "ConfirmSubscription":
            return PlainTextResponse(
                "<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>"
                f"{request.query_params.get('TopicArn')}:{uuid.uuid4()}</SubscriptionArn>"
                "</ConfirmSubscriptionResult></ConfirmSubscriptionResponse>",
                media_type="text/xml")
        return PlainTextResponse("not found", status_code=404)

    def fetched(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)


# ---------------------------------------------------------------------------- SES bodies


def ses_mail(message_id: str, recipients: list[str], tags: dict[str, object] | None = None,
             *, sent_at: dt.datetime | None = None) -> dict[str, Any]:
    """The `mail` object of an SES event: EmailTags come back as lists of strings, next
    to the tags SES adds itself."""
    all_tags = {"ses:configuration-set": ["publishing"], "ses:source-ip": ["192.0.2.10"],
                "ses:from-domain": ["publishing.example.com"],
                "ses:caller-identity": ["publishing-sender"],
                "ses:outgoing-ip": ["54.240.8.12"]}
    all_tags.update({name: [str(value)] for name, value in (tags or {}).items()})
    return {
        "timestamp": _timestamp(sent_at), "source": f"Publishing <{SENDER}>",
        "sourceArn": f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/publishing.example.com",
        "sendingAccountId": ACCOUNT, "messageId": message_id, "destination": recipients,
        "headersTruncated": False,
        "headers": [{"name": "From", "value": f"Publishing <{SENDER}>"},
                    {"name": "To", "value": ", ".join(recipients)},
                    {"name": "Subject", "value": "This week"},
                    {"name": "MIME-Version", "value": "1.0"},
                    {"name": "Content-Type", "value": "multipart/alternative; boundary=x"}],
        "commonHeaders": {"from": [f"Publishing <{SENDER}>"], "to": recipients,
                          "messageId": message_id, "subject": "This week"},
        "tags": all_tags,
    }


def delivery_tags(delivery: Any) -> dict[str, object]:
    """The EmailTags the SES transport sets on a delivery's message."""
    return {"delivery_id": delivery.id, "publication_id": delivery.publication_id,
            "channel_id": delivery.channel_id, "delivery_key": delivery.idempotency_key}


def ses_bounce(message_id: str, recipients: list[str], tags: dict[str, object] | None = None,
               *, bounce_type: str = "Permanent", sub_type: str = "General",
               identity_notification: bool = False) -> dict[str, Any]:
    permanent = bounce_type == "Permanent"
    bounce = {
        "feedbackId": f"0100018c{uuid.uuid4().hex[:8]}-{uuid.uuid4()}-000000",
        "bounceType": bounce_type, "bounceSubType": sub_type,
        "bouncedRecipients": [{
            "emailAddress": address, "action": "failed" if permanent else "delayed",
            "status": "5.1.1" if permanent else "4.2.2",
            "diagnosticCode": ("smtp; 550 5.1.1 user unknown" if permanent
                               else "smtp; 452 4.2.2 mailbox full")} for address in recipients],
        "timestamp": _timestamp(), "remoteMtaIp": "203.0.113.25",
        "reportingMTA": "dsn; a8-30.smtp-out.amazonses.com",
    }
    return _event("Bounce", "bounce", bounce, message_id, recipients, tags,
                  identity_notification)


def ses_complaint(message_id: str, recipients: list[str],
                  tags: dict[str, object] | None = None) -> dict[str, Any]:
    complaint = {
        "complainedRecipients": [{"emailAddress": address} for address in recipients],
        "timestamp": _timestamp(), "feedbackId": f"0100018c{uuid.uuid4().hex}-000000",
        "userAgent": "Yahoo!-Mail-Feedback/2.0", "complaintFeedbackType": "abuse",
        "arrivalDate": _timestamp(),
    }
    return _event("Complaint", "complaint", complaint, message_id, recipients, tags, False)


def ses_delivery(message_id: str, recipients: list[str],
                 tags: dict[str, object] | None = None) -> dict[str, Any]:
    delivery = {"timestamp": _timestamp(), "processingTimeMillis": 1127,
                "recipients": recipients, "smtpResponse": "250 2.6.0 Message received",
                "reportingMTA": "a8-70.smtp-out.amazonses.com", "remoteMtaIp": "203.0.113.25"}
    return _event("Delivery", "delivery", delivery, message_id, recipients, tags, False)


def ses_delivery_delay(message_id: str, recipients: list[str],
                       tags: dict[str, object] | None = None) -> dict[str, Any]:
    delay = {"timestamp": _timestamp(), "delayType": "TransientCommunicationFailure",
             "expirationTime": _timestamp(dt.datetime.now(dt.UTC) + dt.timedelta(hours=12)),
             "delayedRecipients": [{"emailAddress": address, "status": "4.4.1",
                                    "diagnosticCode": "smtp; 421 4.4.1 Unable to connect"}
                                   for address in recipients]}
    return _event("DeliveryDelay", "deliveryDelay", delay, message_id, recipients, tags,
                  False)


def _event(kind: str, section: str, body: dict[str, Any], message_id: str,
           recipients: list[str], tags: dict[str, object] | None,
           identity_notification: bool) -> dict[str, Any]:
    """Event publishing (`eventType`) or, for identities, `notificationType` (whose `mail`
    carries no tags)."""
    mail = ses_mail(message_id, recipients, tags)
    if identity_notification:
        mail.pop("tags")
        return {"notificationType": kind, section: body, "mail": mail}
    return {"eventType": kind, section: body, "mail": mail}


# ---------------------------------------------------------------------------- webhooks


def webhook_headers(secret: str, body: bytes, *, webhook_id: str | None = None,
                    timestamp: int | None = None) -> dict[str, str]:
    """Standard Webhooks headers, signed independently of domain.engagement.inbound."""
    webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body,
                      hashlib.sha256).digest()
    return {"webhook-id": webhook_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": "v1," + base64.b64encode(digest).decode(),
            "content-type": "application/json"}
