"""Profile 8.22 ServiceDeliveryPoints: MultiSpeak ``electricService`` ids ⇄ CIM linked UsagePoints.

Values asserted on both sides; MultiSpeak output validated against the official 4.1.6 WSDL
schemas, CIM output against Message.xsd and the XSD the project declares for the profile.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from location_strategies import electric_services, msp_normal, typed
from meter_strategies import ids, optional, unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.customer_meter_data_set import CustomerAccount, CustomerAgreement, LinkedMeter
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.envelope import read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.service_delivery_points import CODEC_2009, CODEC_2013, UsagePoint, UsagePoints
from mspcim.cli import app
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import service_delivery_points
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.multispeak.v41.meter import ElectricLocationFields
from mspcim.multispeak.v41.service_location import ServiceLocation as MspServiceLocation
from mspcim.multispeak.v41.service_location_operations import ServiceLocationChangedNotification
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "service_delivery_points"
CHANGED = FIXTURES / "service_delivery_points_changed_2009.xml"
NOTIFICATION = "ServiceLocationChangedNotification"
ELECTRIC = ServiceCategory(kind=ServiceKind.ELECTRICITY)


def test_changed_service_delivery_points_become_their_locations_services(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == NOTIFICATION
    (location,) = msp_binding.read(body, ServiceLocationChangedNotification).service_locations
    assert (location.object_id, location.verb) == ("SL-0042-117", None)
    (service,) = location.electric_service_list
    assert service == ElectricService(
        object_id="UP-0042-117-1",
        customer_id="CU-77810",
        account_number="100-4521-07",
        service_location_id="SL-0042-117",
        meter_base_id="MB-0042-117-1",
        electric_meter_id="40017721",
    )
    assert result.gaps.lost == []
    converted = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "cim")
    message = read_message(converted.document)
    assert message.header is not None and message.header.noun == "UsagePoints"
    (point,) = CODEC_2013.read(message.payload[0]).usage_points
    assert point.meters == [LinkedMeter(end_device_names=[Name.typed("40017721", "meterID")])]


def test_an_electric_service_is_a_linked_point_and_its_configuration_is_reported():
    service = ElectricService(
        object_id="ES-1",
        section_id="OH-2291",
        customer_id="CU-1",
        service_location_id="SL-1",
        electric_meter_id="M-1",
        route="R-07",
        electric_location_fields=ElectricLocationFields(feeder_code="F-1"),
    )
    report = GapReport()
    (point,) = service_delivery_points.to_cim([service], report).usage_points
    assert point == UsagePoint(
        mrid="ES-1",
        service_point_names=[Name.typed("OH-2291", "sectionID", "MultiSpeak")],
        service_category=ELECTRIC,
        service_location=ServiceLocation(mrid="SL-1"),
        customer_agreement=CustomerAgreement(customer=Customer(mrid="CU-1")),
        meters=[LinkedMeter(end_device_names=[Name.typed("M-1", "meterID", "MultiSpeak")])],
    )
    lost = {entry.path: entry.reason for entry in report.lost}
    assert set(lost) == {
        "/electricService[1]/route",
        "/electricService[1]/electricLocationFields",
    }
    assert set(lost.values()) == {
        "the point's configuration is not part of this profile (see 8.28)"
    }


def test_points_of_another_kind_are_reported_not_sent_as_electric_services():
    document = UsagePoints(
        usage_points=[
            UsagePoint(mrid="UP-1", service_category=ELECTRIC),
            UsagePoint(mrid="UP-2", service_category=ServiceCategory(kind=ServiceKind.GAS)),
        ]
    )
    report = GapReport()
    services = service_delivery_points.to_msp(document, report)
    assert [service.object_id for service in services] == ["UP-1"]
    assert [(entry.path, entry.value, entry.kind) for entry in report] == [
        ("/UsagePoints/UsagePoint[2]", "UP-2", GapKind.LOST)
    ]


def linked_points() -> st.SearchStrategy[UsagePoint]:
    """Linked UsagePoints that profile 8.22 maps back."""
    return st.builds(
        UsagePoint,
        mrid=optional(ids),
        service_point_names=typed(["sectionID", "meterBaseID"]),
        service_category=st.just(ELECTRIC),
        service_location=optional(st.builds(ServiceLocation, mrid=ids)),
        customer_agreement=optional(
            st.builds(
                CustomerAgreement,
                customer=st.builds(Customer, mrid=ids),
                customer_account=optional(
                    st.builds(
                        CustomerAccount,
                        customer_account_names=ids.map(
                            lambda text: [Name.typed(text, "accountNumber", "MultiSpeak")]
                        ),
                    )
                ),
            )
        ),
        meters=st.lists(
            st.builds(
                LinkedMeter,
                end_device_names=ids.map(lambda text: [Name.typed(text, "meterID", "MultiSpeak")]),
            ),
            max_size=1,
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(linked_points(), min_size=1, max_size=3), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(points: list[UsagePoint], edition: Edition):
    report = GapReport()
    services = service_delivery_points.to_msp(UsagePoints(usage_points=points), report)
    assert report.lost == []
    services = msp_normal(MspServiceLocation(electric_service_list=services)).electric_service_list
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(service_delivery_points.to_cim(services)))
    assert unordered_names(back) == unordered_names(UsagePoints(usage_points=points))


def links_only(service: ElectricService) -> ElectricService:
    """``service`` with only what profile 8.22 maps: its ids and links."""
    return ElectricService(
        object_id=service.object_id,
        section_id=service.section_id,
        customer_id=service.customer_id,
        account_number=service.account_number,
        service_location_id=service.service_location_id,
        meter_base_id=service.meter_base_id,
        electric_meter_id=service.electric_meter_id,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(electric_services().map(links_only), min_size=1, max_size=3))
def test_multispeak_to_cim_to_multispeak_property(services: list[ElectricService]):
    report = GapReport()
    document = service_delivery_points.to_cim(services, report)
    assert report.lost == []
    back = service_delivery_points.to_msp(CODEC_2009.read(CODEC_2009.write(document)))
    assert back == services


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(linked_points(), min_size=1, max_size=3))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, points):
    services = service_delivery_points.to_msp(UsagePoints(usage_points=points))
    call = ServiceLocationChangedNotification(
        service_locations=[MspServiceLocation(electric_service_list=services)]
    )
    assert schemas.validate(msp_binding.write(call, NOTIFICATION)) == []


@pytest.mark.parametrize(("to", "root"), [("msp41", "Envelope"), ("cim", "EventMessage")])
def test_mspcim_translate_on_the_fixture(declared: SchemaSet, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(CHANGED), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
