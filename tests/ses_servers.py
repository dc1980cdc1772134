"""Loopback stand-ins for Amazon SES (API v2) in email tests.

* `SesStandIn`: a small uvicorn/Starlette server that answers `POST
  /v2/email/outbound-emails` the way SES v2's REST-JSON protocol does: 200 with
  `{"MessageId": …}`, or an error as HTTP status + `x-amzn-ErrorType` header + JSON
  `{"message": …}` (what botocore parses into ClientError). Tests script the answers and
  read back each request's JSON (tags, configuration set, raw MIME) and its SigV4
  credential scope.
* `MotoSes`: moto's SES in server mode (in this process, on its own thread), for the
  end-to-end path with real identity verification; sent raw messages are read back
  from moto's in-process backend.
"""

from __future__ import annotations

import asyncio
import base64
import email
import itertools
import json
from collections import deque
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import boto3
import httpx
from moto.core import DEFAULT_ACCOUNT_ID
from moto.server import ThreadedMotoServer
from moto.ses.models import ses_backends
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.receivers import LoopbackServer
from tests.servers import free_port

REGION = "us-east-1"
SEND_PATH = "/v2/email/outbound-emails"


@dataclass(frozen=True)
class SesError:
    """One scripted error answer: HTTP status, SES error code, message."""

    status: int
    code: str
    message: str = ""


OK = None  # a script entry meaning "accept this message"


@dataclass
class SesRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.body["Content"]["Raw"]["Data"])

    @property
    def mime(self) -> EmailMessage:
        return parse(self.raw)

    @property
    def tags(self) -> dict[str, str]:
        return {tag["Name"]: tag["Value"] for tag in self.body.get("EmailTags", [])}

    @property
    def access_key_id(self) -> str:
        """From the SigV4 Authorization header: `Credential=<key id>/<date>/…`."""
        authorization = self.headers.get("authorization", "")
        return authorization.split("Credential=", 1)[1].split("/", 1)[0]


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)
    return message


class SesStandIn(LoopbackServer):
    def __init__(self) -> None:
        self.requests: list[SesRequest] = []
        self.script: deque[SesError | None] = deque()
        self.default: SesError | None = OK
        self.hang = False
        self._ids = itertools.count(1)
        super().__init__(Starlette(routes=[Route("/{path:path}", self._handle, methods=["POST"])]))

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        self.requests.append(SesRequest(request.url.path, dict(request.headers),
                                        json.loads(body) if body else {}))
        if self.hang:
            await asyncio.sleep(3600)
        if request.url.path != SEND_PATH:
            return self._error(SesError(404, "NotFoundException", "unknown operation"))
        answer = self.script.popleft() if self.script else self.default
        if answer is not None:
            return self._error(answer)
        return JSONResponse({"MessageId": f"standin-{next(self._ids):06d}"},
                            headers={"x-amzn-requestid": "standin"})

    @staticmethod
    def _error(answer: SesError) -> Response:
        return JSONResponse({"message": answer.message}, status_code=answer.status,
                            headers={"x-amzn-ErrorType": answer.code,
                                     "x-amzn-requestid": "standin"})


class MotoSes:
    """moto's SES v2 on 127.0.0.1:<free port>. moto keeps state per process, so the
    test reads what was sent straight from its backend."""

    def __init__(self) -> None:
        self.port = free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port,
                                         verbose=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MotoSes:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()

    def reset(self) -> None:
        httpx.post(f"{self.url}/moto-api/reset", timeout=10, trust_env=False)

    def verify(self, identity: str, key_id: str = "testing", secret: str = "testing") -> None:
        """Verify a sender address or domain, as an operator does in the SES console."""
        client = boto3.client("sesv2", endpoint_url=self.url, region_name=REGION,
                              aws_access_key_id=key_id, aws_secret_access_key=secret)
        client.create_email_identity(EmailIdentity=identity)
        client.close()

    def sent(self) -> list[Any]:
        """moto's RawMessage objects (id, source, destinations, raw_data)."""
        return list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)
