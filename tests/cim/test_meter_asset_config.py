"""Profile MeterAssetConfig as the project declares it: both editions written, read and valid."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_assets import (
    AssetModel,
    ComFunction,
    ConnectDisconnectFunction,
    Customer,
    ElectricMeteringFunction,
    EndDeviceInfo,
    LifecycleDate,
    Manufacturer,
    ReadingType,
    Register,
    RemoteConnectDisconnectInfo,
    Seal,
    ServiceCategory,
    ServiceKind,
    ServiceLocation,
    UsagePoint,
)
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.meter_asset_config import (
    CODEC_2009,
    CODEC_2013,
    NAMESPACE_2009,
    NAMESPACE_2013,
    NOUNS,
    Meter,
    MeterConfig,
)
from mspcim.exceptions import MappingError, MessageFormatError

KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
WHEN = datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}


def full_meter() -> Meter:
    return Meter(
        mrid="5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01",
        description="New AMI meter",
        amr_system="Itron OpenWay",
        asset_type="Residential single phase",
        phase_count=1,
        serial_number="IT-88120457",
        end_device_names=[Name.typed("40017721", "meterID", "MultiSpeak")],
        status=Status(value="Active", date_time=WHEN, reason="installed"),
        lifecycle=LifecycleDate(installation_date=WHEN),
        end_device_info=EndDeviceInfo(
            asset_model=AssetModel(
                model_number="C2SOD-CL200",
                model_version="B",
                manufacturer=Manufacturer(name="Itron"),
            )
        ),
        com_functions=[ComFunction(mrid="mod-1", amr_address="00:13:50", two_way=True)],
        connect_disconnect_function=ConnectDisconnectFunction(
            is_connected=True, rcd_info=RemoteConnectDisconnectInfo(is_arm_connect=True)
        ),
        electric_metering_function=ElectricMeteringFunction(
            billing_multiplier=Decimal(1), current_rating=Decimal(200), voltage_rating=Decimal(240)
        ),
        registers=[
            Register(
                left_digit_count=5,
                reading_type=ReadingType(mrid=KWH, reading_type_names=[Name(name="Total kWh")]),
            )
        ],
        seals=[Seal(seal_number="SEAL-991203")],
        customer=Customer(mrid="CU-77810"),
        service_location=ServiceLocation(mrid="SL-0042-117"),
        usage_point=UsagePoint(
            mrid="7a2c9e1f", service_category=ServiceCategory(kind=ServiceKind.ELECTRICITY)
        ),
        form_number="2S",
        k_h=Decimal("7.2"),
        k_r=Decimal(1),
    )


def q(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


@pytest.mark.parametrize("codec", [CODEC_2013, CODEC_2009], ids=["2013", "2009"])
def test_a_full_meter_is_written_valid_and_read_back(codec):
    document = MeterConfig(meters=[full_meter()])
    element = codec.write(document)
    etree.XMLSchema(codec.declared_schema()).assertValid(element)
    assert codec.read(element) == document


def test_the_2013_edition_uses_second_edition_names():
    element = CODEC_2013.write(MeterConfig(meters=[full_meter()]))
    assert element.tag == q(NAMESPACE_2013, "MeterConfig")
    meter = element.find(q(NAMESPACE_2013, "Meter"))
    assert meter.findtext(q(NAMESPACE_2013, "kH")) == "7.2"
    assert meter.findtext(q(NAMESPACE_2013, "formNumber")) == "2S"
    model = meter.find(f"{q(NAMESPACE_2013, 'EndDeviceInfo')}/{q(NAMESPACE_2013, 'AssetModel')}")
    assert model.findtext(q(NAMESPACE_2013, "modelNumber")) == "C2SOD-CL200"
    assert meter.find(q(NAMESPACE_2013, "UsagePoint")) is not None


def test_the_2009_edition_uses_first_edition_names():
    element = CODEC_2009.write(MeterConfig(meters=[full_meter()]))
    assert element.tag == q(NAMESPACE_2009, "MeterAssetConfig")
    meter = element.find(q(NAMESPACE_2009, "MeterAsset"))
    assert meter is not None
    assert meter.find(q(NAMESPACE_2009, "ServiceDeliveryPoint")) is not None
    model = meter.find(
        f"{q(NAMESPACE_2009, 'EndDeviceModel')}/{q(NAMESPACE_2009, 'ProductAssetModel')}"
    )
    assert model.findtext(q(NAMESPACE_2009, "modelNumber")) == "C2SOD-CL200"
    assert meter.find(q(NAMESPACE_2009, "Meter")) is None


def test_the_registry_knows_both_editions_by_one_noun_and_the_headers_by_edition():
    assert payload_codec("MeterConfig", Edition.CIM2013) is CODEC_2013
    assert payload_codec("MeterConfig", Edition.CIM2009) is CODEC_2009
    assert payload_for_tag(q(NAMESPACE_2009, "MeterAssetConfig")) is CODEC_2009
    assert NOUNS == {Edition.CIM2013: "MeterConfig", Edition.CIM2009: "MeterAssetConfig"}
    assert CODEC_2013.official_schema is None and CODEC_2009.official_schema is None


def test_the_declared_schema_states_types_and_multiplicities():
    schema = CODEC_2009.declared_schema()
    meter = schema.xpath("xs:complexType[@name='MeterAsset']", namespaces=XS)[0]
    elements = {e.get("name"): e for e in meter.xpath("xs:sequence/xs:element", namespaces=XS)}
    assert elements["kH"].get("type") == "xs:float"
    assert elements["phaseCount"].get("type") == "xs:integer"
    assert elements["Names"].get("maxOccurs") == "unbounded"
    assert elements["Registers"].get("maxOccurs") == "unbounded"
    assert elements["ServiceDeliveryPoint"].get("type") == "m:ServiceDeliveryPoint"
    kinds = schema.xpath(
        "xs:complexType[@name='ServiceCategory']//xs:enumeration/@value", namespaces=XS
    )
    assert "electricity" in kinds and "sewerage" in kinds
    assert "documentation" in etree.tostring(schema).decode()


def test_a_document_of_another_edition_is_refused_with_its_place():
    element = CODEC_2013.write(MeterConfig(meters=[full_meter()]))
    with pytest.raises(MessageFormatError) as caught:
        CODEC_2009.read(element)
    assert "expected MeterAssetConfig" in str(caught.value)
    assert caught.value.xpath == "/MeterAssetConfig"


def test_bad_values_name_their_path():
    element = CODEC_2013.write(MeterConfig(meters=[full_meter()]))
    element.find(f"{q(NAMESPACE_2013, 'Meter')}/{q(NAMESPACE_2013, 'kH')}").text = "seven"
    with pytest.raises(MappingError) as caught:
        CODEC_2013.read(element)
    assert caught.value.xpath == "/MeterConfig/Meter[1]/kH[1]"


texts = st.text(alphabet="ABCDEFGHJK0123456789-", min_size=1, max_size=12)
decimals = st.decimals(places=2, min_value=0, max_value=10_000, allow_nan=False)
names = st.builds(Name.typed, texts, st.sampled_from(["meterID", "utility", "objectName"]))

meters = st.builds(
    Meter,
    mrid=st.none() | texts,
    serial_number=st.none() | texts,
    phase_count=st.none() | st.integers(0, 3),
    end_device_names=st.lists(names, max_size=3),
    status=st.none() | st.builds(Status, value=texts),
    electric_metering_function=st.none()
    | st.builds(ElectricMeteringFunction, billing_multiplier=decimals, demand_multiplier=decimals),
    seals=st.lists(st.builds(Seal, seal_number=texts), max_size=2),
    form_number=st.none() | texts,
    k_h=st.none() | decimals,
    k_r=st.none() | decimals,
)


@settings(max_examples=40, deadline=None)
@given(st.lists(meters, max_size=3), st.sampled_from([CODEC_2013, CODEC_2009]))
def test_round_trip_property(items, codec):
    document = MeterConfig(meters=items)
    element = codec.write(document)
    assert etree.XMLSchema(codec.declared_schema()).validate(element)
    assert codec.read(element) == document
