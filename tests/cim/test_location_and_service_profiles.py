"""The location and service profiles as the project declares them (8.21, 8.22, 8.26–8.29).

Both editions written, valid against the XSD they declare, read back equal; first-edition names;
the registry; types and multiplicities of the declared schemas; clear errors on bad input.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim import (
    activity_records,
    sdp_location_config,
    service_category_config,
    service_delivery_point_config,
    service_delivery_points,
    service_location_config,
)
from mspcim.cim.activity_records import ActivityRecord, ActivityRecords, Asset
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.common_classes import StreetAddress, StreetDetail, TelephoneNumber, TownDetail
from mspcim.cim.customer_meter_data_set import CustomerAccount, CustomerAgreement, LinkedMeter
from mspcim.cim.customer_meter_data_set import UsagePoint as LinkedPoint
from mspcim.cim.end_device_assets import Customer, ServiceKind
from mspcim.cim.end_device_assets import ServiceCategory as Kind
from mspcim.cim.end_device_assets import UsagePoint as PointReference
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.meter_service_requests import PhaseCode
from mspcim.cim.payloads import PayloadCodec
from mspcim.cim.sdp_location_config import UsagePointLocation, UsagePointLocationConfig
from mspcim.cim.service_category_config import ServiceCategory, ServiceCategoryConfig
from mspcim.cim.service_delivery_point_config import (
    LinkedServiceLocation,
    PricingStructure,
    UsagePoint,
    UsagePointConfig,
)
from mspcim.cim.service_delivery_points import UsagePoints
from mspcim.cim.service_location_config import PositionPoint, ServiceLocation, ServiceLocationConfig
from mspcim.exceptions import MappingError, MessageFormatError

XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
WHEN = datetime(2026, 4, 20, 10, 12, tzinfo=UTC)
NAME = Name.typed("F-0803", "electricLocationFields.feederCode", "MultiSpeak")


def point() -> UsagePoint:
    return UsagePoint(
        mrid="c41e7d20",
        check_billing=False,
        grounded=True,
        nominal_service_voltage=Decimal("480"),
        phase_code=PhaseCode.ABCN,
        rated_current=Decimal("400.5"),
        read_cycle="09",
        read_route="R-11",
        service_delivery_remark="Three-phase barn service",
        service_point_names=[NAME],
        service_category=ServiceCategory(
            kind=ServiceKind.ELECTRICITY, service_category_names=[Name(name="Farm")]
        ),
        service_location=LinkedServiceLocation(mrid="SL-0107-004"),
        customer_agreement=CustomerAgreement(
            customer=Customer(mrid="CU-80412"),
            customer_account=CustomerAccount(customer_account_names=[Name(name="100-8890-02")]),
        ),
        meters=[LinkedMeter(end_device_names=[Name.typed("40020417", "meterID")])],
        pricing_structures=[PricingStructure(code="GS-3PH")],
    )


def location() -> ServiceLocation:
    return ServiceLocation(
        mrid="SL-0107-004",
        access_method="Key at the milk house",
        description="Riverside dairy barn",
        geo_info_reference="T32N-R25W-S08",
        needs_inspection=True,
        main_address=StreetAddress(
            postal_code="55303",
            street_detail=StreetDetail(number="2210", name="Ferry", type="St"),
            town_detail=TownDetail(name="Anoka", state_or_province="MN"),
        ),
        phone1=TelephoneNumber(area_code="763", local_number="555-0199"),
        service_location_names=[Name.typed("CU-80412", "customerID", "MultiSpeak")],
        position_points=[PositionPoint(x_position="-93.3870215", y_position="45.1977340")],
        usage_points=[point()],
    )


DOCUMENTS: dict[str, Any] = {
    "UsagePointConfig": UsagePointConfig(usage_points=[point()]),
    "ServiceLocationConfig": ServiceLocationConfig(service_locations=[location()]),
    "UsagePointLocationConfig": UsagePointLocationConfig(
        usage_point_locations=[
            UsagePointLocation(
                mrid="SL-0107-004",
                remark="Gate code 4471",
                site_access_problem="Bull in east paddock",
                position_points=[PositionPoint(x_position="-93.38", y_position="45.19")],
                usage_points=[
                    PointReference(
                        mrid="c41e7d20", service_category=Kind(kind=ServiceKind.ELECTRICITY)
                    )
                ],
            )
        ]
    ),
    "UsagePoints": UsagePoints(
        usage_points=[
            LinkedPoint(
                mrid="c41e7d20",
                service_point_names=[NAME],
                service_category=Kind(kind=ServiceKind.ELECTRICITY),
                meters=[LinkedMeter(mrid="m-1")],
            )
        ]
    ),
    "ServiceCategoryConfig": ServiceCategoryConfig(
        service_categories=[
            ServiceCategory(mrid="sc-1", description="Farm service", kind=ServiceKind.ELECTRICITY)
        ]
    ),
    "ActivityRecords": ActivityRecords(
        activity_records=[
            ActivityRecord(
                mrid="h-1",
                created_date_time=WHEN,
                reason="annual test",
                severity="low",
                type="Tested",
                status=Status(value="Active"),
                assets=[Asset(mrid="g-1", asset_names=[Name.typed("40017721", "meterID")])],
            )
        ]
    ),
}

MODULES = (
    activity_records,
    sdp_location_config,
    service_category_config,
    service_delivery_point_config,
    service_delivery_points,
    service_location_config,
)
CODECS: list[PayloadCodec] = [
    codec for module in MODULES for codec in (module.CODEC_2013, module.CODEC_2009)
]


def codec_id(codec: PayloadCodec) -> str:
    return f"{codec.noun}-{codec.edition.value}"


@pytest.mark.parametrize("codec", CODECS, ids=codec_id)
def test_a_full_document_is_written_valid_and_read_back(codec: PayloadCodec):
    document = DOCUMENTS[codec.noun]
    element = codec.write(document)
    assert codec.declared_schema is not None and codec.official_schema is None
    etree.XMLSchema(codec.declared_schema()).assertValid(element)
    assert codec.read(element) == document


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (service_delivery_point_config, ("UsagePointConfig", "ServiceDeliveryPointConfig")),
        (sdp_location_config, ("UsagePointLocationConfig", "SDPLocationConfig")),
        (service_delivery_points, ("UsagePoints", "ServiceDeliveryPoints")),
    ],
)
def test_header_nouns_differ_by_edition_and_the_registry_keys_the_2013_one(module, names):
    assert {Edition.CIM2013: names[0], Edition.CIM2009: names[1]} == module.NOUNS
    assert payload_codec(names[0], Edition.CIM2013) is module.CODEC_2013
    assert payload_codec(names[0], Edition.CIM2009) is module.CODEC_2009
    assert module.CODEC_2009.tag == f"{{http://iec.ch/TC57/2009/{names[1]}#}}{names[1]}"
    assert module.CODEC_2013.tag == f"{{http://iec.ch/TC57/2011/{names[0]}#}}{names[0]}"
    assert payload_for_tag(module.CODEC_2009.tag) is module.CODEC_2009


def q(codec: PayloadCodec, *path: str) -> str:
    namespace = codec.tag[1:].partition("}")[0]
    return "/".join(f"{{{namespace}}}{step}" for step in path)


def test_the_2009_edition_uses_first_edition_names():
    codec = service_delivery_point_config.CODEC_2009
    element = codec.write(DOCUMENTS["UsagePointConfig"])
    assert element.tag == q(codec, "ServiceDeliveryPointConfig")
    sdp = element.find(q(codec, "ServiceDeliveryPoint"))
    assert sdp is not None and sdp.findtext(q(codec, "phaseCode")) == "ABCN"
    assert sdp.find(q(codec, "MeterAsset", "Names", "name")).text == "40020417"
    locations = sdp_location_config.CODEC_2009
    element = locations.write(DOCUMENTS["UsagePointLocationConfig"])
    assert element.find(q(locations, "SDPLocation", "ServiceDeliveryPoints", "mRID")) is not None
    config = service_location_config.CODEC_2009
    element = config.write(DOCUMENTS["ServiceLocationConfig"])
    found = element.find(q(config, "ServiceLocation", "ServiceDeliveryPoints", "readRoute"))
    assert found is not None and found.text == "R-11"


def test_the_2013_edition_uses_second_edition_names():
    codec = service_location_config.CODEC_2013
    element = codec.write(DOCUMENTS["ServiceLocationConfig"])
    usage = element.find(q(codec, "ServiceLocation", "UsagePoints"))
    assert usage is not None
    assert usage.findtext(q(codec, "nominalServiceVoltage")) == "480"
    assert usage.findtext(q(codec, "PricingStructures", "code")) == "GS-3PH"
    assert element.findtext(q(codec, "ServiceLocation", "PositionPoints", "yPosition")) == (
        "45.1977340"
    )
    street = element.find(q(codec, "ServiceLocation", "mainAddress", "streetDetail"))
    assert street is not None and street.findtext(q(codec, "name")) == "Ferry"


def test_the_declared_schema_states_types_and_multiplicities():
    schema = service_location_config.CODEC_2009.declared_schema()  # type: ignore[misc]
    declared = schema.xpath("xs:complexType/@name", namespaces=XS)
    assert len(declared) == len(set(declared)), "every type is declared once"
    assert {"ServiceLocation", "LinkedServiceLocation", "ServiceDeliveryPoint"} <= set(declared)
    location_type = schema.xpath("xs:complexType[@name='ServiceLocation']", namespaces=XS)[0]
    elements = {
        e.get("name"): e for e in location_type.xpath("xs:sequence/xs:element", namespaces=XS)
    }
    assert elements["PositionPoints"].get("maxOccurs") == "unbounded"
    assert elements["ServiceDeliveryPoints"].get("type") == "m:ServiceDeliveryPoint"
    assert elements["needsInspection"].get("type") == "xs:boolean"
    assert elements["mainAddress"].get("type") == "m:StreetAddress"
    position = schema.xpath("xs:complexType[@name='PositionPoint']", namespaces=XS)[0]
    x_position = position.xpath("xs:sequence/xs:element[@name='xPosition']", namespaces=XS)[0]
    assert x_position.get("minOccurs") is None
    phases = schema.xpath(
        "xs:complexType[@name='ServiceDeliveryPoint']//xs:element[@name='phaseCode']"
        "//xs:enumeration/@value",
        namespaces=XS,
    )
    assert {"ABCN", "s12N", "BN"} <= set(phases)
    voltage = schema.xpath(
        "xs:complexType[@name='ServiceDeliveryPoint']//xs:element[@name='nominalServiceVoltage']",
        namespaces=XS,
    )[0]
    assert voltage.get("type") == "xs:float"


def test_a_document_of_another_edition_is_refused_with_its_place():
    element = service_delivery_point_config.CODEC_2013.write(DOCUMENTS["UsagePointConfig"])
    with pytest.raises(MessageFormatError) as caught:
        service_delivery_point_config.CODEC_2009.read(element)
    assert "expected ServiceDeliveryPointConfig" in str(caught.value)
    assert caught.value.xpath == "/ServiceDeliveryPointConfig"


def test_bad_values_name_their_path():
    codec = service_location_config.CODEC_2013
    element = codec.write(DOCUMENTS["ServiceLocationConfig"])
    element.find(q(codec, "ServiceLocation", "needsInspection")).text = "maybe"
    with pytest.raises(MappingError) as caught:
        codec.read(element)
    assert caught.value.xpath == "/ServiceLocationConfig/ServiceLocation[1]/needsInspection[1]"


texts = st.text(alphabet="ABCDEFGHJK0123456789- ", min_size=1, max_size=12)
decimals = st.decimals(places=3, min_value=0, max_value=10_000, allow_nan=False)
names = st.builds(Name.typed, texts, st.sampled_from(["customerID", "sectionID", "SIC"]))
usage_points = st.builds(
    UsagePoint,
    mrid=st.none() | texts,
    grounded=st.none() | st.booleans(),
    nominal_service_voltage=st.none() | decimals,
    phase_code=st.none() | st.sampled_from(PhaseCode),
    read_cycle=st.none() | texts,
    service_point_names=st.lists(names, max_size=2),
    service_location=st.none() | st.builds(LinkedServiceLocation, mrid=texts),
    pricing_structures=st.lists(st.builds(PricingStructure, code=texts), max_size=2),
)
locations = st.builds(
    ServiceLocation,
    mrid=st.none() | texts,
    description=st.none() | texts,
    needs_inspection=st.none() | st.booleans(),
    phone1=st.none() | st.builds(TelephoneNumber, area_code=texts, local_number=texts),
    service_location_names=st.lists(names, max_size=2),
    position_points=st.lists(
        st.builds(PositionPoint, x_position=texts, y_position=texts, sequence_number=st.none()),
        max_size=2,
    ),
    usage_points=st.lists(usage_points, max_size=2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(locations, max_size=2),
    st.sampled_from([service_location_config.CODEC_2013, service_location_config.CODEC_2009]),
)
def test_round_trip_property(items: list[ServiceLocation], codec: PayloadCodec):
    document = ServiceLocationConfig(service_locations=items)
    element = codec.write(document)
    assert etree.XMLSchema(codec.declared_schema()).validate(element)  # type: ignore[misc]
    assert codec.read(element) == document
