"""The v5 binder on its own: namespaces per field, wrappers, child attributes, errors by path."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

import pytest
from lxml import etree

from mspcim import ns
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.msp_binding import (
    Release,
    layout,
    read,
    unread,
    with_namespace,
    write,
    xml_list,
)

COM = ns.MSP50_COMMON
MSP = ns.MSP50


@dataclass(slots=True, kw_only=True)
class Quantity:
    """A value with units in an attribute of a child element."""

    NAMESPACE: ClassVar[str] = COM
    amount: Decimal = field(metadata=xml("amount"))
    units: str | None = field(default=None, metadata=xml("amount/@units"))


@dataclass(slots=True, kw_only=True)
class Holder:
    """Fields in the class's namespace, one moved to another, a list of texts, a nested list."""

    count: int = field(metadata=xml("count"))
    label: str | None = field(default=None, metadata=with_namespace(COM, xml("label")))
    tags: list[str] = field(default_factory=list, metadata=xml_list("tags", "tag"))
    quantities: list[Quantity] = field(
        default_factory=list, metadata=xml_list("quantities", "quantity", COM)
    )


def holder() -> Holder:
    return Holder(
        count=3,
        label="x",
        tags=["a", "b"],
        quantities=[Quantity(amount=Decimal("1.50"), units="kWh"), Quantity(amount=Decimal(2))],
    )


def test_layout_resolves_namespaces_wrappers_and_child_attributes():
    fields = {bound.name: bound for bound in layout(Holder)}
    assert fields["count"].namespace == MSP
    assert fields["label"].namespace == COM
    assert (fields["tags"].item, fields["tags"].item_namespace) == ("tag", MSP)
    assert fields["quantities"].item_namespace == COM
    units = {bound.name: bound for bound in layout(Quantity)}["units"]
    assert (units.kind, units.child, units.xml) == ("child_attribute", "amount", "units")


def test_write_places_every_element_and_reads_back():
    element = write(holder(), "holder")
    assert [child.tag for child in element] == [
        f"{{{MSP}}}count",
        f"{{{COM}}}label",
        f"{{{MSP}}}tags",
        f"{{{MSP}}}quantities",
    ]
    assert [tag.text for tag in element.iterfind(f"{{{MSP}}}tags/{{{MSP}}}tag")] == ["a", "b"]
    amounts = element.findall(f"{{{MSP}}}quantities/{{{COM}}}quantity/{{{COM}}}amount")
    assert [(amount.text, amount.get("units")) for amount in amounts] == [
        ("1.50", "kWh"),
        ("2", None),
    ]
    assert read(element, Holder) == holder()
    assert write(holder(), "holder", release=Release.V504).tag == f"{{{MSP}}}holder"


def test_errors_name_the_path_of_the_bad_part():
    element = write(holder(), "holder")
    element.find(f"{{{MSP}}}count").text = "three"
    with pytest.raises(MappingError) as bad:
        read(element, Holder)
    assert bad.value.xpath == "/holder/count[1]"
    element.remove(element.find(f"{{{MSP}}}count"))
    with pytest.raises(MessageFormatError) as missing:
        read(element, Holder)
    assert missing.value.xpath == "/holder/count"


def test_unread_reports_foreign_children_and_items():
    element = write(holder(), "holder")
    etree.SubElement(element.find(f"{{{MSP}}}tags"), f"{{{MSP}}}other")
    etree.SubElement(element, f"{{{COM}}}count")
    quantity = element.find(f"{{{MSP}}}quantities/{{{COM}}}quantity")
    etree.SubElement(quantity, f"{{{COM}}}vendor")
    assert unread(element, Holder) == [
        "/holder/tags/other",
        "/holder/quantities/quantity[1]/vendor",
        "/holder/count",
    ]


def test_declared_schema_judges_what_the_binder_writes():
    from datetime import UTC, datetime

    from mspcim.multispeak.v50.header import ResponseHeader
    from mspcim.multispeak.v50.msp_binding import xsd
    from mspcim.multispeak.v50.msp_schema import compile_schema
    from mspcim.multispeak.v50.result import ErrorObject, ReplyCodeIdentifier, Result

    schema = compile_schema(Holder, "holder")
    element = write(holder(), "holder")
    assert schema.validate(element), schema.error_log
    etree.SubElement(element, f"{{{MSP}}}stray")
    assert not schema.validate(element)
    documents = xsd(Holder, "holder")
    assert set(documents) == {MSP, COM}
    assert documents[COM].find(f"{{{ns.XS}}}element[@name='quantity']") is not None
    header = ResponseHeader(
        message_id="m",
        time_stamp=datetime(2024, 1, 1, tzinfo=UTC),
        result=Result(
            result_identifier=ReplyCodeIdentifier.from_code("2.4"),
            error_objects=[ErrorObject(event_time=datetime(2024, 1, 1, tzinfo=UTC))],
        ),
    )
    response = compile_schema(ResponseHeader, "MultiSpeakResponseMsgHeader")
    assert response.validate(write(header, "MultiSpeakResponseMsgHeader")), response.error_log
