"""Profile 8.26 SDPLocationConfig: MultiSpeak ``serviceLocation`` ⇄ CIM UsagePointLocation.

Values asserted on both sides; MultiSpeak output validated against the official 4.1.6 WSDL
schemas, CIM output against Message.xsd and the XSD the project declares for the profile.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from annex_a_strategies import cim_phones, cim_street_addresses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from location_strategies import filled, msp_normal, msp_service_locations, positions, typed
from meter_strategies import ids, optional, unordered_names, words
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.end_device_assets import ServiceCategory, ServiceKind
from mspcim.cim.envelope import read_message
from mspcim.cim.sdp_location_config import (
    CODEC_2009,
    CODEC_2013,
    UsagePoint,
    UsagePointLocation,
    UsagePointLocationConfig,
)
from mspcim.cli import app
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles import sdp_location_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.address import Address
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.multispeak.v41.service_location import ServiceLocation
from mspcim.multispeak.v41.service_location_operations import ServiceLocationChangedNotification
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sdp_location_config"
CREATED = FIXTURES / "sdp_location_config_created_2009.xml"
NOTIFICATION = "ServiceLocationChangedNotification"


def test_a_created_sdp_location_becomes_a_new_service_location(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CREATED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == NOTIFICATION
    (location,) = msp_binding.read(body, ServiceLocationChangedNotification).service_locations
    assert (location.object_id, location.verb) == ("SL-0213-001", "New")
    assert location.comments == "New strip mall, units A-D"
    assert location.grid_location == "T33N-R24W-S29"
    assert location.gps_point is not None
    assert (
        location.gps_point.latitude,
        location.gps_point.longitude,
        location.gps_point.altitude,
    ) == (Decimal("45.3404000"), Decimal("-93.2301100"), Decimal("279"))
    assert location.service_address is not None
    assert location.service_address.address1 == "301 Viking Blvd"
    assert (location.service_address.city, location.service_address.postal_code) == (
        "Cedar",
        "55011",
    )
    assert location.network is not None and location.network.county == "Anoka"
    assert [service.object_id for service in location.electric_service_list] == ["UP-0213-001-A"]
    assert {item.ext_name: item.ext_value for item in location.extensions_list} == {
        "CIM.UsagePointLocation.accessMethod": "Meter bank on the north wall"
    }
    (lost,) = result.gaps.lost
    assert lost.path == "/UsagePointLocationConfig/UsagePointLocation[1]/UsagePoints"
    assert lost.value == "UP-0213-001-W"
    assert lost.reason.startswith("a water service point")


def test_the_2009_document_converts_to_the_2013_noun(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CREATED.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.header is not None and message.header.noun == "UsagePointLocationConfig"
    (location,) = CODEC_2013.read(message.payload[0]).usage_point_locations
    assert (location.mrid, location.remark) == ("SL-0213-001", "New strip mall, units A-D")
    assert [point.mrid for point in location.usage_points] == ["UP-0213-001-A", "UP-0213-001-W"]


def test_a_service_location_is_the_location_of_its_points_and_their_configuration_is_lost():
    location = ServiceLocation(
        object_id="SL-1",
        comments="Gate code 4471",
        description="Farm house",
        service_address=Address(address1="18420 N Lake George Blvd NW", city="Oak Grove"),
        electric_service_list=[
            ElectricService(object_id="ES-1", route="R-07", electric_meter_id="40017721")
        ],
    )
    report = GapReport()
    (point_location,) = sdp_location_config.to_cim([location], report).usage_point_locations
    assert (point_location.mrid, point_location.remark) == ("SL-1", "Gate code 4471")
    assert {n.type_name: n.name for n in point_location.usage_point_location_names} == {
        "description": "Farm house"
    }
    assert point_location.main_address is not None
    street = point_location.main_address.street_detail
    assert street is not None and (street.number, street.name) == ("18420", "Lake George")
    assert point_location.usage_points == [
        UsagePoint(mrid="ES-1", service_category=ServiceCategory(kind=ServiceKind.ELECTRICITY))
    ]
    lost = {entry.path.rsplit("/", 1)[-1]: entry for entry in report.lost}
    assert set(lost) == {"route", "electricMeterID"}
    assert lost["route"].reason == "the point's configuration is profile 8.28, not its location"


def point_locations() -> st.SearchStrategy[UsagePointLocation]:
    """UsagePointLocations that profile 8.26 maps back (their points electric, by mRID)."""
    return st.builds(
        UsagePointLocation,
        mrid=optional(ids),
        access_method=optional(words),
        direction=optional(words),
        geo_info_reference=optional(ids),
        remark=optional(words),
        site_access_problem=optional(words),
        type=optional(ids),
        main_address=optional(filled(cim_street_addresses)),
        phone1=optional(cim_phones),
        usage_point_location_names=typed(["customerID", "network.lot", "description"]),
        position_points=st.lists(positions, max_size=1),
        usage_points=st.lists(
            st.builds(
                UsagePoint,
                mrid=ids,
                service_category=st.just(ServiceCategory(kind=ServiceKind.ELECTRICITY)),
            ),
            max_size=2,
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(point_locations(), min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(locations: list[UsagePointLocation], edition: Edition):
    report = GapReport()
    document = UsagePointLocationConfig(usage_point_locations=locations)
    msp = sdp_location_config.to_msp(document, report)
    assert report.lost == []
    call = msp_normal(ServiceLocationChangedNotification(service_locations=msp), NOTIFICATION)
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(sdp_location_config.to_cim(call.service_locations)))
    assert unordered_names(back) == unordered_names(document)


def by_id(location: ServiceLocation) -> ServiceLocation:
    """``location`` with its electric services named by id only (8.26 maps nothing else)."""
    services = [
        ElectricService(object_id=item.object_id) for item in location.electric_service_list
    ]
    return dataclasses.replace(location, electric_service_list=services)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(msp_service_locations().map(by_id), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(locations: list[ServiceLocation]):
    locations = msp_normal(
        ServiceLocationChangedNotification(service_locations=locations), NOTIFICATION
    ).service_locations
    report = GapReport()
    document = sdp_location_config.to_cim(locations, report)
    assert report.lost == []
    back = sdp_location_config.to_msp(CODEC_2009.read(CODEC_2009.write(document)))
    again = msp_normal(ServiceLocationChangedNotification(service_locations=back), NOTIFICATION)
    assert again.service_locations == locations


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(point_locations(), min_size=1, max_size=2))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, locations):
    msp = sdp_location_config.to_msp(UsagePointLocationConfig(usage_point_locations=locations))
    body = msp_binding.write(
        ServiceLocationChangedNotification(service_locations=msp), NOTIFICATION
    )
    assert schemas.validate(body) == []


@pytest.mark.parametrize(("to", "root"), [("msp41", "Envelope"), ("cim", "EventMessage")])
def test_mspcim_translate_on_the_fixture(declared: SchemaSet, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(CREATED), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
    if to == "msp41":
        assert '"kind": "lost"' in result.stderr and "water service point" in result.stderr
        assert '"kind": "carried"' in result.stderr
