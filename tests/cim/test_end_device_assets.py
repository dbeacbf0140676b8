"""Profile EndDeviceAssets (2013: EndDeviceConfig) as the project declares it, both editions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.end_device_assets import (
    CODEC_2009,
    CODEC_2013,
    NAMESPACE_2009,
    NAMESPACE_2013,
    NOUNS,
    RENAMES_2009,
    ComFunction,
    ConnectDisconnectFunction,
    ElectricMeteringFunction,
    EndDevice,
    EndDeviceConfig,
    ReadingType,
    Register,
    RemoteConnectDisconnectInfo,
)
from mspcim.cim.identified_object import Name
from mspcim.exceptions import MessageFormatError

KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


def device() -> EndDevice:
    return EndDevice(
        mrid="9e4b7a1c",
        amr_system="Itron OpenWay",
        serial_number="LG-31907766",
        end_device_names=[Name.typed("40017722", "meterID", "MultiSpeak")],
        com_functions=[
            ComFunction(mrid="mod-7", amr_address="10.20.30.40", amr_router="R-1", two_way=False)
        ],
        connect_disconnect_function=ConnectDisconnectFunction(
            is_connected=False,
            rcd_info=RemoteConnectDisconnectInfo(is_energy_limiting=True),
        ),
        electric_metering_function=ElectricMeteringFunction(demand_multiplier=Decimal(4)),
        registers=[
            Register(
                mrid="reg-1",
                left_digit_count=6,
                right_digit_count=1,
                reading_type=ReadingType(mrid=KWH),
            )
        ],
    )


@pytest.mark.parametrize("codec", [CODEC_2013, CODEC_2009], ids=["2013", "2009"])
def test_an_end_device_is_written_valid_and_read_back(codec):
    document = EndDeviceConfig(end_devices=[device()])
    element = codec.write(document)
    etree.XMLSchema(codec.declared_schema()).assertValid(element)
    assert codec.read(element) == document


def test_element_names_of_each_edition():
    new = CODEC_2013.write(EndDeviceConfig(end_devices=[device()]))
    old = CODEC_2009.write(EndDeviceConfig(end_devices=[device()]))
    assert new.tag == f"{{{NAMESPACE_2013}}}EndDeviceConfig"
    assert old.tag == f"{{{NAMESPACE_2009}}}EndDeviceAssets"
    assert [child.tag for child in old] == [f"{{{NAMESPACE_2009}}}EndDeviceAsset"]
    register = new.find(f"{{{NAMESPACE_2013}}}EndDevice/{{{NAMESPACE_2013}}}Registers")
    assert register.findtext(f"{{{NAMESPACE_2013}}}leftDigitCount") == "6"
    assert register.findtext(f"{{{NAMESPACE_2013}}}ReadingType/{{{NAMESPACE_2013}}}mRID") == KWH
    function = new.find(f"{{{NAMESPACE_2013}}}EndDevice/{{{NAMESPACE_2013}}}ComFunction")
    assert function.findtext(f"{{{NAMESPACE_2013}}}twoWay") == "false"


def test_nouns_registry_and_renames():
    assert NOUNS[Edition.CIM2009] == "EndDeviceAssets"
    assert payload_codec("EndDeviceConfig", Edition.CIM2009) is CODEC_2009
    assert RENAMES_2009["UsagePoint"] == "ServiceDeliveryPoint"
    assert RENAMES_2009["Meter"] == "MeterAsset"


def test_a_missing_required_value_is_refused_with_its_path():
    element = CODEC_2013.write(EndDeviceConfig(end_devices=[device()]))
    register = element.find(f"{{{NAMESPACE_2013}}}EndDevice/{{{NAMESPACE_2013}}}Registers")
    reading_type = register.find(f"{{{NAMESPACE_2013}}}ReadingType")
    reading_type.remove(reading_type[0])
    with pytest.raises(MessageFormatError) as caught:
        CODEC_2013.read(element)
    assert caught.value.xpath == "/EndDeviceConfig/EndDevice[1]/Registers[1]/ReadingType[1]/mRID"


flags = st.none() | st.booleans()
xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20)
devices = st.builds(
    EndDevice,
    mrid=st.none() | st.text(alphabet="abc0123456789-", min_size=1, max_size=10),
    connect_disconnect_function=st.none()
    | st.builds(
        ConnectDisconnectFunction,
        is_connected=flags,
        rcd_info=st.none() | st.builds(RemoteConnectDisconnectInfo, is_arm_connect=flags),
    ),
    com_functions=st.lists(st.builds(ComFunction, amr_address=xml_text), max_size=2),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(devices, max_size=3), st.sampled_from([CODEC_2013, CODEC_2009]))
def test_round_trip_property(items, codec):
    document = EndDeviceConfig(end_devices=items)
    element = codec.write(document)
    assert etree.XMLSchema(codec.declared_schema()).validate(element)
    assert codec.read(element) == document
