"""EndDeviceFirmware profile, declared by the project: documents of both editions validate
against the XSD the dataclasses emit and read back to the same pivot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.end_device_firmware import (
    BINDING_2009,
    BINDING_2013,
    CODEC_2009,
    CODEC_2013,
    EndDevice,
    EndDeviceFirmware,
    EndDeviceFunction,
    declared_schema,
)
from mspcim.cim.identified_object import Name, Status
from mspcim.exceptions import MessageFormatError

NS13 = "http://iec.ch/TC57/2011/EndDeviceFirmware#"
NS09 = "http://iec.ch/TC57/2009/EndDeviceFirmware#"
WHEN = datetime(2026, 5, 4, 10, 12, 41, tzinfo=UTC)


def sample() -> EndDeviceFirmware:
    return EndDeviceFirmware(
        end_devices=[
            EndDevice(
                mrid="6f1d2a50",
                names=[Name.typed("10001", "meterID", "MultiSpeak")],
                status=Status(value="Configured", date_time=WHEN),
                end_device_functions=[
                    EndDeviceFunction(
                        config_id="TOU-RES-2026",
                        firmware_id="FW-4.2.1",
                        program_id="PRG-77",
                        hardware_id="HW-B",
                        enabled=True,
                    )
                ],
            )
        ]
    )


def test_2013_document_validates_against_the_declared_schema() -> None:
    element = CODEC_2013.write(sample())
    assert element.tag == f"{{{NS13}}}EndDeviceFirmware"
    etree.XMLSchema(CODEC_2013.declared_schema()).assertValid(element)
    q = {"m": NS13}
    assert element.xpath("m:EndDevice/m:EndDeviceFunctions/m:firmwareID/text()", namespaces=q) == [
        "FW-4.2.1"
    ]
    assert CODEC_2013.read(element) == sample()
    assert CODEC_2013.official_schema is None


def test_2009_document_uses_first_edition_names() -> None:
    element = CODEC_2009.write(sample())
    device = element.find(f"{{{NS09}}}EndDeviceAsset")
    assert device is not None
    assert device.find(f"{{{NS09}}}DeviceFunctions/{{{NS09}}}configID").text == "TOU-RES-2026"
    schema = CODEC_2009.declared_schema()
    assert schema.xpath(
        "//xs:complexType/@name", namespaces={"xs": "http://www.w3.org/2001/XMLSchema"}
    ) == [
        "EndDeviceFirmware",
        "EndDeviceAsset",
        "Name",
        "Status",
        "DeviceFunction",
        "NameType",
        "NameTypeAuthority",
    ]
    etree.XMLSchema(schema).assertValid(element)
    assert CODEC_2009.read(element) == sample()
    assert payload_codec("EndDeviceFirmware", Edition.CIM2009) is CODEC_2009


def test_the_declared_schema_requires_a_status_value() -> None:
    element = CODEC_2013.write(sample())
    status = element.find(f"{{{NS13}}}EndDevice/{{{NS13}}}status")
    status.remove(status.find(f"{{{NS13}}}value"))
    assert not etree.XMLSchema(declared_schema(BINDING_2013)).validate(element)
    with pytest.raises(MessageFormatError, match="value is required"):
        CODEC_2013.read(element)


def test_a_2013_document_is_not_read_as_2009() -> None:
    with pytest.raises(MessageFormatError, match="expected EndDeviceFirmware"):
        CODEC_2009.read(BINDING_2013.write(sample(), "EndDeviceFirmware"))
    assert BINDING_2009.namespace == NS09


_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-.", min_size=1, max_size=12)
_FUNCTIONS = st.builds(
    EndDeviceFunction,
    mrid=st.none() | _TEXT,
    config_id=st.none() | _TEXT,
    firmware_id=st.none() | _TEXT,
    hardware_id=st.none() | _TEXT,
    password=st.none() | _TEXT,
    program_id=st.none() | _TEXT,
    enabled=st.none() | st.booleans(),
)
_DEVICES = st.builds(
    EndDevice,
    mrid=st.none() | _TEXT,
    names=st.lists(st.builds(lambda n: Name.typed(n, "meterID"), _TEXT), max_size=2),
    status=st.none() | st.builds(Status, value=_TEXT),
    end_device_functions=st.lists(_FUNCTIONS, max_size=2),
)


@settings(max_examples=50, deadline=None)
@given(document=st.builds(EndDeviceFirmware, end_devices=st.lists(_DEVICES, max_size=3)))
def test_any_document_round_trips_in_both_editions(document: EndDeviceFirmware) -> None:
    for codec in (CODEC_2013, CODEC_2009):
        element = codec.write(document)
        assert etree.XMLSchema(codec.declared_schema()).validate(element)
        assert codec.read(element) == document
