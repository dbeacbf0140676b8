"""Helpers for the notification-relay tests: what the relay serves, sample calls, checks.

- ``relay_rows()`` and ``relay_nouns()`` read what the relay of an app built by ``create_app``
  serves, so every catalogue row the relay takes on is covered without naming it here.
- ``samples()`` gives a MultiSpeak body per relayed operation: every stored SOAP fixture whose body
  is one (or a stored CIM event translated to one), the meter notifications built from the
  MeterAddNotification fixture, and operations derived through the CIM side from a sampled
  operation of the same noun with the row's verb (ServiceOrderOpened from ServiceOrderChanged …).
- ``declared_schema_set`` judges messages whose payload is a profile the project declares.
"""

from __future__ import annotations

import copy
import functools
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from _support import WAIT
from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import payload_for_tag, registered
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Message, MessageKind, Verb
from mspcim.exceptions import InputError
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.endpoints.cim_reply import CimReplyEndpoint
from mspcim.gateway.endpoints.multispeak41 import MultiSpeak41Server
from mspcim.gateway.flows.notification_relay import FLOW, NotificationRelay
from mspcim.gateway.store import ReadTransaction, TransactionState
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_asset_config_messages import notification_body
from mspcim.harmonize.routes import TranslateOptions, find_cim_route, find_msp_route
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import OPERATIONS, Operation, operation
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41 import interval_data as interval
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.connect_disconnect import (
    CDStateChange,
    CDStateChangedNotification,
    LoadActionCode,
    build_cd_state_changed_notification,
)
from mspcim.multispeak.v41.meter_operations import METER_LISTS
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ADD = FIXTURES / "meter_asset_config" / "meter_add_notification.soap11.xml"


# --- what the relay serves


@functools.cache
def _relay_of_app() -> tuple[tuple[Operation, ...], tuple[str, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(GatewaySettings(db_path=Path(folder) / "rows.db"))
        try:
            rows: list[Operation] = []
            nouns: list[str] = []
            for route in app.routes:
                server = getattr(getattr(route, "endpoint", None), "__self__", None)
                if isinstance(server, MultiSpeak41Server):
                    for name, handler in server._operations.items():
                        if isinstance(getattr(handler, "__self__", None), NotificationRelay):
                            rows.append(operation(server.endpoint, name))
                if isinstance(server, CimReplyEndpoint):
                    for noun, chain in server.receivers.items():
                        if isinstance(getattr(chain[-1], "__self__", None), NotificationRelay):
                            nouns.append(noun)
        finally:
            app.state.runtime.store.close()
    order = {(op.endpoint, op.name): n for n, op in enumerate(OPERATIONS)}
    return tuple(sorted(rows, key=lambda op: order[(op.endpoint, op.name)])), tuple(nouns)


def relay_rows() -> list[Operation]:
    """The catalogue rows the gateway's relay answers, in catalogue order."""
    return list(_relay_of_app()[0])


def relay_operations() -> list[Operation]:
    """One row per operation the relay answers: its first endpoint."""
    first: dict[str, Operation] = {}
    for row in relay_rows():
        first.setdefault(row.name, row)
    return list(first.values())


def relay_nouns() -> list[str]:
    """The CIM nouns whose events the relay takes (no earlier flow receives them)."""
    return list(_relay_of_app()[1])


# --- sample calls


@dataclass(frozen=True)
class Sample:
    """A MultiSpeak body of one operation, and where it came from."""

    body: etree._Element
    origin: str

    def fresh(self) -> etree._Element:
        return copy.deepcopy(self.body)


def _from_fixture(path: Path) -> etree._Element | None:
    root = xmlsafe.parse(path.read_bytes())
    if ns.local_name(root.tag) == "Envelope":
        body = read_envelope(root).first_body
        if ns.namespace_of(body.tag) == ns.MSP41:
            return body
    try:
        message = read_message(root)
    except Exception:
        return None
    if message.kind is not MessageKind.EVENT:
        return None
    try:  # a CIM event some MultiSpeak notification carries
        envelope = read_envelope(translate_document(root, "msp41").document)
    except InputError:
        return None
    return envelope.first_body


def to_cim(body: etree._Element, verb: str | None = None, **header: Any) -> Message:
    """``body`` through its route (61968-100, 2013); the verb set to ``verb`` when given."""
    options = TranslateOptions(form=EnvelopeForm.IEC61968_100, new_id=lambda: str(uuid.uuid4()))
    message = find_msp_route(ns.local_name(body.tag))(
        copy.deepcopy(body), MultiSpeakMsgHeader(**header), GapReport(), options
    )
    assert message.header is not None
    if verb is not None:
        message.header.verb = Verb(verb)
    return message


def to_msp(message: Message) -> etree._Element:
    """A CIM event through its route: the MultiSpeak body."""
    assert message.header is not None
    body, _ = find_cim_route(message.header.noun, message.kind)(
        message, GapReport(), TranslateOptions()
    )
    return body


T0 = datetime(2026, 5, 1, tzinfo=UTC)


def _built() -> dict[str, etree._Element]:
    """Bodies built from their dataclasses, for operations no stored fixture holds."""
    rows = ("M1,Electric,2026-05-01T00:00:00Z,1.5", "M2,,2026-05-01T00:15:00Z,7")
    columns = [("meterID", None), ("serviceType", None), ("readingDate", None), ("kWh", "kWh")]
    formatted = interval.FormattedBlock(
        separator=",",
        content_noun_type="meterReading",
        val_syntax=interval.ArrayOfSyntaxItem(
            syntax_item=[
                interval.SyntaxItem(field_name=n, position=p, uom=u)
                for p, (n, u) in enumerate(columns)
            ]
        ),
        value_list=interval.ArrayOfVal(val=list(rows)),
    )
    profile = interval.IntervalProfile(
        profile_id="LP1",
        interval_length=interval.Duration(value=Decimal(15), units="Minutes"),
        channels=interval.ArrayOfIntervalChannel(
            channel=[interval.IntervalChannel(index=1, field_name="kWh", units="kWh")]
        ),
    )
    block = interval.IntervalBlock(
        profile_id="LP1",
        meter_id=interval.IntervalMeterID(value="M1", service_type="Electric"),
        interval_start=T0,
        d_b=interval.DataBlock(chs=interval.ArrayOfCH(ch=[interval.Channel(idx=1, d="1.5,2.5")])),
    )
    data = interval.IntervalData(
        interval_delimiter=",",
        profiles=interval.ArrayOfIntervalProfile(profile=[profile]),
        blocks=interval.ArrayOfIntervalBlock(block=[block]),
    )
    change = CDStateChange(
        meter_id=MeterID("M1", service_type="Electric"),
        state_change=LoadActionCode.CONNECT,
        timestamp=T0,
    )
    return {
        "FormattedBlockNotification": interval.build_body(
            "FormattedBlockNotification",
            interval.FormattedBlockNotification(
                changed_meter_reads=formatted, transaction_id="FB-1"
            ),
        ),
        "IntervalDataNotification": interval.build_body(
            "IntervalDataNotification",
            interval.IntervalDataNotification(interval_reads=data, transaction_id="ID-1"),
        ),
        "CDStateChangedNotification": build_cd_state_changed_notification(
            CDStateChangedNotification(change, "CD-1")
        ),
    }


@functools.cache
def samples() -> dict[str, Sample]:
    """A sample body per relayed operation that one can be found or derived for."""
    wanted = {row.name: row for row in relay_operations()}
    found: dict[str, Sample] = {}
    for path in sorted(FIXTURES.rglob("*.xml")):
        body = _from_fixture(path)
        if body is not None and ns.local_name(body.tag) in wanted:
            found.setdefault(ns.local_name(body.tag), Sample(body, path.name))
    for name, body in _built().items():
        if name in wanted and name not in found:
            found[name] = Sample(body, "built")
    meters = msp_binding.read(_from_fixture(ADD), METER_LISTS["MeterAddNotification"]).meters
    for name in METER_LISTS:
        if name in wanted and name not in found and meters is not None:
            found[name] = Sample(notification_body(name, meters.electric_meters), ADD.name)
    for name, row in wanted.items():
        for known, sample in list(found.items()):
            if name in found or wanted.get(known, row).cim_noun != row.cim_noun:
                continue
            try:
                body = to_msp(to_cim(sample.body, row.cim_verb))
            except Exception:
                continue
            if ns.local_name(body.tag) == name:
                found[name] = Sample(body, f"{sample.origin} as {row.cim_verb}")
    return found


def documents_of(message: Message) -> list[Any]:
    """The pivot documents of a message's payload."""
    return [
        codec.read(element)
        for element in message.payload
        if (codec := payload_for_tag(element.tag))
    ]


def c14n(element: etree._Element) -> bytes:
    """Canonical XML of ``element`` (for comparing what was sent with what arrived)."""
    return etree.tostring(copy.deepcopy(element), method="c14n2", strip_text=True)


# --- posting


def msp_header(message_id: str | None = None) -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(
        app_name="Riverside CIS", user_id="cis", pwd="cis-Secret-42", message_id=message_id
    )


def post_msp(
    gateway_url: str,
    endpoint: str,
    body: etree._Element,
    check: Callable[..., None],
    header: MultiSpeakMsgHeader | None = None,
    version: SoapVersion = SoapVersion.SOAP11,
) -> Any:
    """POST a MultiSpeak call to the gateway's ``endpoint``; the schema-valid answer envelope."""
    headers = [build_header(header or msp_header())]
    content = xmlsafe.serialize(build_envelope(version, [body], headers))
    response = httpx.post(
        f"{gateway_url}/multispeak/v41/{endpoint}",
        content=content,
        headers=version.headers(ns.MSP41_ACTION_PREFIX + ns.local_name(body.tag)),
        timeout=WAIT,
    )
    check(response.content)
    return read_envelope(xmlsafe.parse(response.content))


def event_bytes(message: Message, *, ack_to: str | None = None, message_id: str = "HES-1") -> bytes:
    """``message`` as a SOAP 1.1 EventMessage from the head-end (AckRequired to ``ack_to``)."""
    assert message.header is not None
    message = replace(
        message,
        header=replace(
            message.header,
            source="Riverside HES",
            message_id=message_id,
            ack_required=True if ack_to else None,
            reply_address=ack_to,
        ),
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


def post_cim(gateway_url: str, content: bytes, check: Callable[..., None]) -> Message:
    """POST to the gateway's /cim/reply; the (schema-valid) ResponseMessage, read."""
    response = httpx.post(
        f"{gateway_url}/cim/reply",
        content=content,
        headers={"content-type": SoapVersion.SOAP11.content_type()},
        timeout=WAIT,
    )
    check(response.content)
    assert response.status_code == 200, response.text
    return read_message(read_envelope(xmlsafe.parse(response.content)).first_body)


# --- the store


def relayed(transactions: list[ReadTransaction], state: TransactionState | None = None) -> list:
    """The relay's conversations (in one state)."""
    return [t for t in transactions if t.flow == FLOW and (state is None or t.state is state)]


# --- schemas


def declared_schema_set(official: SchemaSet, folder: Path) -> SchemaSet:
    """The official schemas plus every declared profile XSD (written to ``folder``)."""
    extra: dict[str, Path] = {}
    for codec in registered():
        if codec.declared_schema is not None:
            path = folder / f"{codec.noun}-{codec.edition.value}.xsd"
            path.write_bytes(etree.tostring(codec.declared_schema()))
            extra[ns.namespace_of(codec.tag)] = path
    return SchemaSet(official.root, cache_dir=folder / "cache", extra=extra)


# --- a MultiSpeak server refusing some objects


def refusing_server(refused: set[str]) -> Starlette:
    """A MultiSpeak server answering every call with an errorObject per refused objectID."""
    calls: list[etree._Element] = []

    async def serve(request: Request) -> Response:
        envelope = read_envelope(xmlsafe.parse(await request.body()))
        body = envelope.first_body
        calls.append(copy.deepcopy(body))
        errors = [
            ErrorObject(error_string="not in this CIS", object_id=element.get("objectID"))
            for element in body.iter()
            if isinstance(element.tag, str) and element.get("objectID") in refused
        ]
        answer = build_array_of_error_object_response(ns.local_name(body.tag), errors)
        header = build_header(MultiSpeakMsgHeader(app_name="Refusing CIS").stamped())
        return Response(
            xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [answer], [header])),
            media_type=SoapVersion.SOAP11.content_type(),
        )

    app = Starlette(routes=[Route("/{path:path}", serve, methods=["POST"])])
    app.state.calls = calls
    return app


def header_of(raw: bytes) -> MultiSpeakMsgHeader | None:
    """The MultiSpeakMsgHeader of a SOAP message."""
    element = read_envelope(xmlsafe.parse(raw)).header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
    return read_header(element) if element is not None else None
