"""A simulated CIM head-end / meter data system answering IEC 61968-9 ``get MeterReadings``.

The CIM destination of the standard's Annex B on-demand read: it takes a 61968-100
``RequestMessage`` (either envelope form, over SOAP 1.1, SOAP 1.2 or bare) naming meters in
Request/ID, and answers a ``ResponseMessage`` whose Payload holds their MeterReadings.

* ``sync`` mode answers in the HTTP response, after ``delay_seconds``.
* ``async`` mode, for a request with AsyncReplyFlag true and a ReplyAddress, answers at once with
  an acknowledgement (Reply OK, no payload) and, ``delay_seconds`` later, POSTs the full
  ResponseMessage to the ReplyAddress (SOAP 1.1). Other requests are answered synchronously.
* Meters fail one by one (``failure_rate`` draws, ``unknown_meters``): each failure is one Error
  naming the meter, and the Result is PARTIAL or, when no meter answered, FAILED.
* Bad input gets a SOAP Fault whose detail holds a FaultMessage (Reply FAILED with the Error).

Everything received and every asynchronous delivery is recorded in ``app.state`` for tests.
Other nouns (EndDeviceControls, EndDeviceEvents …) are served by handlers registered with
``register_noun`` from their own modules (listed in ``NOUN_MODULES``).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import random
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import httpx
from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request as HttpRequest
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message, soap_action
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.exceptions import ConfigurationError, InputError, MessageFormatError
from mspcim.sim.readings import simulate_meter_readings
from mspcim.soap import SoapFault, SoapVersion, build_envelope, build_fault
from mspcim.xsdtypes import utc_now

__all__ = [
    "DEFAULT_SOURCE",
    "NOUN_HANDLERS",
    "NOUN_MODULES",
    "Delivery",
    "HeadEnd",
    "HeadEndSettings",
    "ReceivedRequest",
    "create_headend_app",
    "register_noun",
]

logger = logging.getLogger(__name__)

NOUN = "MeterReadings"
DEFAULT_SOURCE = "mspcim-sim-headend"
"""Header/Source of every message the head-end sends."""


_BARE_CONTENT_TYPE = "application/xml; charset=utf-8"


def _default_http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=10.0)


@dataclass(slots=True)
class HeadEndSettings:
    """How the simulated head-end behaves; every field has a default suited to a demo."""

    mode: Literal["sync", "async"] = "sync"
    """``async``: acknowledge requests asking AsyncReplyFlag with a ReplyAddress, answer later;
    ``sync``: always answer in the HTTP response."""
    delay_seconds: float = 0.0
    """Wait before answering (sync) or before POSTing the reply (async): the meters' latency."""
    failure_rate: float = 0.0
    """Probability (0..1), drawn per meter, that a meter does not answer."""
    unknown_meters: frozenset[str] = frozenset()
    """Meter ids the head-end does not know: they always fail."""
    form: EnvelopeForm = EnvelopeForm.IEC61968_100
    """Envelope form of the replies (requests are accepted in both forms)."""
    seed: int | None = None
    """Seed of the random generator (failures, demand, voltage, message ids); None: unseeded."""
    soap: bool = True
    """Reply in SOAP (the request's version; 1.1 for a bare request); False: bare XML."""
    source: str = DEFAULT_SOURCE
    """Header/Source of the replies."""
    clock: Callable[[], datetime] = utc_now
    """Current time: reading time stamps and Header/Timestamp."""
    http_client_factory: Callable[[], httpx.AsyncClient] = _default_http_client
    """Makes the client that POSTs asynchronous replies (one per delivery, closed after it)."""

    def __post_init__(self) -> None:
        """Refuse settings that make no sense, naming the field."""
        if self.mode not in ("sync", "async"):
            raise ConfigurationError(f"mode must be 'sync' or 'async', not {self.mode!r}")
        if self.delay_seconds < 0:
            raise ConfigurationError(f"delay_seconds must be >= 0, not {self.delay_seconds}")
        if not 0 <= self.failure_rate <= 1:
            raise ConfigurationError(f"failure_rate must be within 0..1, not {self.failure_rate}")
        self.unknown_meters = frozenset(self.unknown_meters)


@dataclass(slots=True)
class ReceivedRequest:
    """One POST the head-end received, parsed or not."""

    received_at: datetime
    body: bytes
    soap_version: SoapVersion | None
    """SOAP version of the request; None for a bare message or unparsable bytes."""
    message: Message | None = None
    error: InputError | None = None
    """Why the request was refused, when it was."""


@dataclass(slots=True)
class Delivery:
    """One attempt to POST an asynchronous reply to a ReplyAddress."""

    address: str
    correlation_id: str | None
    attempted_at: datetime
    status_code: int | None = None
    error: str | None = None
    """Why the delivery failed (connection error, HTTP error status); None when delivered."""

    @property
    def delivered(self) -> bool:
        """True when the peer accepted the reply with a 2xx status."""
        return self.error is None


@dataclass(slots=True)
class HeadEnd:
    """The state behind one app: settings, random generator, records, pending deliveries."""

    settings: HeadEndSettings
    rng: random.Random
    requests: list[ReceivedRequest] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def new_id(self) -> str:
        """A fresh UUID (from the seeded generator, so seeded runs repeat)."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    # --- reading

    def meter_ids(self, message: Message) -> list[str]:
        """The meters a request names, checked to be a ``get MeterReadings`` with IDs."""
        if message.kind is not MessageKind.REQUEST or message.header is None:
            raise MessageFormatError(
                f"expected a RequestMessage, got a {message.kind.value}", xpath="/*"
            )
        if message.header.noun != NOUN:
            raise MessageFormatError(
                f"this head-end serves Noun {NOUN}, not {message.header.noun!r}",
                xpath="/*/Header/Noun",
                code=reply_codes.INVALID_NOUN,
            )
        if message.header.verb is not Verb.GET:
            raise MessageFormatError(
                f"this head-end serves Verb get, not {message.header.verb.value!r}",
                xpath="/*/Header/Verb",
                code=reply_codes.INVALID_VERB,
            )
        ids = message.request.ids if message.request is not None else []
        meters = list(dict.fromkeys(object_id.value for object_id in ids if object_id.value))
        if not meters:
            raise MessageFormatError(
                "the request names no meter (Request/ID)",
                xpath="/*/Request/ID",
                code=reply_codes.MISSING_ELEMENTS,
            )
        return meters

    # --- answering

    def header(self, request: Header) -> Header:
        """A reply Header correlated with ``request`` (its CorrelationID, else its MessageID)."""
        correlation = request.correlation_id or request.message_id
        return Header(
            verb=Verb.REPLY,
            noun=NOUN,
            timestamp=self.settings.clock(),
            source=self.settings.source,
            message_id=self.new_id(),
            correlation_id=correlation,
        )

    def read_meters(self, request: Header, meters: list[str]) -> Message:
        """The ResponseMessage answering a read of ``meters``: readings, or one Error each."""
        errors = []
        answered = []
        for meter in meters:
            if meter in self.settings.unknown_meters:
                errors.append(_meter_error(meter, reply_codes.INVALID_METER, "unknown meter"))
            elif self.rng.random() < self.settings.failure_rate:
                errors.append(_meter_error(meter, reply_codes.TIMED_OUT, "meter did not answer"))
            else:
                answered.append(meter)
        if not errors:
            result = ReplyResult.OK
        else:
            result = ReplyResult.PARTIAL if answered else ReplyResult.FAILED
        payload = []
        if answered:
            document = simulate_meter_readings(answered, self.settings.clock(), self.rng)
            payload.append(build_meter_readings(document))
        return Message(
            kind=MessageKind.RESPONSE,
            header=self.header(request),
            reply=Reply(result=result, errors=errors),
            payload=payload,
            form=self.settings.form,
        )

    def acknowledgement(self, request: Header) -> Message:
        """The immediate answer to an asynchronous request: Reply OK, no payload."""
        return Message(
            kind=MessageKind.RESPONSE,
            header=self.header(request),
            reply=Reply(result=ReplyResult.OK),
            form=self.settings.form,
        )

    def fault(self, error: InputError) -> Message:
        """The FaultMessage reporting ``error`` (Reply FAILED with one Error)."""
        return Message(
            kind=MessageKind.FAULT,
            header=Header(verb=Verb.REPLY, noun=NOUN),
            reply=Reply(
                result=ReplyResult.FAILED,
                errors=[
                    Error(
                        code=error.code,
                        level=ErrorLevel.FATAL,
                        reason=error.reason,
                        details=f"at {error.xpath}" if error.xpath else None,
                    )
                ],
            ),
            form=self.settings.form,
        )

    def version_for(self, requested: SoapVersion | None) -> SoapVersion | None:
        """The SOAP version of a reply: the request's, 1.1 for a bare one, None when not SOAP."""
        if not self.settings.soap:
            return None
        return requested or SoapVersion.SOAP11

    # --- asynchronous reply

    def schedule(self, work: Coroutine[object, object, None]) -> None:
        """Run ``work`` in the background (e.g. an event sent later); failures are logged."""

        async def guarded() -> None:
            try:
                await work
            except Exception:  # a simulator's background task must never take the app down
                logger.exception("background work of the head-end failed")

        task = asyncio.get_running_loop().create_task(guarded())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def post(self, address: str, message: Message) -> None:
        """POST ``message`` to ``address`` in SOAP 1.1 (recorded in ``deliveries``)."""
        await self._post(address, message)

    def schedule_reply(self, request: Header, meters: list[str]) -> None:
        """Read ``meters`` after the delay and POST the reply to the request's ReplyAddress."""
        task = asyncio.get_running_loop().create_task(self._deliver_later(request, meters))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _deliver_later(self, request: Header, meters: list[str]) -> None:
        address = request.reply_address or ""
        try:
            await asyncio.sleep(self.settings.delay_seconds)
            message = self.read_meters(request, meters)
            await self._post(address, message)
        except Exception as exc:  # a simulator's background task must never take the app down
            logger.exception("asynchronous reply to %s failed", address)
            self.deliveries.append(
                Delivery(
                    address=address,
                    correlation_id=request.correlation_id or request.message_id,
                    attempted_at=self.settings.clock(),
                    error=f"{type(exc).__name__}: {exc}",
                )
            )

    async def _post(self, address: str, message: Message) -> None:
        version = self.version_for(SoapVersion.SOAP11)
        content, headers = _encode(message, version)
        delivery = Delivery(
            address=address,
            correlation_id=message.header.correlation_id if message.header else None,
            attempted_at=self.settings.clock(),
        )
        try:
            async with self.settings.http_client_factory() as client:
                response = await client.post(address, content=content, headers=headers)
            delivery.status_code = response.status_code
            if response.is_error:
                delivery.error = f"HTTP {response.status_code} from {address}"
        except httpx.HTTPError as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"
        if delivery.error:
            logger.warning("asynchronous reply not delivered: %s", delivery.error)
        self.deliveries.append(delivery)

    async def drain(self, timeout: float | None = None) -> list[Delivery]:
        """Wait until every scheduled asynchronous reply has been attempted; the deliveries."""
        pending = set(self.tasks)
        if pending:
            _, late = await asyncio.wait(pending, timeout=timeout)
            if late:
                raise TimeoutError(
                    f"{len(late)} asynchronous replies still pending after {timeout}s"
                )
        return list(self.deliveries)


def _meter_error(meter: str, code: str, reason: str) -> Error:
    return Error(
        code=code,
        level=ErrorLevel.FATAL,
        reason=reason,
        id=ObjectID(value=meter, kind="name", object_type="Meter"),
    )


def _encode(message: Message, version: SoapVersion | None) -> tuple[bytes, dict[str, str]]:
    """Bytes and HTTP headers of ``message``, in SOAP ``version`` or bare."""
    element = build_message(message)
    if version is None:
        return xmlsafe.serialize(element), {"Content-Type": _BARE_CONTENT_TYPE}
    envelope = build_envelope(version, [element])
    return xmlsafe.serialize(envelope), version.headers(soap_action(message))


def _soap_version(root: etree._Element | None, content_type: str | None) -> SoapVersion | None:
    """The request's SOAP version: its envelope namespace, else its Content-Type."""
    if root is not None:
        namespace = ns.namespace_of(root.tag)
        if ns.local_name(root.tag) == "Envelope" and namespace in (ns.SOAP11, ns.SOAP12):
            return SoapVersion(namespace)
        return None
    return SoapVersion.from_content_type(content_type)


def _xml_response(
    message: Message, version: SoapVersion | None, status_code: int = 200
) -> Response:
    content, headers = _encode(message, version)
    media_type = headers.pop("Content-Type")
    headers.pop("SOAPAction", None)
    return Response(content, status_code=status_code, media_type=media_type, headers=headers)


def _fault_response(headend: HeadEnd, error: InputError, version: SoapVersion | None) -> Response:
    """A SOAP Fault (HTTP 500, as SOAP requires) holding the FaultMessage; bare: HTTP 400."""
    detail = build_message(headend.fault(error))
    if version is None:
        return Response(xmlsafe.serialize(detail), 400, media_type=_BARE_CONTENT_TYPE)
    envelope = build_fault(version, SoapFault(reason=error.reason, sender=True, detail=[detail]))
    return Response(xmlsafe.serialize(envelope), 500, media_type=version.content_type())


NounHandler = Callable[["HeadEnd", Message], Awaitable[Message]]
"""Answers one CIM message of a registered noun (may schedule later events with ``post``)."""

NOUN_HANDLERS: dict[str, NounHandler] = {}
"""Handlers of nouns other than MeterReadings, by noun."""

NOUN_MODULES: list[str] = [
    "mspcim.sim.headend_controls",
    "mspcim.sim.headend_events",
    "mspcim.sim.headend_relay",
]
"""Modules that register noun handlers; imported when an app is created."""


def register_noun(noun: str) -> Callable[[NounHandler], NounHandler]:
    """Decorator: serve CIM messages of ``noun`` with the decorated coroutine."""

    def register(handler: NounHandler) -> NounHandler:
        NOUN_HANDLERS[noun] = handler
        return handler

    return register


def create_headend_app(settings: HeadEndSettings | None = None) -> Starlette:
    """The head-end as an ASGI app: ``POST /`` and ``POST /MeterReadings``, ``GET /health``.

    ``app.state.requests`` lists what was received, ``app.state.deliveries`` the asynchronous
    replies attempted; ``await app.state.drain(timeout)`` waits for pending asynchronous replies.
    """
    settings = settings or HeadEndSettings()
    headend = HeadEnd(settings=settings, rng=random.Random(settings.seed))

    for module in NOUN_MODULES:
        importlib.import_module(module)

    async def meter_readings(request: HttpRequest) -> Response:
        body = await request.body()
        content_type = request.headers.get("content-type")
        record = ReceivedRequest(settings.clock(), body, _soap_version(None, content_type))
        headend.requests.append(record)
        try:
            root = xmlsafe.parse(body)
            record.soap_version = _soap_version(root, content_type)
            record.message = read_message(root)
            noun = record.message.header.noun if record.message.header else None
            handler = NOUN_HANDLERS.get(noun or "")
            if handler is not None:
                answer = await handler(headend, record.message)
                return _xml_response(answer, headend.version_for(record.soap_version))
            meters = headend.meter_ids(record.message)
        except InputError as error:
            record.error = error
            return _fault_response(headend, error, headend.version_for(record.soap_version))
        version = headend.version_for(record.soap_version)
        header = record.message.header
        assert header is not None  # meter_ids() refuses a request without one
        if settings.mode == "async" and header.async_reply_flag and header.reply_address:
            headend.schedule_reply(header, meters)
            return _xml_response(headend.acknowledgement(header), version)
        if settings.delay_seconds:
            await asyncio.sleep(settings.delay_seconds)
        return _xml_response(headend.read_meters(header, meters), version)

    async def health(request: HttpRequest) -> Response:
        return JSONResponse({"status": "ok"})

    app = Starlette(
        routes=[
            Route("/", meter_readings, methods=["POST"]),
            Route("/MeterReadings", meter_readings, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
        ]
    )
    app.state.settings = settings
    app.state.requests = headend.requests
    app.state.deliveries = headend.deliveries
    app.state.drain = headend.drain
    return app
