"""Profile 8.19 MeterServiceRequests: service orders and electric meter exchanges ⇄
MeterServiceWork, both ways; values and gaps asserted; every message validated against the
official schemas (the declared one for 2009); round trips with generated data."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    MessageProperty,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.meter_service_requests import (
    BINDING_2009,
    CODEC_2013,
    Customer,
    CustomerAgreement,
    Meter,
    MeterServiceRequests,
    MeterServiceWork,
    ServiceLocation,
    StreetAddress,
    TownDetail,
    UsagePoint,
    WorkKind,
)
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_service_requests_messages import is_exchange
from mspcim.harmonize.profiles import meter_service_requests as profile
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import meter_exchange, msp_binding
from mspcim.multispeak.v41.meter_exchange import (
    ElectricMeterExchange,
    InitiateMeterExchange,
    MeterExchangeNotification,
    MeterExchanges,
)
from mspcim.multispeak.v41.meter_reading import MeterID as ReadingMeterID
from mspcim.multispeak.v41.meter_reading import MeterReading, ReadingValue
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.multispeak.v41.service_order import (
    AssociatedMeters,
    GetServiceOrderByServiceOrderID,
    GetServiceOrderByServiceOrderIDResponse,
    Network,
    OrderMeter,
    ServiceOrder,
    ServiceOrderNotification,
)
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meter_service_requests"
ORDER = FIXTURES / "service_order_changed_notification.soap11.xml"
EXCHANGE = FIXTURES / "meter_exchange_notification.soap11.xml"
KWH = "0.0.0.1.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
WHEN = datetime(2026, 5, 5, 10, 2, tzinfo=UTC)


def ids() -> str:
    return "msg-1"


def body_of(document: etree._Element) -> etree._Element:
    return read_envelope(document).first_body


def works_of(document: etree._Element) -> tuple[Message, MeterServiceRequests]:
    message = read_message(document)
    return message, CODEC_2013.read(message.payload[0])


def meter_names(meter: Meter) -> list[tuple[str | None, str]]:
    return [(name.type_name, name.name) for name in meter.names]


def test_service_order_becomes_changed_meter_service_work(assert_schema_valid) -> None:
    result = translate_document(xmlsafe.parse(ORDER.read_bytes()), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, document = works_of(result.document)
    assert message.header is not None
    assert (message.header.verb, message.kind) == (Verb.CHANGED, MessageKind.EVENT)
    assert document.verb == "changed"
    (work,) = document.meter_service_works
    assert (work.type, work.status) == ("MeterExchange", Status(value="Onsite"))
    assert work.customers == [
        Customer(
            names=[Name.typed("CUST-4410", "customerID", "MultiSpeak")],
            customer_agreements=[
                CustomerAgreement(names=[Name.typed("ACCT-4410-01", "accountNumber", "MultiSpeak")])
            ],
        )
    ]
    assert work.usage_point == UsagePoint(
        service_location=ServiceLocation(
            main_address=StreetAddress(
                town_detail=TownDetail(
                    code="62701", country="US", name="Springfield", state_or_province="IL"
                )
            )
        )
    )
    assert work.meter.mrid == "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0099"
    assert meter_names(work.meter) == [
        ("meterID", "10099"),
        ("serviceType", "Electric"),
        ("meterType", "AMI"),
        ("actionTaken", "Installed"),
    ]
    assert work.old_meter is not None and work.old_meter.mrid == "10002"
    assert message.header.property("serviceOrder.soNumber") == "2026-0417"
    assert message.header.property("serviceOrder.woNumber") == "WO-88120"
    assert message.header.property("serviceOrder.startDate") == "2026-05-05T08:45:00Z"
    lost = {entry.path.rpartition("/")[2]: entry.value for entry in result.gaps.lost}
    assert lost["network"] == "county=Sangamon"
    assert "serviceStatuses" in lost


def test_service_order_comes_back_except_what_was_lost(assert_schema_valid) -> None:
    source = xmlsafe.parse(ORDER.read_bytes())
    cim = translate_document(source, "cim", new_id=ids)
    back = translate_document(cim.document, "msp41")
    assert_schema_valid(back.document)
    assert etree.QName(body_of(back.document)).localname == "ServiceOrderChangedNotification"
    original = msp_binding.read(body_of(source), ServiceOrderNotification)
    order = original.changed_sos[0]
    assert order.network is not None
    order.network.county = None
    order.service_statuses = []
    returned = msp_binding.read(body_of(back.document), ServiceOrderNotification)
    assert returned == original
    assert back.gaps.lost == []


def test_meter_exchange_becomes_meter_work_with_both_meters_readings(assert_schema_valid) -> None:
    result = translate_document(xmlsafe.parse(EXCHANGE.read_bytes()), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, document = works_of(result.document)
    assert message.header is not None and message.header.verb is Verb.CREATED
    (work,) = document.meter_service_works
    assert work.kind is WorkKind.METER
    assert work.old_meter is not None
    (old_reading,) = work.old_meter.meter_readings[0].readings
    assert (old_reading.value, old_reading.reading_type.ref) == (Decimal("48213.4"), KWH)
    assert old_reading.time_stamp == datetime(2026, 5, 5, 9, 58, tzinfo=UTC)
    assert work.meter.mrid == "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0099"
    (new_reading,) = work.meter.meter_readings[0].readings
    assert new_reading.value == Decimal("0.0")
    (reading_type,) = document.reading_types
    assert (reading_type.mrid, reading_type.unit, reading_type.multiplier) == (KWH, "Wh", "k")
    assert message.header.property("electricMeterExchange.electricServiceID") == "ES-7781-1"
    assert message.header.property("electricMeterExchange.timeStamp") == "2026-05-05T10:02:00Z"
    assert result.gaps.lost == []


def test_meter_exchange_comes_back_with_its_readings(assert_schema_valid) -> None:
    source = xmlsafe.parse(EXCHANGE.read_bytes())
    cim = translate_document(source, "cim", new_id=ids)
    back = translate_document(cim.document, "msp41")
    assert_schema_valid(back.document)
    returned = meter_exchange.read_exchange_call(body_of(back.document))
    original = meter_exchange.read_exchange_call(body_of(source))
    assert isinstance(returned, MeterExchangeNotification)
    assert isinstance(original, MeterExchangeNotification)
    assert returned.meter_changeout is not None and original.meter_changeout is not None
    (got,) = returned.meter_changeout.electric_meter_exchanges
    (sent,) = original.meter_changeout.electric_meter_exchanges
    for attribute in ("object_id", "service_location_id", "electric_service_id", "time_stamp"):
        assert getattr(got, attribute) == getattr(sent, attribute)
    for attribute in ("out_meter_reading", "in_meter_reading"):
        got_reading, sent_reading = getattr(got, attribute), getattr(sent, attribute)
        assert got_reading.meter_id == sent_reading.meter_id
        assert [(v.value, v.units, v.time_stamp) for v in got_reading.reading_values] == [
            (v.value, v.units, v.time_stamp) for v in sent_reading.reading_values
        ]
        assert got_reading.reading_values[0].reading_type_code.value == KWH


@pytest.mark.parametrize("source", [ORDER, EXCHANGE])
def test_the_noun_wrapper_form_is_valid(assert_schema_valid, source: Path) -> None:
    result = translate_document(
        xmlsafe.parse(source.read_bytes()), "cim", form=EnvelopeForm.NOUN_WRAPPER, new_id=ids
    )
    assert_schema_valid(result.document)
    assert etree.QName(result.document).namespace == (
        "http://www.iec.ch/TC57/2011/MeterServiceRequestsMessage"
    )


def test_the_noun_wrapper_form_carries_2013_payloads_only() -> None:
    with pytest.raises(MessageFormatError, match="carry 2013 payloads"):
        translate_document(
            xmlsafe.parse(ORDER.read_bytes()), "cim2009", form=EnvelopeForm.NOUN_WRAPPER
        )


@pytest.mark.parametrize("source", [ORDER, EXCHANGE])
def test_the_2009_edition_is_valid_against_its_declared_schema(
    declared: SchemaSet, source: Path
) -> None:
    result = translate_document(xmlsafe.parse(source.read_bytes()), "cim2009", new_id=ids)
    assert declared.validate(result.document) == []
    payload = read_message(result.document).payload[0]
    work = payload.find(f"{{{BINDING_2009.namespace}}}MeterServiceWork")
    assert work.find(f"{{{BINDING_2009.namespace}}}MeterAsset") is not None


def test_initiate_meter_exchange_is_an_asynchronous_create(assert_schema_valid) -> None:
    notification = meter_exchange.read_exchange_call(body_of(xmlsafe.parse(EXCHANGE.read_bytes())))
    assert isinstance(notification, MeterExchangeNotification)
    call = InitiateMeterExchange(
        exchanges=notification.meter_changeout,
        response_url="http://wms.example/cb",
        transaction_id="EXG-1",
    )
    result = translate_document(meter_exchange.write_exchange_call(call), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, document = works_of(result.document)
    assert message.kind is MessageKind.REQUEST and message.header is not None
    assert (message.header.verb, message.header.correlation_id) == (Verb.CREATE, "EXG-1")
    assert message.header.reply_address == "http://wms.example/cb"
    assert document.verb == "create"
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    returned = meter_exchange.read_exchange_call(body_of(back.document))
    assert isinstance(returned, InitiateMeterExchange)
    assert (returned.transaction_id, returned.response_url) == ("EXG-1", "http://wms.example/cb")
    assert back.gaps.lost == []


def test_get_service_order_both_ways(assert_schema_valid) -> None:
    call = GetServiceOrderByServiceOrderID(service_order_id="2026-0417")
    result = translate_document(
        msp_binding.write(call, "GetServiceOrderByServiceOrderID"), "cim", new_id=ids
    )
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.request is not None
    assert [(i.value, i.id_type) for i in message.request.ids] == [("2026-0417", "serviceOrderID")]
    back = translate_document(result.document, "msp41")
    assert msp_binding.read(body_of(back.document), GetServiceOrderByServiceOrderID) == call

    order = ServiceOrder(so_number="2026-0417", so_status_code="Closed", so_type="Inspection")
    response = GetServiceOrderByServiceOrderIDResponse(result=order)
    answered = translate_document(
        msp_binding.write(response, "GetServiceOrderByServiceOrderIDResponse"), "cim", new_id=ids
    )
    assert_schema_valid(answered.document)
    reply_message, document = works_of(answered.document)
    assert reply_message.reply == Reply(ReplyResult.OK)
    assert document.meter_service_works[0].status == Status(value="Closed")
    answered_back = translate_document(answered.document, "msp41")
    assert_schema_valid(answered_back.document)
    assert (
        msp_binding.read(body_of(answered_back.document), GetServiceOrderByServiceOrderIDResponse)
        == response
    )


def test_error_objects_of_initiate_become_a_reply_and_back(assert_schema_valid) -> None:
    body = etree.fromstring(
        f'<InitiateMeterExchangeResponse xmlns="{ns.MSP41}"><InitiateMeterExchangeResult>'
        '<errorObject objectID="EX-9" errorString="no crew available"/>'
        "</InitiateMeterExchangeResult></InitiateMeterExchangeResponse>"
    )
    result = translate_document(body, "cim", new_id=ids)
    assert_schema_valid(result.document)
    reply = read_message(result.document).reply
    assert reply is not None and [e.reason for e in reply.errors] == ["no crew available"]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    error = body_of(back.document).find(f".//{{{ns.MSP41}}}errorObject")
    assert error.get("errorString") == "no crew available"


def _event(verb: Verb, *works: MeterServiceWork) -> Message:
    document = MeterServiceRequests(meter_service_works=list(works), verb=verb.value)
    return Message(
        MessageKind.EVENT,
        Header(verb, "MeterServiceRequests", message_id="cim-1"),
        payload=[CODEC_2013.write(document)],
    )


def test_a_status_outside_the_multispeak_list_becomes_other(assert_schema_valid) -> None:
    work = MeterServiceWork(status=Status(value="Dispatched", reason="crew 7"))
    result = translate_document(build_message(_event(Verb.CHANGED, work)), "msp41")
    assert_schema_valid(result.document)
    order = msp_binding.read(body_of(result.document), ServiceOrderNotification).changed_sos[0]
    assert order.so_status_code == "Other"
    assert {(entry.value, entry.kind) for entry in result.gaps} >= {
        ("Dispatched", GapKind.CHANGED),
        ("crew 7", GapKind.LOST),
    }


def test_cim_only_values_of_the_work_travel_in_extensions_and_come_back(
    assert_schema_valid,
) -> None:
    work = MeterServiceWork(
        kind=WorkKind.INSPECTION,
        priority="urgent",
        request_date_time=WHEN,
        type="Inspection",
    )
    msp = translate_document(build_message(_event(Verb.CREATED, work)), "msp41")
    assert_schema_valid(msp.document)
    order = msp_binding.read(body_of(msp.document), ServiceOrderNotification).changed_sos[0]
    assert {(item.ext_name, item.ext_value) for item in order.extensions_list} == {
        ("CIM.MeterServiceWork.kind", "inspection"),
        ("CIM.MeterServiceWork.priority", "urgent"),
        ("CIM.MeterServiceWork.requestDateTime", "2026-05-05T10:02:00Z"),
    }
    back = translate_document(msp.document, "cim", new_id=ids)
    _, document = works_of(back.document)
    assert document.meter_service_works == [work]


@pytest.mark.parametrize(
    ("work", "exchange"),
    [
        (MeterServiceWork(kind=WorkKind.METER, old_meter=Meter(mrid="m1")), True),
        (MeterServiceWork(kind=WorkKind.METER), False),
        (MeterServiceWork(kind=WorkKind.REPAIR, old_meter=Meter(mrid="m1")), False),
    ],
)
def test_meter_work_with_meters_is_an_exchange(work: MeterServiceWork, exchange: bool) -> None:
    assert is_exchange(MeterServiceRequests(meter_service_works=[work])) is exchange


def test_meter_details_with_no_order_counterpart_are_reported() -> None:
    work = MeterServiceWork(
        meter=Meter(mrid="g1", serial_number="SN-1", names=[Name.typed("M1", "meterID")]),
        customers=[Customer(names=[Name(name="C1")]), Customer(names=[Name(name="C2")])],
    )
    report = GapReport()
    (order,) = profile.orders_to_msp(MeterServiceRequests(meter_service_works=[work]), report)
    assert order.customer_id == "C1"
    assert order.associated_meters_list == [
        AssociatedMeters(replacement_meter=OrderMeter(meter_id=MeterID(value="M1", object_id="g1")))
    ]
    lost = {(entry.path, entry.value) for entry in report.lost}
    assert ("/MeterServiceRequests/MeterServiceWork[1]/Meter/serialNumber", "SN-1") in lost
    assert ("/MeterServiceRequests/MeterServiceWork[1]/Customers", "Customers[2]") in lost


def test_translate_command_on_the_fixtures(assert_schema_valid) -> None:
    runner = CliRunner()
    for source in (ORDER, EXCHANGE):
        result = runner.invoke(app, ["translate", str(source), "--to", "cim", "--gaps", "none"])
        assert result.exit_code == 0, result.stderr
        document = xmlsafe.parse(result.stdout_bytes)
        assert_schema_valid(document)
        back = runner.invoke(app, ["translate", "-", "--to", "msp41"], input=result.stdout_bytes)
        assert back.exit_code == 0, back.stderr
        assert_schema_valid(xmlsafe.parse(back.stdout_bytes))


# --- round trips with generated data

_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_ORDER_METER = st.builds(
    OrderMeter,
    meter_id=st.builds(
        MeterID,
        value=_TEXT,
        object_id=st.none() | _TEXT.map(lambda text: f"g-{text}"),
        service_type=st.none() | st.sampled_from(["Electric", "Water"]),
    ),
    meter_type=st.none() | _TEXT,
    action_taken=st.none() | _TEXT,
)
_ORDERS = st.builds(
    ServiceOrder,
    object_id=st.none() | _TEXT,
    comments=st.none() | _TEXT,
    wo_number=st.none() | _TEXT,
    so_number=st.none() | _TEXT,
    so_status_code=st.none()
    | st.sampled_from(["Active", "Closed", "OnHold", "Cancelled", "Enroute", "Onsite"]),
    so_type=st.none() | _TEXT,
    so_description=st.none() | _TEXT,
    customer_id=st.none() | _TEXT,
    account_number=st.none() | _TEXT,
    service_location_id=st.none() | _TEXT,
    network=st.none()
    | st.builds(Network, city=_TEXT, state=st.none() | _TEXT, postal_code=st.none() | _TEXT),
    start_date=st.none() | _WHEN,
    close_date=st.none() | _WHEN,
    crew_id=st.none() | _TEXT,
    associated_meters_list=st.lists(
        st.builds(
            AssociatedMeters,
            existing_meter=st.none() | _ORDER_METER,
            replacement_meter=_ORDER_METER,
        ),
        max_size=1,
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    orders=st.lists(_ORDERS, min_size=1, max_size=3),
    operation=st.sampled_from(
        [
            "ServiceOrderOpenedNotification",
            "ServiceOrderChangedNotification",
            "ServiceOrderClosedNotification",
        ]
    ),
)
def test_multispeak_to_cim_to_multispeak_keeps_every_mapped_order_value(
    schemas, orders, operation: str
) -> None:
    call = ServiceOrderNotification(changed_sos=orders)
    body = msp_binding.write(call, operation)
    assert schemas.validate(body) == []
    cim = translate_document(body, "cim", new_id=ids)
    assert schemas.validate(cim.document) == []
    assert cim.gaps.lost == []
    back = translate_document(cim.document, "msp41")
    assert schemas.validate(back.document) == []
    assert etree.QName(body_of(back.document)).localname == operation
    assert msp_binding.read(body_of(back.document), ServiceOrderNotification) == call


_READING = st.builds(
    lambda value, when: ReadingValue(value=str(value), units="kWh", time_stamp=when),
    st.decimals(min_value=0, max_value=10**6, places=1),
    _WHEN,
)
_EXCHANGES = st.builds(
    ElectricMeterExchange,
    object_id=st.none() | _TEXT,
    service_location_id=st.none() | _TEXT,
    electric_service_id=st.none() | _TEXT,
    out_meter_reading=st.builds(
        MeterReading,
        meter_id=st.builds(ReadingMeterID, value=_TEXT),
        reading_values=st.lists(_READING, max_size=2),
    ),
    in_meter_reading=st.none()
    | st.builds(
        MeterReading,
        meter_id=st.builds(ReadingMeterID, value=_TEXT),
        reading_values=st.lists(_READING, max_size=2),
    ),
    last_read_date=st.none() | _WHEN,
    time_stamp=st.none() | _WHEN,
)


@settings(max_examples=40, deadline=None)
@given(exchanges=st.lists(_EXCHANGES, min_size=1, max_size=2))
def test_meter_exchanges_keep_meters_values_and_times_both_ways(schemas, exchanges) -> None:
    call = MeterExchangeNotification(
        meter_changeout=MeterExchanges(electric_meter_exchanges=exchanges)
    )
    body = meter_exchange.write_exchange_call(call)
    assert schemas.validate(body) == []
    cim = translate_document(body, "cim", new_id=ids)
    assert schemas.validate(cim.document) == []
    assert cim.gaps.lost == []
    back = translate_document(cim.document, "msp41")
    assert schemas.validate(back.document) == []
    returned = meter_exchange.read_exchange_call(body_of(back.document))
    assert isinstance(returned, MeterExchangeNotification) and returned.meter_changeout
    for got, sent in zip(returned.meter_changeout.electric_meter_exchanges, exchanges, strict=True):
        assert (got.object_id, got.service_location_id, got.time_stamp, got.last_read_date) == (
            sent.object_id,
            sent.service_location_id,
            sent.time_stamp,
            sent.last_read_date,
        )
        for attribute in ("out_meter_reading", "in_meter_reading"):
            sent_reading, got_reading = getattr(sent, attribute), getattr(got, attribute)
            if sent_reading is None:
                assert got_reading is None or got_reading.meter_id is None
                continue
            assert got_reading.meter_id.value == sent_reading.meter_id.value
            assert [(Decimal(v.value), v.time_stamp) for v in got_reading.reading_values] == [
                (Decimal(v.value), v.time_stamp) for v in sent_reading.reading_values
            ]


_WORKS = st.builds(
    MeterServiceWork,
    kind=st.none() | st.sampled_from([WorkKind.SERVICE, WorkKind.REPAIR, WorkKind.TEST]),
    priority=st.none() | _TEXT,
    last_modified_date_time=st.none() | _WHEN,
    type=st.none() | _TEXT,
    customers=st.lists(
        st.builds(lambda c: Customer(names=[Name.typed(c, "customerID", "MultiSpeak")]), _TEXT),
        max_size=1,
    ),
    meter=st.builds(
        lambda value, mrid: Meter(
            mrid=mrid or value, names=[Name.typed(value, "meterID", "MultiSpeak")]
        ),
        _TEXT,
        st.none() | _TEXT.map(lambda text: f"g-{text}"),
    ),
    status=st.none()
    | st.builds(Status, value=st.sampled_from(["Active", "Closed", "OnHold", "Enroute"])),
)


@settings(max_examples=60, deadline=None)
@given(
    works=st.lists(_WORKS, min_size=1, max_size=3),
    numbers=st.lists(_TEXT, min_size=3, max_size=3),
)
def test_cim_to_multispeak_to_cim_keeps_the_work(schemas, works, numbers) -> None:
    message = _event(Verb.CLOSED, *works)
    assert message.header is not None
    for index, number in enumerate(numbers[: len(works)], start=1):
        suffix = f"[{index}]" if len(works) > 1 else ""
        message.header.properties.append(MessageProperty(f"serviceOrder.soNumber{suffix}", number))
    msp = translate_document(build_message(message), "msp41")
    assert schemas.validate(msp.document) == []
    assert msp.gaps.lost == []
    assert etree.QName(body_of(msp.document)).localname == "ServiceOrderClosedNotification"
    orders = msp_binding.read(body_of(msp.document), ServiceOrderNotification).changed_sos
    assert [order.so_number for order in orders] == numbers[: len(works)]
    back = translate_document(msp.document, "cim", new_id=ids)
    assert schemas.validate(back.document) == []
    returned, document = works_of(back.document)
    assert document.meter_service_works == works
    assert returned.header is not None and returned.header.verb is Verb.CLOSED
