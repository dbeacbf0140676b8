"""A simulated MultiSpeak 4.1 CB (or MDM) server: the Annex B requester receiving its readings.

It answers ``ReadingChangedNotification`` (the readings of an on-demand read, delivered to the
``responseURL`` the requester gave) with an empty ArrayOfErrorObject, or with one errorObject
when told to fail; and ``PingURL`` and ``GetMethods``. SOAP 1.1 and 1.2 are both spoken, each
answered in its own version with a ``MultiSpeakMsgHeader``. Every notification is recorded in
``app.state.notifications``, optionally appended as a JSON line to a file and echoed to stdout,
and ``await app.state.wait_for(n, timeout)`` lets a test wait for the n-th notification.
Other operations (CDStateChangedNotification, MeterEventNotification …) are answered by handlers
registered with ``register_operation`` from their own modules (listed in ``OPERATION_MODULES``);
every call of any operation is recorded in ``app.state.calls``.
"""

from __future__ import annotations

import importlib
import json
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

import mspcim
from mspcim import ns, xmlsafe
from mspcim.exceptions import InputError, UnknownOperationError
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_array_of_error_object_response,
    build_get_methods_response,
    read_reading_changed_notification,
)
from mspcim.sim.recorder import Recorder
from mspcim.soap import SoapEnvelope, SoapFault, SoapVersion, build_envelope, build_fault
from mspcim.soap import read_envelope as read_soap_envelope
from mspcim.xsdtypes import format_datetime, utc_now

__all__ = [
    "APP_NAME",
    "OPERATION_HANDLERS",
    "OPERATION_MODULES",
    "CbSettings",
    "NotificationLog",
    "ReceivedCall",
    "ReceivedNotification",
    "create_cb_app",
    "notification_answer",
    "register_operation",
]

APP_NAME = "mspcim-sim-cb"
"""AppName of the MultiSpeakMsgHeader the simulated CB server answers with."""

OPERATIONS = ("PingURL", "GetMethods", "ReadingChangedNotification")
"""The operations served by this module itself."""


@dataclass(slots=True)
class ReceivedCall:
    """Any MultiSpeak call the server received (``parsed`` is what its handler read)."""

    operation: str
    received_at: datetime
    raw: bytes
    header: MultiSpeakMsgHeader | None
    soap_version: SoapVersion
    parsed: Any = None


OperationHandler = Callable[[ReceivedCall, SoapEnvelope, "CbSettings"], etree._Element]
"""Reads one call (setting ``call.parsed``) and returns the response body element."""

OPERATION_HANDLERS: dict[str, OperationHandler] = {}
"""Handlers of operations other than the three above, by operation name."""

OPERATION_MODULES: list[str] = [
    "mspcim.sim.cb_connect_disconnect",
    "mspcim.sim.cb_meter_events",
    "mspcim.sim.cb_notifications",
]
"""Modules that register operation handlers; imported when an app is created."""


def notification_answer(
    operation: str, settings: CbSettings, transaction_id: str | None, received_at: datetime
) -> etree._Element:
    """The answer to a notification: no errorObject, or one saying ``settings.fail_with``."""
    errors = []
    if settings.fail_with is not None:
        errors.append(
            ErrorObject(
                error_string=settings.fail_with,
                object_id=transaction_id,
                event_time=received_at,
            )
        )
    return build_array_of_error_object_response(operation, errors)


def register_operation(name: str) -> Callable[[OperationHandler], OperationHandler]:
    """Decorator: answer MultiSpeak operation ``name`` with the decorated function."""

    def register(handler: OperationHandler) -> OperationHandler:
        OPERATION_HANDLERS[name] = handler
        return handler

    return register


_HEADER_TAG = ns.qname(ns.MSP41, "MultiSpeakMsgHeader")


@dataclass(slots=True)
class CbSettings:
    """How the simulated CB server records and answers notifications."""

    record_path: Path | None = None
    """Append one JSON line per notification to this file (created when missing)."""
    echo: bool = False
    """Print a one-line summary of each notification to stdout."""
    fail_with: str | None = None
    """Answer every notification with one errorObject carrying this errorString."""
    clock: Callable[[], datetime] = utc_now
    """Current time: when a notification was received, and the reply header's TimeStamp."""


@dataclass(slots=True)
class ReceivedNotification:
    """One ``ReadingChangedNotification`` the server received."""

    transaction_id: str | None
    received_at: datetime
    notification: ReadingChangedNotification
    raw: bytes
    """The HTTP request body as received."""
    header: MultiSpeakMsgHeader | None = None
    soap_version: SoapVersion = SoapVersion.SOAP11

    @property
    def meter_ids(self) -> list[str]:
        """The meterIDs of the readings, in order."""
        return [
            reading.meter_id.value
            for reading in self.notification.changed_meter_reads
            if reading.meter_id is not None
        ]

    def as_json(self) -> dict[str, Any]:
        """The record as the JSON line written to ``record_path``."""
        reads = self.notification.changed_meter_reads
        readings = [
            {
                "meterID": reading.meter_id.value if reading.meter_id else None,
                "value": value.value,
                "units": value.units,
                "timeStamp": format_datetime(value.time_stamp) if value.time_stamp else None,
                "readingTypeCode": value.reading_type_code.value
                if value.reading_type_code
                else None,
            }
            for reading in reads
            for value in reading.reading_values
        ]
        return {
            "transactionID": self.transaction_id,
            "receivedAt": format_datetime(self.received_at),
            "meterIDs": self.meter_ids,
            "readings": readings,
            "errorStrings": [reading.error_string for reading in reads if reading.error_string],
        }

    def summary(self) -> str:
        """One line for the console: transaction, meters, readings, errors."""
        reads = self.notification.changed_meter_reads
        values = sum(len(reading.reading_values) for reading in reads)
        errors = sum(1 for reading in reads if reading.error_string)
        return (
            f"ReadingChangedNotification transactionID={self.transaction_id or '-'}: "
            f"{len(reads)} meters ({', '.join(self.meter_ids) or '-'}), "
            f"{values} readings, {errors} errors"
        )


class NotificationLog(Recorder[ReceivedNotification]):
    """The notifications received, and waiters for "n received" (see ``Recorder``)."""


def _reply_header(settings: CbSettings) -> etree._Element:
    return build_header(
        MultiSpeakMsgHeader(
            app_name=APP_NAME,
            app_version=mspcim.__version__,
            time_stamp=settings.clock(),
        ).stamped()
    )


def _answer(version: SoapVersion, body: etree._Element, settings: CbSettings) -> Response:
    envelope = build_envelope(version, [body], [_reply_header(settings)])
    return Response(xmlsafe.serialize(envelope), media_type=version.content_type())


def _fault(
    version: SoapVersion, reason: str, settings: CbSettings, *, sender: bool = True
) -> Response:
    envelope = build_fault(
        version, SoapFault(reason=reason, sender=sender), [_reply_header(settings)]
    )
    return Response(xmlsafe.serialize(envelope), 500, media_type=version.content_type())


def _append_line(path: Path, record: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def create_cb_app(settings: CbSettings | None = None) -> Starlette:
    """The CB server as an ASGI app: ``POST /``, ``/CB_Server``, ``/MDM_Server``; ``GET /health``.

    ``app.state.notifications`` lists what was received; ``await app.state.wait_for(n, timeout)``
    returns the first ``n`` notifications once they have arrived.
    """
    settings = settings or CbSettings()
    log = NotificationLog()
    calls: list[ReceivedCall] = []
    for module in OPERATION_MODULES:
        importlib.import_module(module)
    served = (*OPERATIONS, *OPERATION_HANDLERS)

    def receive(envelope: SoapEnvelope, raw: bytes) -> etree._Element:
        notification = read_reading_changed_notification(envelope.first_body)
        header_element = envelope.header(_HEADER_TAG)
        record = ReceivedNotification(
            transaction_id=notification.transaction_id,
            received_at=settings.clock(),
            notification=notification,
            raw=raw,
            header=read_header(header_element) if header_element is not None else None,
            soap_version=envelope.version,
        )
        log.append(record)
        if settings.record_path is not None:
            _append_line(settings.record_path, record.as_json())
        if settings.echo:
            print(record.summary(), flush=True)
        return notification_answer(
            "ReadingChangedNotification", settings, notification.transaction_id, record.received_at
        )

    async def server(request: HttpRequest) -> Response:
        raw = await request.body()
        version = SoapVersion.from_content_type(request.headers.get("content-type"))
        try:
            envelope = read_soap_envelope(xmlsafe.parse(raw))
            version = envelope.version
            operation = envelope.first_body
            name = ns.local_name(operation.tag)
            if ns.namespace_of(operation.tag) != ns.MSP41 or name not in served:
                raise UnknownOperationError(
                    f"this server does not offer operation {operation.tag!r}",
                    xpath=f"/Envelope/Body/{name}",
                )
            header_element = envelope.header(_HEADER_TAG)
            call = ReceivedCall(
                operation=name,
                received_at=settings.clock(),
                raw=raw,
                header=read_header(header_element) if header_element is not None else None,
                soap_version=envelope.version,
            )
            if name == "PingURL":
                response = build_array_of_error_object_response("PingURL", [])
            elif name == "GetMethods":
                response = build_get_methods_response(served)
            elif name == "ReadingChangedNotification":
                response = receive(envelope, raw)
                call.parsed = log.items[-1].notification
            else:
                response = OPERATION_HANDLERS[name](call, envelope, settings)
            calls.append(call)
            return _answer(envelope.version, response, settings)
        except InputError as error:
            return _fault(version or SoapVersion.SOAP11, error.reason, settings)

    async def health(request: HttpRequest) -> Response:
        return JSONResponse({"status": "ok"})

    routes = [Route(path, server, methods=["POST"]) for path in ("/", "/CB_Server", "/MDM_Server")]
    app = Starlette(routes=[*routes, Route("/health", health, methods=["GET"])])
    app.state.settings = settings
    app.state.notifications = log.items
    app.state.calls = calls
    app.state.wait_for = log.wait_for
    return app
