"""Provider callbacks: `POST /events/ses` (SES events through SNS) and
`POST /events/inbound` (Standard Webhooks-signed engagement events).

Adapters only: read the body (at most `MAX_BODY_BYTES`), verify, call the domain, answer.
Status codes are chosen for the sender's retry logic:

* 200: handled, including a replay (nothing recorded twice) and events we acknowledge
  but ignore (another SES event type, an unknown delivery): retrying cannot change them.
* 400: malformed body; 401 (inbound) / 403 (SNS): not authenticated; 413: too large.
  SNS does not retry 4xx, which is right: a forged or misrouted message never becomes
  valid.
* 502 / 503: a subscription confirmation or a certificate fetch failed, possibly
  transiently; SNS retries 5xx. A database error surfaces as 500, retried too.

Nothing is recorded before verification succeeds. The SNS verifier (allow-list and
certificate cache) is built on first use and kept on `app.state`, so this module needs
nothing from the application's lifespan.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.bodies import read_capped_body
from app.settings import Settings
from domain.engagement.inbound import (
    InvalidInboundEvent,
    WebhookRejected,
    handle_inbound_event,
    parse_inbound_event,
    verify_webhook,
)
from domain.engagement.provider_events import handle_ses_message
from domain.engagement.sns import (
    NOTIFICATION,
    SUBSCRIPTION_CONFIRMATION,
    CertificateUnavailable,
    MalformedMessage,
    SnsRejected,
    SnsVerifier,
    SubscriptionConfirmationFailed,
)

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024


def _answer(status_code: int, /, **content: object) -> JSONResponse:
    return JSONResponse(content, status_code=status_code,
                        headers={"cache-control": "no-store"})


def _too_large() -> JSONResponse:
    return _answer(413, error="body_too_large")


def sns_verifier(request: Request) -> SnsVerifier:
    """One verifier per application, created on the first SNS request."""
    verifier = getattr(request.app.state, "sns_verifier", None)
    if verifier is None:
        settings: Settings = request.app.state.settings
        verifier = SnsVerifier(settings.sns_topic_arns,
                               fetch_base_url=settings.sns_certificate_fetch_base_url)
        request.app.state.sns_verifier = verifier
    return verifier


def _refused(error: SnsRejected) -> JSONResponse:
    if isinstance(error, MalformedMessage):
        status = 400
    elif isinstance(error, CertificateUnavailable):
        status = 503
    else:
        status = 403
    logger.warning("SNS message refused (%s): %s", error.code, error.detail)
    return _answer(status, error=error.code)


async def ses_events(request: Request) -> JSONResponse:
    body = await read_capped_body(request, MAX_BODY_BYTES)
    if body is None:
        return _too_large()
    verifier = sns_verifier(request)
    try:
        message = await verifier.verify(body)
    except SnsRejected as error:
        return _refused(error)
    header_type = request.headers.get("x-amz-sns-message-type")
    if header_type is not None and header_type != message.type:
        return _answer(400, error="type_mismatch")
    if message.type == SUBSCRIPTION_CONFIRMATION:
        try:
            await verifier.confirm_subscription(message)
        except SnsRejected as error:
            return _refused(error)
        except SubscriptionConfirmationFailed as error:
            logger.warning("SNS subscription to %s not confirmed: %s", message.topic_arn,
                           error)
            return _answer(502, error="confirmation_failed")
        return _answer(200, status="subscribed")
    if message.type != NOTIFICATION:
        logger.info("SNS %s for %s acknowledged", message.type, message.topic_arn)
        return _answer(200, status="acknowledged")
    settings: Settings = request.app.state.settings
    outcome = await handle_ses_message(message.message_id, message.message,
                                       soft_bounce_threshold=settings.soft_bounce_threshold)
    return _answer(200, status="ok", **outcome.as_dict())


async def inbound_events(request: Request) -> JSONResponse:
    body = await read_capped_body(request, MAX_BODY_BYTES)
    if body is None:
        return _too_large()
    settings: Settings = request.app.state.settings
    secret = settings.inbound_webhook_secret
    try:
        webhook_id = verify_webhook([secret] if secret else [], request.headers, body)
    except WebhookRejected as error:
        logger.warning("inbound webhook refused (%s): %s", error.code, error)
        return _answer(401, error=error.code)
    try:
        event = parse_inbound_event(body)
    except InvalidInboundEvent as error:
        return _answer(400, error="invalid_event", detail=str(error))
    outcome = await handle_inbound_event(webhook_id, event)
    return _answer(200, status="ok", **outcome.as_dict())


PROVIDER_EVENT_ROUTES = [
    Route("/events/ses", ses_events, methods=["POST"]),
    Route("/events/inbound", inbound_events, methods=["POST"]),
]
