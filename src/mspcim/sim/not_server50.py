"""A simulated MultiSpeak v5 NOT_Server: the v5 requester receiving its notifications.

It answers every v5 notification (``MeterReadingsNotification``, ``CDStatesChangedNotification``,
``EndDeviceEventsNotification`` …) with its empty ``…Response`` under a
``MultiSpeakResponseMsgHeader`` whose ``Result`` is OK, or carries one errorObject when told to
fail; and ``PingURL`` and ``GetMethods``. SOAP 1.1 and 1.2 are both spoken. Every call is
recorded in ``app.state.calls`` (with the release it was written in: 5.0.4 when its SOAPAction
or a meterID's ``objectGUID`` says so), optionally appended as a JSON line to a file, and
``await app.state.wait_for(n, timeout)`` lets a test wait for the n-th notification.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mspcim import ns, xmlsafe
from mspcim.exceptions import InputError, UnknownOperationError
from mspcim.gateway.endpoints.multispeak50 import release_of
from mspcim.gateway.v50_headers import error_object, response_header, result_of
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.multispeak.v50.result import ErrorObject
from mspcim.sim.recorder import Recorder
from mspcim.soap import SoapFault, SoapVersion, build_envelope, build_fault, read_envelope
from mspcim.xsdtypes import format_datetime, utc_now

__all__ = ["ENDPOINT", "NotServer50Settings", "ReceivedCall50", "create_not50_app"]

ENDPOINT = "NOT_Server"
NAMESPACE = ns.MSP50_WSDL.format(endpoint=ENDPOINT)
APP_NAME = "mspcim-sim-not50"
LOCAL = ("PingURL", "GetMethods")


@dataclass(slots=True)
class NotServer50Settings:
    """How the simulated v5 NOT_Server records and answers notifications."""

    record_path: Path | None = None
    """Append one JSON line per notification to this file (created when missing)."""
    echo: bool = False
    """Print a one-line summary of each notification to stdout."""
    fail_with: str | None = None
    """Answer every notification with one errorObject carrying this text."""
    clock: Callable[[], datetime] = utc_now
    """Current time: when a call was received, and the answer header's TimeStamp."""


@dataclass(slots=True)
class ReceivedCall50:
    """One v5 call the server received."""

    operation: str
    received_at: datetime
    body: etree._Element
    header: etree._Element | None
    raw: bytes
    soap_version: SoapVersion
    action: str | None
    release: Release

    @property
    def transaction_id(self) -> str | None:
        """The body's ``transactionID``."""
        return self.body.findtext(ns.qname(NAMESPACE, "transactionID"))

    @property
    def meter_ids(self) -> list[str]:
        """Every meter GUID named in the body (meterID text, or its 5.0.4 objectGUID), in order."""
        return [
            (meter.get("objectGUID") or meter.text or "").strip()
            for meter in self.body.iter("{*}meterID")
        ]

    def as_json(self) -> dict[str, Any]:
        """The record as the JSON line written to ``record_path``."""
        return {
            "operation": self.operation,
            "transactionID": self.transaction_id,
            "receivedAt": format_datetime(self.received_at),
            "release": self.release.value,
            "meterIDs": self.meter_ids,
        }

    def summary(self) -> str:
        """One line for the console."""
        return (
            f"{self.operation} ({self.release.value}) transactionID={self.transaction_id or '-'}: "
            f"meters {', '.join(self.meter_ids) or '-'}"
        )


class CallLog(Recorder[ReceivedCall50]):
    """The notifications received, and waiters for "n received" (see ``Recorder``)."""


def _answer(
    version: SoapVersion,
    body: etree._Element,
    settings: NotServer50Settings,
    errors: list[ErrorObject],
) -> Response:
    header = response_header(
        app_name=APP_NAME,
        message_id=str(uuid.uuid4()),
        when=settings.clock(),
        result=result_of(errors, all_failed=bool(errors)),
    )
    envelope = build_envelope(version, [body], [header])
    return Response(xmlsafe.serialize(envelope), media_type=version.content_type())


def _fault(version: SoapVersion, reason: str) -> Response:
    envelope = build_fault(version, SoapFault(reason=reason, sender=True))
    status = 400 if version is SoapVersion.SOAP12 else 500
    return Response(xmlsafe.serialize(envelope), status, media_type=version.content_type())


def _action(request: HttpRequest) -> str | None:
    action = request.headers.get("soapaction")
    content_type = request.headers.get("content-type") or ""
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "action":
            action = value
    return action.strip().strip('"') or None if action else None


def create_not50_app(settings: NotServer50Settings | None = None) -> Starlette:
    """The v5 NOT_Server as an ASGI app: ``POST /`` and ``/NOT_Server``; ``GET /health``.

    ``app.state.calls`` lists every notification received (not PingURL and GetMethods);
    ``await app.state.wait_for(n, timeout)`` returns the first ``n`` once they have arrived.
    """
    settings = settings or NotServer50Settings()
    log = CallLog()

    async def server(request: HttpRequest) -> Response:
        raw = await request.body()
        version = SoapVersion.from_content_type(request.headers.get("content-type"))
        try:
            envelope = read_envelope(xmlsafe.parse(raw))
            version = envelope.version
            body = envelope.first_body
            name = ns.local_name(body.tag)
            if ns.namespace_of(body.tag) != NAMESPACE:
                raise UnknownOperationError(
                    f"this server does not offer operation {body.tag!r}",
                    xpath=f"/Envelope/Body/{name}",
                )
            header = envelope.header(ns.qname(ns.MSP50_REQUEST, "MultiSpeakRequestMsgHeader"))
            if header is None:
                raise InputError(
                    "MultiSpeakRequestMsgHeader is required",
                    xpath="/Envelope/Header/MultiSpeakRequestMsgHeader",
                )
            response = etree.Element(ns.qname(NAMESPACE, f"{name}Response"))
            if name in LOCAL:
                return _answer(version, response, settings, [])
            action = _action(request)
            call = ReceivedCall50(
                operation=name,
                received_at=settings.clock(),
                body=body,
                header=header,
                raw=raw,
                soap_version=version,
                action=action,
                release=release_of(action, body, ENDPOINT),
            )
            log.append(call)
            if settings.record_path is not None:
                with settings.record_path.open("a", encoding="utf-8") as stream:
                    stream.write(json.dumps(call.as_json(), ensure_ascii=False) + "\n")
            if settings.echo:
                print(call.summary(), flush=True)
            errors = []
            if settings.fail_with is not None:
                errors.append(error_object(settings.fail_with, settings.clock(), noun_type=name))
            return _answer(version, response, settings, errors)
        except InputError as error:
            return _fault(version or SoapVersion.SOAP11, error.reason)

    async def health(request: HttpRequest) -> Response:
        return JSONResponse({"status": "ok", "received": len(log.items)})

    routes = [Route(path, server, methods=["POST"]) for path in ("/", f"/{ENDPOINT}")]
    app = Starlette(routes=[*routes, Route("/health", health, methods=["GET"])])
    app.state.settings = settings
    app.state.calls = log.items
    app.state.wait_for = log.wait_for
    return app
