"""Profile 8.4 CustomerMeterDataSet: a meter's utilityInfo ⇄ UsagePoint, location, customer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from meter_strategies import ids, unordered_names, utility_infos
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.customer_meter_data_set import (
    CODEC_2009,
    CODEC_2013,
    CustomerAccount,
    CustomerAgreement,
    CustomerMeterDataSet,
    LinkedMeter,
    UsagePoint,
)
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, Request, Verb
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import customer_meter_data_set
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter import ElectricMeter, Meters, ServiceID, UtilityInfo
from mspcim.multispeak.v41.meter_operations import (
    GetMeterByCustomerID,
    GetMeterByCustomerIDResponse,
    GetMeterByServiceLocationID,
    GetMeterByServiceLocationIDResponse,
    MeterChangedNotification,
)
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "customer_meter_data_set"
QUERY = FIXTURES / "get_meter_by_service_location_id.soap11.xml"
ANSWER = FIXTURES / "get_meter_by_service_location_id_response.soap11.xml"
CIM_ANSWER = FIXTURES / "customer_meter_data_set_response.xml"


def test_a_meter_is_a_usage_point_with_its_links():
    meter = ElectricMeter(
        object_id="g-1",
        meter_no="40017721",
        utility="NWEC",
        serial_number="IT-1",
        utility_info=UtilityInfo(
            district="North",
            service_location_id="SL-1",
            service_id=ServiceID(value="SP-1", service_type="Electric", object_id="sp-g"),
            account_number="100-4521-07",
            customer_id="CU-7",
        ),
    )
    report = GapReport()
    (point,) = customer_meter_data_set.to_cim([meter], report).usage_points
    assert point.mrid == "sp-g"
    assert {n.type_name: n.name for n in point.service_point_names} == {
        "serviceID": "SP-1",
        "utilityInfo.district": "North",
    }
    assert point.service_category == ServiceCategory(kind=ServiceKind.ELECTRICITY)
    assert point.service_location == ServiceLocation(mrid="SL-1")
    agreement = point.customer_agreement
    assert agreement is not None and agreement.customer == Customer(mrid="CU-7")
    assert agreement.customer_account is not None
    assert [n.name for n in agreement.customer_account.customer_account_names] == ["100-4521-07"]
    (linked,) = point.meters
    assert linked.mrid == "g-1"
    assert {n.type_name: n.name for n in linked.end_device_names} == {
        "meterID": "40017721",
        "utility": "NWEC",
    }
    serial = next(entry for entry in report if entry.path.endswith("/serialNumber"))
    assert serial.kind is GapKind.LOST
    assert "see MeterAssetConfig" in serial.reason
    district = next(entry for entry in report if entry.path.endswith("/district"))
    assert district.carried_in == "UsagePoint/Names[NameType/name='utilityInfo.district']"


def test_get_meter_by_service_location_id_asks_for_the_data_set(assert_schema_valid):
    result = translate_document(xmlsafe.parse(QUERY.read_bytes()), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.GET, "CustomerMeterDataSet")
    assert message.request is not None
    (location,) = message.request.ids
    assert (location.value, location.kind, location.id_type, location.object_type) == (
        "SL-0042-117",
        "uuid",
        "serviceLocationID",
        "ServiceLocation",
    )
    assert [(o.name, o.value) for o in message.request.options] == [("serviceType", "Electric")]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    query = msp_binding.read(read_envelope(back.document).first_body, GetMeterByServiceLocationID)
    assert (query.service_location_id, query.service_type) == ("SL-0042-117", "Electric")


def test_get_meter_by_customer_id_round_trips(assert_schema_valid):
    body = msp_binding.write(GetMeterByCustomerID(customer_id="CU-77810"), "GetMeterByCustomerID")
    result = translate_document(body, "cim")
    message = read_message(result.document)
    assert message.request is not None
    assert [(i.value, i.object_type) for i in message.request.ids] == [("CU-77810", "Customer")]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == "GetMeterByCustomerID"
    assert msp_binding.read(body, GetMeterByCustomerID).customer_id == "CU-77810"


def test_a_get_naming_neither_location_nor_customer_is_refused():
    request = Request(ids=[ObjectID("M-1", "name", "meterID", object_type="Meter")])
    message = Message(
        MessageKind.REQUEST, Header(Verb.GET, "CustomerMeterDataSet"), request=request
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert caught.value.xpath == "/Request/ID"


def test_the_multispeak_answer_becomes_a_data_set_response(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(ANSWER.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE
    assert message.header is not None and message.header.property(OPERATION_PROPERTY) is None
    document = CODEC_2013.read(message.payload[0])
    (point,) = document.usage_points
    assert point.mrid == "7a2c9e1f-3b4d-4f6a-8e0c-1d2b3c4d5e6f"
    assert point.meters[0].mrid == "5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01"
    lost = {entry.path.rsplit("/", 1)[1]: entry.value for entry in result.gaps.lost}
    assert lost == {"serialNumber": "IT-88120457"}


def test_the_cim_answer_becomes_the_multispeak_response(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CIM_ANSWER.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    body = read_envelope(result.document).first_body
    answer = msp_binding.read(body, GetMeterByServiceLocationIDResponse)
    assert answer.result is not None
    (meter,) = answer.result.electric_meters
    assert (meter.object_id, meter.meter_no) == ("5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01", "40017721")
    assert meter.utility_info == UtilityInfo(
        service_location_id="SL-0042-117",
        service_id=ServiceID(
            value="SP-0042-117-E",
            service_type="Electric",
            object_id="7a2c9e1f-3b4d-4f6a-8e0c-1d2b3c4d5e6f",
        ),
        account_number="100-4521-07",
        customer_id="CU-77810",
    )
    lost = [(entry.value, entry.reason) for entry in result.gaps.lost]
    assert ("AGR-2019-0042", "utilityInfo has no agreement id") in lost


def test_the_response_names_its_operation_when_not_the_default():
    meter = ElectricMeter(object_id="g-1", utility_info=UtilityInfo(customer_id="CU-1"))
    body = msp_binding.write(
        GetMeterByCustomerIDResponse(result=Meters(electric_meters=[meter])),
        "GetMeterByCustomerIDResponse",
    )
    result = translate_document(body, "cim")
    header = read_message(result.document).header
    assert header is not None
    assert header.property(OPERATION_PROPERTY) == "GetMeterByCustomerIDResponse"
    back = translate_document(result.document, "msp41")
    assert ns.local_name(read_envelope(back.document).first_body.tag) == (
        "GetMeterByCustomerIDResponse"
    )


@pytest.mark.parametrize("verb", [Verb.CHANGED, Verb.CREATED])
def test_a_data_set_event_becomes_a_meter_changed_notification(verb, assert_schema_valid):
    document = CustomerMeterDataSet(
        usage_points=[
            UsagePoint(
                service_location=ServiceLocation(mrid="SL-2"), meters=[LinkedMeter(mrid="g-2")]
            )
        ]
    )
    message = Message(
        MessageKind.EVENT,
        Header(verb, "CustomerMeterDataSet"),
        payload=[CODEC_2009.write(document)],
    )
    result = translate_document(build_message(message), "msp41")
    assert_schema_valid(result.document)
    call = msp_binding.read(read_envelope(result.document).first_body, MeterChangedNotification)
    assert call.meters is not None
    (meter,) = call.meters.electric_meters
    assert meter.object_id == "g-2"
    assert meter.utility_info == UtilityInfo(service_location_id="SL-2")


def test_a_deleted_data_set_has_no_multispeak_operation():
    message = Message(
        MessageKind.EVENT,
        Header(Verb.DELETED, "CustomerMeterDataSet"),
        payload=[CODEC_2013.write(CustomerMeterDataSet())],
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "links are created and changed with their meters" in str(caught.value)


@pytest.mark.parametrize(
    ("source", "to"), [(QUERY, "cim"), (ANSWER, "cim2009"), (CIM_ANSWER, "msp41")]
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "text"])
    assert result.exit_code == 0, result.stderr
    assert declared.validate(xmlsafe.parse(result.stdout_bytes)) == []
    assert "gaps:" in result.stderr


linked_meters = st.builds(
    ElectricMeter,
    object_id=st.none() | ids,
    meter_no=st.none() | ids,
    utility=st.none() | ids,
    utility_info=st.none() | utility_infos,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(linked_meters, min_size=1, max_size=3))
def test_multispeak_to_cim_to_multispeak_property(meters):
    report = GapReport()
    document = customer_meter_data_set.to_cim(meters, report)
    assert report.lost == []
    back = customer_meter_data_set.to_msp(CODEC_2013.read(CODEC_2013.write(document)))
    assert back == meters


points = st.builds(
    UsagePoint,
    mrid=st.none() | ids,
    service_point_names=st.lists(
        ids.map(lambda text: Name.typed(text, "serviceID", "MultiSpeak")), max_size=1
    ),
    service_category=st.none()
    | st.builds(ServiceCategory, kind=st.sampled_from([ServiceKind.WATER, ServiceKind.GAS])),
    service_location=st.none() | st.builds(ServiceLocation, mrid=ids),
    customer_agreement=st.none()
    | st.builds(
        CustomerAgreement,
        customer=st.none() | st.builds(Customer, mrid=ids),
        customer_account=st.none()
        | st.builds(
            CustomerAccount,
            customer_account_names=ids.map(
                lambda n: [Name.typed(n, "accountNumber", "MultiSpeak")]
            ),
        ),
    ).filter(lambda agreement: agreement.customer or agreement.customer_account),
    meters=st.lists(
        st.builds(
            LinkedMeter,
            mrid=ids,
            end_device_names=ids.map(lambda n: [Name.typed(n, "meterID", "MultiSpeak")]),
        ),
        max_size=1,
    ),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(points, min_size=1, max_size=3))
def test_cim_to_multispeak_to_cim_property(items):
    document = CustomerMeterDataSet(usage_points=items)
    report = GapReport()
    meters = customer_meter_data_set.to_msp(document, report)
    assert report.lost == []
    back = customer_meter_data_set.to_cim(meters)
    assert unordered_names(back) == unordered_names(document)
