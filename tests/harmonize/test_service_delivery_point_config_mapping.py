"""Profile 8.28 ServiceDeliveryPointConfig: MultiSpeak ``electricService`` ⇄ CIM UsagePoint.

The point's configuration and its network place (``electricLocationFields``: substation,
feeder, phase by the declared table, ``eaLoc``); a UsagePointConfig event reaches MultiSpeak as a
``ServiceLocationChangedNotification`` with the points grouped by their location.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from location_strategies import cim_usage_points, electric_services, msp_normal
from lxml import etree
from meter_strategies import unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.customer_meter_data_set import LinkedMeter
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.cim.meter_service_requests import PhaseCode
from mspcim.cim.service_delivery_point_config import (
    CODEC_2009,
    CODEC_2013,
    LinkedServiceLocation,
    PricingStructure,
    UsagePoint,
    UsagePointConfig,
)
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import service_delivery_point_config
from mspcim.harmonize.service_point_codecs import MSP_PHASE_CODES, PHASE_CODES
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.electric_service import (
    ElectricService,
    NodeIdentifier,
    ObjectRef,
    PowerStatus,
)
from mspcim.multispeak.v41.meter import EaLoc, ElectricLocationFields
from mspcim.multispeak.v41.service_location import ServiceLocation
from mspcim.multispeak.v41.service_location_operations import (
    ModifyCBDataForServiceLocations,
    ServiceLocationChangedNotification,
)
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "service_delivery_point_config"
CHANGED = FIXTURES / "usage_point_config_changed.xml"
NOTIFICATION = "ServiceLocationChangedNotification"


def names_of(names: list[Name]) -> dict[str, str]:
    return {name.type_name or "": name.name for name in names}


def services_of(document: etree._Element) -> list[ServiceLocation]:
    body = read_envelope(document).first_body
    assert ns.local_name(body.tag) == NOTIFICATION
    return msp_binding.read(body, ServiceLocationChangedNotification).service_locations


def test_an_electric_service_becomes_a_usage_point_with_its_network_place():
    service = ElectricService(
        object_id="ES-1",
        comments="Pump at the well",
        section_id="OH-2291",
        parent_section_ids=[ObjectRef(value="OH-2290")],
        from_node_id=NodeIdentifier(value="T-4471", object_id="N-88101"),
        customer_id="CU-1",
        account_number="100-1",
        service_location_id="SL-1",
        electric_meter_id="40017721",
        electric_location_fields=ElectricLocationFields(
            substation_code="SUB-12",
            feeder_code="F-0712",
            phase_code="Unknown",
            ea_loc=EaLoc(value="2291", noun="ohPrimaryLine", object_id="OH-2291"),
            pole_no="P-17-221",
        ),
        outage_status=PowerStatus.POWER_OFF,
        billing_cycle="14",
        route="R-07",
        disconnect_date=datetime(2026, 1, 5, 12, 0, tzinfo=UTC),
        rate_code="RES-1",
        service_sub_type="Irrigation",
    )
    report = GapReport()
    (point,) = service_delivery_point_config.to_cim([service], report).usage_points
    assert (point.mrid, point.service_delivery_remark) == ("ES-1", "Pump at the well")
    assert (point.read_cycle, point.read_route) == ("14", "R-07")
    assert point.phase_code is None
    assert point.service_location == LinkedServiceLocation(mrid="SL-1")
    assert [structure.code for structure in point.pricing_structures] == ["RES-1"]
    assert point.service_category is not None
    assert point.service_category.kind is not None
    assert point.service_category.kind.value == "electricity"
    assert names_of(point.service_category.service_category_names) == {
        "serviceSubType": "Irrigation"
    }
    carried = names_of(point.service_point_names)
    assert carried == {
        "electricLocationFields.phaseCode": "Unknown",
        "electricLocationFields.substationCode": "SUB-12",
        "electricLocationFields.feederCode": "F-0712",
        "electricLocationFields.poleNo": "P-17-221",
        "electricLocationFields.eaLoc": "2291",
        "electricLocationFields.eaLoc/@noun": "ohPrimaryLine",
        "electricLocationFields.eaLoc/@objectID": "OH-2291",
        "sectionID": "OH-2291",
        "outageStatus": "PowerOff",
        "disconnectDate": "2026-01-05T12:00:00Z",
        "fromNodeID": "T-4471",
        "fromNodeID/@objectID": "N-88101",
    }
    entries = {entry.path: entry for entry in report}
    assert entries["/electricService[1]/parentSectionID"].kind is GapKind.LOST
    unknown = entries["/electricService[1]/electricLocationFields/phaseCode"]
    assert (unknown.kind, unknown.value) == (GapKind.CHANGED, "Unknown")
    back = service_delivery_point_config.to_msp(UsagePointConfig(usage_points=[point]))
    (again,) = msp_normal(ServiceLocation(electric_service_list=back)).electric_service_list
    expected = dataclasses.replace(service, parent_section_ids=[])
    assert (
        again
        == msp_normal(ServiceLocation(electric_service_list=[expected])).electric_service_list[0]
    )


@pytest.mark.parametrize(("phase", "code"), sorted(PHASE_CODES.items()))
def test_each_multispeak_phase_is_a_cim_phase_code(phase: str, code: PhaseCode):
    service = ElectricService(electric_location_fields=ElectricLocationFields(phase_code=phase))
    (point,) = service_delivery_point_config.to_cim([service]).usage_points
    assert point.phase_code is code
    (back,) = service_delivery_point_config.to_msp(UsagePointConfig(usage_points=[point]))
    assert back.electric_location_fields == ElectricLocationFields(phase_code=phase)


def test_the_phase_table_covers_the_multispeak_enumeration(schemas: SchemaSet):
    wsdl = etree.parse(str(schemas.root / "multispeak-4.1.6" / "CB_Server.wsdl"))
    values = wsdl.xpath(
        "//xs:simpleType[@name='phaseCode']/xs:restriction/xs:enumeration/@value",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    assert set(values) == MSP_PHASE_CODES
    assert set(PHASE_CODES) == MSP_PHASE_CODES - {"Unknown"}
    assert all(code.value == phase for phase, code in PHASE_CODES.items())


def test_what_multispeak_has_no_place_for_is_reported():
    point = UsagePoint(
        phase_code=PhaseCode.S1N,
        service_point_names=[Name.typed("XY", "electricLocationFields.phaseCode", "MultiSpeak")],
        pricing_structures=[PricingStructure(mrid="ps-1", code="A"), PricingStructure(code="B")],
        meters=[],
    )
    report = GapReport()
    (service,) = service_delivery_point_config.to_msp(
        UsagePointConfig(usage_points=[point]), report
    )
    assert service.rate_code == "A"
    assert service.electric_location_fields is None
    lost = sorted((entry.value, entry.reason) for entry in report.lost)
    assert lost == [
        ("B", "an electricService has one rateCode"),
        ("XY", "not a MultiSpeak 4.1 phaseCode"),
        ("ps-1", "rateCode is the code, not the mRID"),
        ("s1N", "no MultiSpeak 4.1 phaseCode for this CIM PhaseCode"),
    ]


def test_a_usage_point_config_event_becomes_locations_with_their_points(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    first, second = services_of(result.document)
    assert (first.object_id, second.object_id) == ("SL-0042-117", "SL-0107-004")
    house, shed = first.electric_service_list
    assert (house.object_id, house.electric_meter_id, house.billing_cycle) == (
        "UP-0042-117-1",
        "40017721",
        "14",
    )
    assert house.electric_location_fields == ElectricLocationFields(
        feeder_code="F-0712", phase_code="BN", ea_loc=EaLoc(value="2291", noun="ohPrimaryLine")
    )
    assert shed.electric_location_fields == ElectricLocationFields(phase_code="Unknown")
    assert shed.rate_code == "GS-1PH"
    assert {item.ext_name: item.ext_value for item in shed.extensions_list} == {
        "CIM.UsagePoint.ratedPower": "25000"
    }
    (barn,) = second.electric_service_list
    assert (barn.customer_id, barn.service_location_id) == ("CU-80412", "SL-0107-004")
    lost = [(entry.path, entry.value) for entry in result.gaps.lost]
    assert lost == [
        ("/UsagePointConfig/UsagePoint[2]/PricingStructures", "NET-MTR"),
        ("/UsagePointConfig/UsagePoint[2]/phaseCode", "s12N"),
    ]


def cim_message(kind: MessageKind, verb: Verb, points: list[UsagePoint], edition: Edition):
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    noun = "UsagePointConfig" if edition is Edition.CIM2013 else "ServiceDeliveryPointConfig"
    header = Header(verb, noun, message_id="U-1")
    payload = [codec.write(UsagePointConfig(usage_points=points))]
    return build_message(Message(kind, header, payload=payload))


def test_deleted_points_carry_the_action_on_each_service(assert_schema_valid):
    points = [UsagePoint(mrid="UP-1", service_location=LinkedServiceLocation(mrid="SL-1"))]
    document = cim_message(MessageKind.EVENT, Verb.DELETED, points, Edition.CIM2009)
    result = translate_document(document, "msp41")
    assert_schema_valid(result.document)
    (location,) = services_of(result.document)
    assert (location.object_id, location.verb) == ("SL-1", None)
    assert [(s.object_id, s.verb) for s in location.electric_service_list] == [("UP-1", "Delete")]


def test_a_point_with_no_location_travels_in_a_location_without_id(assert_schema_valid):
    document = cim_message(
        MessageKind.EVENT, Verb.CREATED, [UsagePoint(mrid="UP-9")], Edition.CIM2013
    )
    result = translate_document(document, "msp41")
    assert_schema_valid(result.document)
    (location,) = services_of(result.document)
    assert location.object_id is None
    assert [(s.object_id, s.verb) for s in location.electric_service_list] == [("UP-9", "New")]
    changed = [entry for entry in result.gaps if entry.kind is GapKind.CHANGED]
    assert [(entry.path, entry.value) for entry in changed] == [
        ("/UsagePointConfig/UsagePoint[1]", "UP-9")
    ]


def test_a_change_request_becomes_modify_cb_data(assert_schema_valid):
    points = [UsagePoint(mrid="UP-2", read_route="R-9")]
    result = translate_document(
        cim_message(MessageKind.REQUEST, Verb.CHANGE, points, Edition.CIM2013), "msp41"
    )
    assert_schema_valid(result.document)
    body = read_envelope(result.document).first_body
    call = msp_binding.read(body, ModifyCBDataForServiceLocations)
    assert call.service_locations[0].electric_service_list[0].route == "R-9"


def test_a_get_has_no_multispeak_counterpart():
    document = build_message(
        Message(MessageKind.REQUEST, Header(Verb.GET, "UsagePointConfig", message_id="G-1"))
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(document, "msp41")
    assert "no MultiSpeak operation for get UsagePointConfig" in str(caught.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(electric_services(), min_size=1, max_size=3))
def test_multispeak_to_cim_to_multispeak_property(services: list[ElectricService]):
    services = msp_normal(ServiceLocation(electric_service_list=services)).electric_service_list
    report = GapReport()
    document = service_delivery_point_config.to_cim(services, report)
    assert report.lost == []
    back = service_delivery_point_config.to_msp(CODEC_2009.read(CODEC_2009.write(document)))
    assert msp_normal(ServiceLocation(electric_service_list=back)).electric_service_list == services


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_usage_points(), min_size=1, max_size=3), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(points: list[UsagePoint], edition: Edition):
    report = GapReport()
    services = service_delivery_point_config.to_msp(UsagePointConfig(usage_points=points), report)
    assert report.lost == []
    services = msp_normal(ServiceLocation(electric_service_list=services)).electric_service_list
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(service_delivery_point_config.to_cim(services)))
    assert unordered_names(back) == unordered_names(UsagePointConfig(usage_points=points))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_usage_points(), min_size=1, max_size=3))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, points):
    services = service_delivery_point_config.to_msp(UsagePointConfig(usage_points=points))
    call = ServiceLocationChangedNotification(
        service_locations=[ServiceLocation(electric_service_list=services)]
    )
    assert schemas.validate(msp_binding.write(call, NOTIFICATION)) == []


@pytest.mark.parametrize(("to", "root"), [("msp41", "Envelope"), ("cim2009", "EventMessage")])
def test_mspcim_translate_on_the_fixture(declared: SchemaSet, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(CHANGED), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []


def test_the_meter_is_named_by_its_number_and_what_else_it_has_is_reported():
    meters = [
        LinkedMeter(
            mrid="g-1",
            end_device_names=[Name.typed("M-1", "meterID"), Name.typed("NWEC", "utility")],
        ),
        LinkedMeter(mrid="g-2"),
    ]
    report = GapReport()
    (service,) = service_delivery_point_config.to_msp(
        UsagePointConfig(usage_points=[UsagePoint(meters=meters)]), report
    )
    assert service.electric_meter_id == "M-1"
    assert sorted((entry.value, entry.reason) for entry in report.lost) == [
        ("g-1", "electricMeterID is the meter number, not its mRID"),
        ("g-2", "electricMeterID names one meter"),
        ("utility=NWEC", "electricMeterID is the meter number only"),
    ]
    (service,) = service_delivery_point_config.to_msp(
        UsagePointConfig(usage_points=[UsagePoint(meters=[LinkedMeter(mrid="g-3")])])
    )
    assert service.electric_meter_id == "g-3"
