"""mspObject identity, meterID and objectRef in both releases; the v5 binder across namespaces."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.extensions import EXTENSIONS_LIST, ExtensionsItem, extension_value
from mspcim.multispeak.v50.identity import (
    MeterID,
    MspObject,
    MspReferable,
    ObjectID,
    ObjectRef,
    Release,
    SingleIdentifier,
    read_meter_id,
    write_meter_id,
)
from mspcim.multispeak.v50.msp_binding import read, unread, write, xml_list
from mspcim.multispeak.v50.result import ErrorObject

GUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
MR = ns.MSP50_WSDL.format(endpoint="MR_Server")
COM = ns.MSP50_COMMON


@dataclass(slots=True, kw_only=True)
class InitiateReads:
    """Stand-in for an operation body: an ArrayOfMeterID of the MR_Server namespace."""

    NAMESPACE: ClassVar[str] = MR
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=xml_list("ArrayOfMeterID", "meterID", ns.MSP50_ARRAYS)
    )
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    expiration_time: datetime | None = field(default=None, metadata=xml("expirationTime"))


@dataclass(slots=True, kw_only=True)
class MeterSeal(MspReferable):
    """Stand-in object deriving from mspReferable (its base's fields in commonTypes)."""

    seal_number: str = field(metadata=xml("sealNumber"))


def meter() -> MeterID:
    return MeterID(
        object_guid=GUID,
        meter_name="M-100",
        service_type="Electric",
        communication_address="10.0.0.7",
        utility="coop.example",
    )


def test_507_carries_the_guid_in_the_text():
    element = write_meter_id(meter())
    assert element.text == GUID
    assert element.get("objectGUID") is None
    assert element.get("meterName") == "M-100"
    assert element.get("communicationAddress") == "10.0.0.7"


def test_504_carries_the_guid_in_the_attribute_and_the_name_in_the_text():
    element = write_meter_id(meter(), release=Release.V504)
    assert element.get("objectGUID") == GUID
    assert element.text == "M-100"


@pytest.mark.parametrize("release", list(Release))
def test_both_releases_read_back_to_the_same_meter(release):
    assert read_meter_id(write_meter_id(meter(), release=release)) == meter()


def test_a_504_name_without_meter_name_becomes_the_meter_name():
    element = etree.fromstring(
        f'<m xmlns="{COM}" objectGUID="{GUID}" serviceType="Gas"> 4711 </m>'.encode()
    )
    found = read_meter_id(element)
    assert found.object_guid == GUID
    assert found.meter_name == "4711"
    assert found.service_type == "Gas"
    assert str(found) == "4711"


@pytest.mark.parametrize("release", ["5.0.7", "5.0.4"])
def test_meter_ids_in_an_operation_body_validate_per_release(release, assert_schema_valid):
    body = InitiateReads(
        meter_ids=[meter(), MeterID(object_guid=GUID.replace("0f", "aa"))],
        response_url="http://cb.example/NOT_Server",
        transaction_id="t-1",
        # 5.0.4 declares expirationTime a float (hours), 5.0.7 a dateTime
        expiration_time=datetime(2024, 1, 1, tzinfo=UTC) if release == "5.0.7" else None,
    )
    element = write(body, "InitiateMeterReadingsByMeterIDs", release=release)
    assert element.tag == f"{{{MR}}}InitiateMeterReadingsByMeterIDs"
    items = element.findall(f"{{{MR}}}ArrayOfMeterID/{{{ns.MSP50_ARRAYS}}}meterID")
    assert len(items) == 2
    assert_schema_valid(element, release=release)
    assert read(element, InitiateReads) == body


def test_each_release_refuses_the_other_releases_meter_id(schemas):
    body = InitiateReads(meter_ids=[meter()])
    as_504 = write(body, "InitiateMeterReadingsByMeterIDs", release="5.0.4")
    as_507 = write(body, "InitiateMeterReadingsByMeterIDs", release="5.0.7")
    assert any("M-100" in error for error in schemas.validate(as_504, release="5.0.7"))
    assert any("objectGUID" in error for error in schemas.validate(as_507, release="5.0.4"))


@pytest.mark.parametrize("release", list(Release))
def test_object_ref_both_releases(release):
    ref = ObjectRef(
        object_guid=GUID, noun="msp:meter", primary_identifier_value="M-100", utility="coop"
    )
    element = write(ref, "objectRef", COM, release)
    if release is Release.V504:
        assert element.get("objectGUID") == GUID
        assert element.get("primaryIdentifierName") == "M-100"
        assert element.text == "M-100"
    else:
        assert element.text == GUID
        assert element.get("primaryIdentifierValue") == "M-100"
    assert read(element, ObjectRef) == ref


def test_object_id_and_single_identifier():
    value = ObjectID(
        object_guid=GUID,
        primary_identifier=SingleIdentifier(
            value="M-100", identifier_name="meterNo", identifier_label="Meter number"
        ),
    )
    element = write(value, "objectID", COM)
    assert element.findtext(f"{{{COM}}}objectGUID") == GUID
    identifier = element.find(f"{{{COM}}}primaryIdentifier")
    assert identifier is not None
    assert identifier.text == "M-100"
    assert identifier.get("identifierName") == "meterNo"
    assert read(element, ObjectID) == value


def test_msp_object_elements_in_their_declaring_namespaces():
    obj = MspObject(
        object_guid=GUID,
        comments="installed 2020",
        extensions_list=[ExtensionsItem("CIM.Meter.amrSystem", "HES-1", "string", "None")],
        error_objects=[ErrorObject(event_time=datetime(2024, 1, 1, tzinfo=UTC))],
        primary_identifier=SingleIdentifier(value="M-100", identifier_name="meterNo"),
        utility="coop.example",
    )
    element = write(obj, "meter")
    assert element.tag == f"{{{ns.MSP50}}}meter"
    assert element.get("objectGUID") == GUID
    item = element.find(f"{{{ns.MSP50}}}extensionsList/{{{COM}}}extensionsItem")
    assert item is not None
    assert item.findtext(f"{{{COM}}}extName") == "CIM.Meter.amrSystem"
    value = item.find(f"{{{COM}}}extValue")
    assert value is not None
    assert value.text == "HES-1"
    assert value.get("units") == "None"
    assert item.findtext(f"{{{COM}}}extType") == "string"
    assert element.find(f"{{{ns.MSP50}}}errorObjects/{{{COM}}}errorObject") is not None
    assert read(element, MspObject) == obj
    assert extension_value(read(element, MspObject).extensions_list, "CIM.Meter.amrSystem") == (
        "HES-1"
    )


def test_inherited_fields_keep_the_base_namespace():
    seal = MeterSeal(
        seal_number="S-1",
        extensions_list=[ExtensionsItem("a", None, "string")],
        referable_id="r1",
    )
    element = write(seal, "meterSeal")
    assert [child.tag for child in element] == [
        f"{{{COM}}}extensionsList",
        f"{{{ns.MSP50}}}sealNumber",
    ]
    item = element.find(f"{{{COM}}}extensionsList/{{{COM}}}extensionsItem")
    assert item is not None
    assert item.find(f"{{{COM}}}extValue") is not None, "extValue is required: written empty"
    back = read(element, MeterSeal)
    assert back.seal_number == "S-1"
    assert back.referable_id == "r1"
    assert back.extensions_list[0].ext_name == "a"
    assert EXTENSIONS_LIST["item_ns"] == COM


def test_unread_names_unbound_children_and_required_parts_are_refused():
    element = write(MspObject(object_guid=GUID), "meter")
    etree.SubElement(element, f"{{{ns.MSP50}}}vendorThing")
    etree.SubElement(element, f"{{{ns.MSP50}}}extensions")
    assert unread(element, MspObject) == ["/meter/vendorThing", "/meter/extensions"]
    del element.attrib["objectGUID"]
    with pytest.raises(MessageFormatError) as raised:
        read(element, MspObject)
    assert raised.value.xpath == "/meter/@objectGUID"


@settings(max_examples=50, deadline=None)
@given(
    guid=st.uuids().map(str),
    name=st.none() | st.text(alphabet="ABC-0123456789", min_size=1, max_size=10),
    release=st.sampled_from(list(Release)),
)
def test_meter_id_round_trip_any_release(guid, name, release):
    value = MeterID(object_guid=guid, meter_name=name)
    assert read_meter_id(write_meter_id(value, release=release)) == value
