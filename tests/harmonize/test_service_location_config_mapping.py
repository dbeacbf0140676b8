"""Profile 8.29 ServiceLocationConfig: MultiSpeak service location operations ⇄ CIM, both ways.

Values asserted on both sides; MultiSpeak output validated against the official 4.1.6 WSDL
schemas, CIM output against Message.xsd and the XSD the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from location_strategies import cim_service_locations, msp_normal, msp_service_locations
from lxml import etree
from meter_strategies import unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import (
    Error,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    Verb,
)
from mspcim.cim.service_location_config import (
    CODEC_2009,
    CODEC_2013,
    PositionPoint,
    ServiceLocation,
    ServiceLocationConfig,
)
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import service_location_config
from mspcim.harmonize.service_location_config_messages import DEFAULT_RESPONSE, LOCATION_QUERIES
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import operation
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
    read_array_of_error_object_response,
)
from mspcim.multispeak.v41.service_location import ServiceLocation as MspServiceLocation
from mspcim.multispeak.v41.service_location_operations import (
    LOCATION_LISTS,
    QUERIES,
    QUERY_RESULTS,
    GetServiceLocationByMeterID,
    GetServiceLocationByPhaseCode,
    ModifyCBDataForServiceLocations,
    ServiceLocationChangedNotification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "service_location_config"
CHANGED = FIXTURES / "service_location_changed_notification.soap11.xml"
CIM_CHANGED = FIXTURES / "service_location_config_changed.xml"
NETWORK_CHANGED = FIXTURES / "service_location_network_changed_notification.soap11.xml"
NOTIFICATION = "ServiceLocationChangedNotification"
PATH = f"/{NOTIFICATION}/changedServiceLocations/serviceLocation[1]"


def soap(body: etree._Element) -> etree._Element:
    """``body`` in a SOAP 1.1 envelope with a MultiSpeakMsgHeader."""
    header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1").stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(header)])


def names_of(names: list[Name]) -> dict[str, str]:
    return {name.type_name or "": name.name for name in names}


def locations_in(message: Message) -> list[ServiceLocation]:
    document: ServiceLocationConfig = CODEC_2013.read(message.payload[0])
    return document.service_locations


def body_of(document: etree._Element) -> etree._Element:
    return read_envelope(document).first_body


# --- MultiSpeak → CIM


def test_a_changed_notification_becomes_a_changed_service_location_config(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "cim", new_id=lambda: "NEW")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.EVENT and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CHANGED, "ServiceLocationConfig")
    assert message.header.message_id == "MSG-2026-0415-0042"
    assert message.header.property(OPERATION_PROPERTY) is None
    (location,) = locations_in(message)
    assert location.mrid == "SL-0042-117"
    assert location.description == "Farm house and machine shed"
    assert location.geo_info_reference == "T32N-R24W-S17"
    (point,) = location.position_points
    assert (point.y_position, point.x_position, point.z_position) == (
        "45.0712345",
        "-93.4567891",
        "271.5",
    )
    address = location.main_address
    assert address is not None and address.street_detail is not None
    street = address.street_detail
    assert (street.number, street.prefix, street.name, street.type, street.suffix) == (
        "18420",
        "N",
        "Lake George",
        "Blvd",
        "NW",
    )
    assert address.town_detail is not None
    assert (address.town_detail.name, address.town_detail.state_or_province) == ("Oak Grove", "MN")
    assert (address.postal_code, address.town_detail.country) == ("55011", "US")
    assert location.phone1 is not None
    assert (location.phone1.area_code, location.phone1.local_number) == ("763", "555-0134")
    assert location.electronic_address is not None
    assert location.electronic_address.email1 == "lindqvist.farm@example.org"
    carried = names_of(location.service_location_names)
    assert carried["customerID"] == "CU-77810"
    assert carried["facilityName"] == "Lindqvist farm"
    assert carried["network.county"] == "Anoka"
    assert carried["network.section"] == "17"
    assert carried["phone1.phoneType"] == "Home"
    assert carried["timeZone/@UTCOffset"] == "-6"
    (service,) = location.usage_points
    assert service.mrid == "7a2c9e1f-3b4d-4f6a-8e0c-1d2b3c4d5e6f"
    assert service.phase_code is not None and service.phase_code.value == "BN"
    assert (service.read_cycle, service.read_route) == ("14", "R-07")
    assert service.service_delivery_remark == "Main house service"
    assert service.service_location is not None
    assert service.service_location.mrid == "SL-0042-117"
    agreement = service.customer_agreement
    assert agreement is not None and agreement.customer is not None
    assert agreement.customer.mrid == "CU-77810"
    assert agreement.customer_account is not None
    assert [n.name for n in agreement.customer_account.customer_account_names] == ["100-4521-07"]
    assert [names_of(meter.end_device_names) for meter in service.meters] == [
        {"meterID": "40017721"}
    ]
    assert [structure.code for structure in service.pricing_structures] == ["RES-FARM-1"]
    assert service.service_category is not None
    assert service.service_category.kind is not None
    assert service.service_category.kind.value == "electricity"
    assert names_of(service.service_category.service_category_names) == {
        "serviceSubType": "Residential farm"
    }
    network = names_of(service.service_point_names)
    assert network["electricLocationFields.feederCode"] == "F-0712"
    assert network["electricLocationFields.substationName"] == "Cedar Creek"
    assert network["electricLocationFields.eaLoc"] == "2291"
    assert network["electricLocationFields.eaLoc/@noun"] == "ohPrimaryLine"
    assert network["connectDate"] == "2019-05-02T00:00:00Z"
    assert network["fromNodeID/@objectID"] == "N-88101"
    entries = {entry.path: entry for entry in result.gaps}
    service_path = f"{PATH}/electricServiceList/electricService[1]"
    assert entries[f"{service_path}/parentSectionID"].kind is GapKind.LOST
    assert entries[f"{service_path}/electricLocationFields/feederCode"].kind is GapKind.CARRIED
    assert entries[f"{PATH}/waterServiceList"].kind is GapKind.LOST
    assert entries[f"{PATH}/extensionsList[1]"].value == "vendor.cisSegment=RES-RURAL"
    assert entries["/MultiSpeakMsgHeader/@Pwd"].value == "********"
    assert b"s3cret-Pwd" not in etree.tostring(result.document)


def test_the_2009_edition_names_the_points_service_delivery_points(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    message = read_message(result.document)
    assert message.header is not None and message.header.noun == "ServiceLocationConfig"
    payload = message.payload[0]
    namespace = "{http://iec.ch/TC57/2009/ServiceLocationConfig#}"
    assert payload.tag == f"{namespace}ServiceLocationConfig"
    assert payload.find(f"{namespace}ServiceLocation/{namespace}ServiceDeliveryPoints") is not None
    assert payload.find(f".//{namespace}UsagePoints") is None
    (location,) = CODEC_2009.read(payload).service_locations
    assert location.usage_points[0].read_route == "R-07"


@pytest.mark.parametrize(
    ("actions", "verb", "carried"),
    [
        (["New", "New"], Verb.CREATED, True),
        (["Delete"], Verb.DELETED, True),
        ([None, "Change"], Verb.CHANGED, True),
        (["New", "Delete"], Verb.CHANGED, False),
        (["Replace"], Verb.CHANGED, False),
    ],
)
def test_the_locations_action_is_the_header_verb(
    actions: list[str | None], verb: Verb, carried: bool
):
    locations = [
        MspServiceLocation(object_id=f"SL-{index}", verb=action)
        for index, action in enumerate(actions, start=1)
    ]
    body = msp_binding.write(
        ServiceLocationChangedNotification(service_locations=locations), NOTIFICATION
    )
    result = translate_document(soap(body), "cim")
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is verb
    entries = [entry for entry in result.gaps if entry.path.endswith("/@verb")]
    assert len(entries) == sum(action is not None for action in actions)
    kind = GapKind.CARRIED if carried else GapKind.LOST
    assert {entry.kind for entry in entries} == {kind}
    if carried:
        assert {entry.carried_in for entry in entries} == {"Header/Verb"}


@pytest.mark.parametrize(("verb", "action"), [(Verb.CREATED, "New"), (Verb.DELETED, "Delete")])
def test_a_created_or_deleted_event_comes_back_as_the_locations_action(verb: Verb, action: str):
    body = msp_binding.write(
        ServiceLocationChangedNotification(
            service_locations=[MspServiceLocation(object_id="SL-9", verb=action)]
        ),
        NOTIFICATION,
    )
    result = translate_document(soap(body), "cim")
    assert read_message(result.document).header.verb is verb  # type: ignore[union-attr]
    back = translate_document(result.document, "msp41")
    found = msp_binding.read(body_of(back.document), ServiceLocationChangedNotification)
    assert [(item.object_id, item.verb) for item in found.service_locations] == [("SL-9", action)]
    assert back.gaps.lost == []


def test_the_network_notification_is_named_by_a_property_and_comes_back_as_itself(
    declared: SchemaSet,
):
    name = "ServiceLocationNetworkChangedNotification"
    service = ElectricService(object_id="ES-1", electric_location_fields=None, route="R-2")
    call = LOCATION_LISTS[name](
        service_locations=[MspServiceLocation(object_id="SL-1", electric_service_list=[service])]
    )
    result = translate_document(soap(msp_binding.write(call, name)), "cim")
    message = read_message(result.document)
    assert message.header is not None
    assert (message.header.verb, message.header.property(OPERATION_PROPERTY)) == (
        Verb.CHANGED,
        name,
    )
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    body = body_of(back.document)
    assert ns.local_name(body.tag) == name
    again = msp_binding.read(body, LOCATION_LISTS[name])
    assert again.service_locations[0].electric_service_list[0].route == "R-2"


def test_modify_cb_data_is_a_change_request_and_comes_back(declared: SchemaSet):
    call = ModifyCBDataForServiceLocations(
        service_locations=[MspServiceLocation(object_id="SL-3", description="Pump house")]
    )
    result = translate_document(
        soap(msp_binding.write(call, "ModifyCBDataForServiceLocations")), "cim"
    )
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.REQUEST and message.header is not None
    assert message.header.verb is Verb.CHANGE
    assert locations_in(message)[0].description == "Pump house"
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    again = msp_binding.read(body_of(back.document), ModifyCBDataForServiceLocations)
    assert again == call


QUERY_CALLS = {
    "GetServiceLocationByServiceLocationID": {"service_location_id": "SL-7", "service_type": "Gas"},
    "GetServiceLocationByMeterID": {"meter_id": MeterID(value="40017721")},
    "GetServiceLocationByCustomerID": {"customer_id": "CU-77810"},
    "GetServiceLocationByAccountNumber": {"account_number": "100-4521-07"},
    "GetServiceLocationByPhaseCode": {"phase_code": "BN", "last_received": "SL-0100"},
    "GetAllServiceLocations": {"last_received": "SL-0200"},
    "GetAllServiceLocationsByServiceType": {"service_type": "Electric"},
}


@pytest.mark.parametrize("query", LOCATION_QUERIES, ids=lambda query: query.operation)
def test_each_query_is_a_get_and_comes_back_as_itself(query, assert_schema_valid):
    call = QUERIES[query.operation](**QUERY_CALLS[query.operation])
    result = translate_document(soap(msp_binding.write(call, query.operation)), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    request = message.request
    assert request is not None
    if query.id_parameter is None:
        assert request.ids == []
    else:
        (named,) = request.ids
        value = getattr(call, query.id_parameter)
        assert named.value == str(value)
        assert (named.id_type, named.object_type) == (query.id_type, query.object_type)
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body = body_of(back.document)
    assert ns.local_name(body.tag) == query.operation
    assert msp_binding.read(body, QUERIES[query.operation]) == call
    assert back.gaps.lost == []


def test_a_query_keeps_its_options_by_their_multispeak_names():
    call = GetServiceLocationByPhaseCode(phase_code="ABC", last_received="SL-9")
    result = translate_document(
        soap(msp_binding.write(call, "GetServiceLocationByPhaseCode")), "cim"
    )
    request = read_message(result.document).request
    assert request is not None
    assert [(o.name, o.value) for o in request.options] == [
        ("phaseCode", "ABC"),
        ("lastReceived", "SL-9"),
    ]


def test_the_meter_of_a_query_is_named_by_its_number_and_its_attributes_reported():
    call = GetServiceLocationByMeterID(meter_id=MeterID(value="M-1", utility="NWEC"))
    result = translate_document(soap(msp_binding.write(call, "GetServiceLocationByMeterID")), "cim")
    assert [(entry.value, entry.kind) for entry in result.gaps.lost] == [("NWEC", GapKind.LOST)]


def get(request: Request) -> etree._Element:
    header = Header(Verb.GET, "ServiceLocationConfig", message_id="G-1")
    return build_message(Message(MessageKind.REQUEST, header, request=request))


def test_a_get_naming_an_object_no_query_takes_is_refused():
    request = Request(ids=[ObjectID("T-1", "name", "transformerID", object_type="Transformer")])
    with pytest.raises(MessageFormatError) as caught:
        translate_document(get(request), "msp41")
    assert "names a ServiceLocation, Meter, Customer or CustomerAccount" in str(caught.value)
    assert caught.value.xpath == "/Request/ID"


def test_a_get_with_a_value_multispeak_does_not_enumerate_is_refused():
    with pytest.raises(MessageFormatError) as caught:
        translate_document(get(Request(options=[RequestOption("phaseCode", "s12N")])), "msp41")
    assert "'s12N' is not a MultiSpeak 4.1 phaseCode" in str(caught.value)


def test_options_and_ids_a_query_does_not_take_are_reported(assert_schema_valid):
    request = Request(
        ids=[
            ObjectID("CU-1", "uuid", "customerID", object_type="Customer"),
            ObjectID("CU-2", "uuid", "customerID", object_type="Customer"),
        ],
        options=[RequestOption("serviceType", "Electric")],
    )
    result = translate_document(get(request), "msp41")
    assert_schema_valid(result.document)
    body = body_of(result.document)
    assert ns.local_name(body.tag) == "GetServiceLocationByCustomerID"
    lost = {entry.path: entry.value for entry in result.gaps.lost}
    assert lost["/Request/ID"] == "CU-2"
    assert lost["/Request/Option[Name='serviceType']"] == "Electric"


@pytest.mark.parametrize("name", sorted(QUERY_RESULTS))
def test_each_response_round_trips_as_itself(name: str, declared: SchemaSet):
    location = MspServiceLocation(object_id="SL-5", description="Well house", grid_location="G-5")
    body = msp_binding.write(QUERY_RESULTS[name](result=[location]), name)
    result = translate_document(soap(body), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE and message.reply is not None
    assert message.reply.result is ReplyResult.OK
    assert message.header is not None
    expected = None if name == DEFAULT_RESPONSE else name
    assert message.header.property(OPERATION_PROPERTY) == expected
    assert locations_in(message)[0].geo_info_reference == "G-5"
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    found = body_of(back.document)
    assert ns.local_name(found.tag) == name
    assert msp_binding.read(found, QUERY_RESULTS[name]).result == [location]


def test_modify_cb_data_errors_become_a_failed_reply_and_come_back(assert_schema_valid):
    errors = [ErrorObject(object_id="SL-3", error_string="unknown location")]
    body = build_array_of_error_object_response("ModifyCBDataForServiceLocations", errors)
    result = translate_document(soap(body), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.reply is not None and message.reply.result is ReplyResult.FAILED
    assert [(error.id.value if error.id else None) for error in message.reply.errors] == ["SL-3"]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    found = read_array_of_error_object_response(body_of(back.document))
    assert [(item.object_id, item.error_string) for item in found] == [("SL-3", "unknown location")]


def test_errors_of_a_query_response_with_locations_are_reported():
    document = ServiceLocationConfig(service_locations=[ServiceLocation(mrid="SL-1")])
    reply = Reply(ReplyResult.PARTIAL, errors=[Error("2.4", reason="SL-2 unknown")])
    message = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "ServiceLocationConfig", message_id="R-1"),
        reply=reply,
        payload=[CODEC_2013.write(document)],
    )
    result = translate_document(build_message(message), "msp41")
    assert ns.local_name(body_of(result.document).tag) == DEFAULT_RESPONSE
    lost = {entry.path: entry for entry in result.gaps.lost}
    assert lost["/Reply/Error"].value == "1 errors"
    assert lost["/Reply/Error"].reason == f"{DEFAULT_RESPONSE} has no place for errors"


# --- CIM → MultiSpeak


def test_a_changed_service_location_config_becomes_a_changed_notification(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CIM_CHANGED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    envelope = read_envelope(result.document)
    assert envelope.header is not None
    call = msp_binding.read(envelope.first_body, ServiceLocationChangedNotification)
    (location,) = call.service_locations
    assert (location.object_id, location.verb) == ("SL-0107-004", None)
    assert location.description == "Riverside dairy barn"
    assert location.grid_location == "T32N-R25W-S08"
    assert location.customer_id == "CU-80412"
    assert location.gps_point is not None
    assert (location.gps_point.latitude, location.gps_point.longitude) == (
        Decimal("45.1977340"),
        Decimal("-93.3870215"),
    )
    assert location.service_address is not None
    assert location.service_address.address1 == "2210 Ferry St NW"
    assert (location.service_address.city, location.service_address.postal_code) == (
        "Anoka",
        "55303",
    )
    (phone,) = location.phone_list
    assert phone.phone is not None
    assert (phone.phone.country_code, phone.phone.area_code, phone.phone.local_number) == (
        "1",
        "763",
        "555-0199",
    )
    assert location.contact_info is not None
    assert [item.e_mail for item in location.contact_info.e_mail_list] == [
        "ops@riverside-dairy.example"
    ]
    carried = {item.ext_name: item.ext_value for item in location.extensions_list}
    assert carried == {
        "CIM.ServiceLocation.needsInspection": "true",
        "CIM.ServiceLocation.accessMethod": "Key at the milk house",
        "CIM.ServiceLocation.siteAccessProblem": "Bull in east paddock",
    }
    (service,) = location.electric_service_list
    assert service.object_id == "c41e7d20-8a9b-4c3d-b2e1-0f9a8b7c6d5e"
    assert (service.customer_id, service.account_number) == ("CU-80412", "100-8890-02")
    assert (service.electric_meter_id, service.rate_code) == ("40020417", "GS-3PH")
    assert (service.billing_cycle, service.route) == ("09", "R-11")
    assert service.electric_location_fields is not None
    fields = service.electric_location_fields
    assert (fields.feeder_code, fields.phase_code) == ("F-0803", "ABCN")
    extensions = {item.ext_name: item.ext_value for item in service.extensions_list}
    assert extensions["CIM.UsagePoint.nominalServiceVoltage"] == "480"
    assert extensions["CIM.UsagePoint.grounded"] == "true"
    lost = result.gaps.lost
    assert [(entry.path, entry.value) for entry in lost] == [
        ("/ServiceLocationConfig/ServiceLocation[1]/Names[2]", "parcelNumber=PIN 08-32-25-41-0007")
    ]


def test_a_change_request_becomes_modify_cb_data_and_create_the_action_new():
    document = ServiceLocationConfig(service_locations=[ServiceLocation(mrid="SL-4")])
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CREATE, "ServiceLocationConfig", message_id="C-1"),
        payload=[CODEC_2013.write(document)],
    )
    result = translate_document(build_message(message), "msp41")
    call = msp_binding.read(body_of(result.document), ModifyCBDataForServiceLocations)
    assert [(item.object_id, item.verb) for item in call.service_locations] == [("SL-4", "New")]


def test_a_verb_with_no_operation_is_refused():
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CLOSED, "ServiceLocationConfig", message_id="X"),
        payload=[CODEC_2013.write(ServiceLocationConfig())],
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "no MultiSpeak operation for closed ServiceLocationConfig" in str(caught.value)


def test_operations_are_in_the_catalogue():
    assert operation("OA_Server", NOTIFICATION).cim_noun == "ServiceLocationConfig"
    assert operation("CD_Server", NOTIFICATION).cim_verb == "changed"
    assert operation("CB_Server", "ServiceLocationNetworkChangedNotification").cim_verb == "changed"
    assert operation("MDM_Server", "GetServiceLocationByServiceLocationID").cim_verb == "get"
    assert operation("CB_Server", "ModifyCBDataForServiceLocations").cim_verb == "change"


# --- round trips


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(msp_service_locations(), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(locations: list[MspServiceLocation]):
    locations = msp_normal(
        ServiceLocationChangedNotification(service_locations=locations), NOTIFICATION
    ).service_locations
    report = GapReport()
    document = service_location_config.to_cim(locations, report)
    assert report.lost == []
    back = service_location_config.to_msp(CODEC_2013.read(CODEC_2013.write(document)))
    again = msp_normal(ServiceLocationChangedNotification(service_locations=back), NOTIFICATION)
    assert again.service_locations == locations


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_service_locations(), min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(locations: list[ServiceLocation], edition: Edition):
    report = GapReport()
    msp = service_location_config.to_msp(ServiceLocationConfig(service_locations=locations), report)
    assert report.lost == []
    msp = msp_normal(
        ServiceLocationChangedNotification(service_locations=msp), NOTIFICATION
    ).service_locations
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(service_location_config.to_cim(msp, GapReport())))
    assert unordered_names(back) == unordered_names(
        ServiceLocationConfig(service_locations=locations)
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_service_locations(), min_size=1, max_size=2))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, locations):
    msp = service_location_config.to_msp(ServiceLocationConfig(service_locations=locations))
    body = msp_binding.write(
        ServiceLocationChangedNotification(service_locations=msp), NOTIFICATION
    )
    assert schemas.validate(body) == []


# --- the command line


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (CHANGED, "cim", "EventMessage"),
        (CHANGED, "cim2009", "EventMessage"),
        (CIM_CHANGED, "msp41", "Envelope"),
        (CIM_CHANGED, "cim2009", "EventMessage"),
        (NETWORK_CHANGED, "cim", "EventMessage"),
    ],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
    if to != "cim2009" or source is CHANGED:
        assert '"kind": "carried"' in result.stderr
    if source is NETWORK_CHANGED:
        message = read_message(document)
        assert message.header is not None
        assert message.header.property(OPERATION_PROPERTY) == (
            "ServiceLocationNetworkChangedNotification"
        )
        (point,) = locations_in(message)[0].usage_points
        assert point.phase_code is not None and point.phase_code.value == "CN"
        assert names_of(point.service_point_names)["electricLocationFields.feederCode"] == "F-1402"


def test_the_fixture_times_read_as_utc():
    call = msp_binding.read(
        body_of(xmlsafe.parse(CHANGED.read_bytes())), ServiceLocationChangedNotification
    )
    service = call.service_locations[0].electric_service_list[0]
    assert service.connect_date == datetime(2019, 5, 2, tzinfo=UTC)


def test_position_points_gps_has_no_place_for_are_reported():
    points = [
        PositionPoint(sequence_number=1, x_position="-93.2", y_position="45.1"),
        PositionPoint(x_position="-93.3", y_position="45.2"),
    ]
    report = GapReport()
    (location,) = service_location_config.to_msp(
        ServiceLocationConfig(service_locations=[ServiceLocation(position_points=points)]), report
    )
    assert location.gps_point is not None
    assert (location.gps_point.latitude, location.gps_point.longitude) == (
        Decimal("45.1"),
        Decimal("-93.2"),
    )
    assert sorted(entry.value for entry in report.lost) == ["-93.3 45.2", "1"]
    grid = [PositionPoint(x_position="512033.1E", y_position="4997710.4N")]
    report = GapReport()
    (location,) = service_location_config.to_msp(
        ServiceLocationConfig(service_locations=[ServiceLocation(position_points=grid)]), report
    )
    assert location.gps_point is None
    assert [(entry.value, entry.reason) for entry in report.lost] == [
        ("512033.1E 4997710.4N", "not decimal degrees: gpsPoint has no place for it")
    ]
