"""The dataclass ⇄ XML binding and the XSD it emits: written documents validate against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from mspcim.binding import Binding
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.fieldmeta import xml

NS = "urn:mspcim:test#"


class Kind(StrEnum):
    """A test enumeration."""

    ALPHA = "alpha"
    BETA = "beta"


@dataclass
class Name:
    """A name."""

    name: str = field(metadata=xml("name"))
    name_type: str | None = field(default=None, metadata=xml("nameType"))


@dataclass
class Code:
    """Text with an attribute."""

    value: str = field(metadata=xml("."))
    category: str | None = field(default=None, metadata=xml("@category"))


@dataclass
class Meter:
    """A meter."""

    mrid: str = field(metadata=xml("mRID"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    when: datetime | None = field(default=None, metadata=xml("when"))
    day: date | None = field(default=None, metadata=xml("day"))
    value: Decimal | None = field(default=None, metadata={"xml": "value", "xsd": "xs:float"})
    count: int | None = field(default=None, metadata=xml("count"))
    kind: Kind | None = field(default=None, metadata=xml("kind"))
    code: Code | None = field(default=None, metadata=xml("code"))
    tags: list[str] = field(default_factory=list, metadata=xml("tag"))
    active: bool = field(default=True, metadata=xml("@active"))
    internal: str = "not bound"


def schema_of(binding: Binding) -> etree.XMLSchema:
    return etree.XMLSchema(binding.xsd(Meter, "Meter", "test profile"))


SAMPLE = Meter(
    "g1",
    [Name("M1", "meterID"), Name("D9")],
    datetime(2024, 1, 1, tzinfo=UTC),
    date(2024, 2, 29),
    Decimal("1.50"),
    7,
    Kind.BETA,
    Code("x", "3"),
    ["a", "b"],
    False,
)


def test_write_read_and_validate():
    binding = Binding(NS)
    element = binding.write(SAMPLE, "Meter")
    schema_of(binding).assertValid(element)
    assert element.get("active") == "false"
    assert element.findtext(f"{{{NS}}}value") == "1.50"
    assert element.find(f"{{{NS}}}code").get("category") == "3"
    assert binding.read(element, Meter) == SAMPLE


def test_renames_apply_to_elements_and_types_and_read_back():
    binding = Binding(NS, renames={"Meter": "MeterAsset", "Names": "Name"})
    element = binding.write(SAMPLE, "Meter")
    assert element.tag == f"{{{NS}}}MeterAsset"
    assert [child.tag for child in element][1:3] == [f"{{{NS}}}Name"] * 2
    schema_of(binding).assertValid(element)
    assert binding.read(element, Meter) == SAMPLE


def test_the_schema_says_what_is_required_repeated_and_enumerated():
    schema = Binding(NS).xsd(Meter, "Meter")
    q = {"xs": "http://www.w3.org/2001/XMLSchema"}
    meter = schema.xpath("xs:complexType[@name='Meter']", namespaces=q)[0]
    elements = {e.get("name"): e for e in meter.xpath(".//xs:element", namespaces=q)}
    assert elements["mRID"].get("minOccurs") is None
    assert elements["Names"].get("maxOccurs") == "unbounded"
    assert elements["value"].get("type") == "xs:float"
    assert elements["kind"].xpath(".//xs:enumeration/@value", namespaces=q) == ["alpha", "beta"]
    assert meter.xpath("xs:attribute[@name='active']/@type", namespaces=q) == ["xs:boolean"]
    assert schema.xpath("xs:complexType[@name='Code']/xs:simpleContent", namespaces=q)


def test_an_invalid_document_is_caught_by_the_emitted_schema():
    binding = Binding(NS)
    element = binding.write(SAMPLE, "Meter")
    element.find(f"{{{NS}}}kind").text = "gamma"
    assert not schema_of(binding).validate(element)


@pytest.mark.parametrize(
    ("document", "error", "words", "xpath"),
    [
        (f'<m:Meter xmlns:m="{NS}"/>', MessageFormatError, "mRID is required", "/Meter/mRID"),
        (
            f'<m:Meter xmlns:m="{NS}"><m:mRID>g</m:mRID><m:count>x</m:count></m:Meter>',
            MappingError,
            "not an integer",
            "/Meter/count[1]",
        ),
        (
            f'<m:Meter xmlns:m="{NS}"><m:mRID>g</m:mRID><m:kind>gamma</m:kind></m:Meter>',
            MappingError,
            "is not one of alpha, beta",
            "/Meter/kind[1]",
        ),
        (
            f'<m:Meter xmlns:m="{NS}" active="maybe"><m:mRID>g</m:mRID></m:Meter>',
            MappingError,
            "xs:boolean",
            "/Meter/@active",
        ),
        (
            f'<m:Meter xmlns:m="{NS}"><m:mRID>g</m:mRID><m:Names/></m:Meter>',
            MessageFormatError,
            "name is required",
            "/Meter/Names[1]/name",
        ),
    ],
)
def test_reading_errors_name_the_path(document, error, words, xpath):
    with pytest.raises(error) as caught:
        Binding(NS).read(etree.fromstring(document.encode()), Meter)
    assert words in str(caught.value)
    assert caught.value.xpath == xpath


@given(
    st.builds(
        Meter,
        mrid=st.text(alphabet="abcdef0123456789-", min_size=1, max_size=12),
        names=st.lists(
            st.builds(Name, name=st.text(alphabet="ABC123", min_size=1, max_size=6)), max_size=3
        ),
        value=st.none()
        | st.decimals(
            places=3, allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6
        ),
        count=st.none() | st.integers(-(10**9), 10**9),
        kind=st.none() | st.sampled_from(Kind),
        active=st.booleans(),
    )
)
def test_round_trip_property(meter):
    binding = Binding(NS)
    element = binding.write(meter, "Meter")
    assert schema_of(binding).validate(element)
    assert binding.read(element, Meter) == meter
