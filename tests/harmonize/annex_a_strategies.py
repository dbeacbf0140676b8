"""Hypothesis strategies for the Annex A classes: addresses and phone numbers on both sides.

``street_lines`` are lines the declared street grammar splits; ``msp_addresses`` and
``cim_street_addresses`` hold only what the Annex A tables map both ways (no region, status,
street code or town section), so a round trip must give them back equal.
"""

from __future__ import annotations

from hypothesis import strategies as st

from mspcim.cim.common_classes import StreetAddress, StreetDetail, TownDetail
from mspcim.cim.common_classes import TelephoneNumber as CimTelephoneNumber
from mspcim.harmonize.street_line import STREET_DIRECTIONS, STREET_TYPES
from mspcim.multispeak.v41.address import Address, DetailedAddressFields, TelephoneNumber

LETTERS = "ABCDEFGHJKLMPRTVWXYZabcdefghijkmnoprstuvwxyz"
words = st.text(alphabet=LETTERS, min_size=2, max_size=9).filter(
    lambda word: word not in STREET_DIRECTIONS and word not in STREET_TYPES
)
texts = st.text(alphabet=LETTERS + "0123456789-", min_size=1, max_size=10)
phrases = st.lists(texts, min_size=1, max_size=3).map(" ".join)
numbers = st.from_regex(r"[1-9]\d{0,4}[A-C]?", fullmatch=True)
directions = st.sampled_from(sorted(STREET_DIRECTIONS))
street_types = st.sampled_from(sorted(STREET_TYPES))


@st.composite
def street_lines(draw: st.DrawFn) -> str:
    """A street line the grammar splits: number, [prefix], name words, [type], [suffix]."""
    parts = [draw(numbers)]
    if draw(st.booleans()):
        parts.append(draw(directions))
    parts += draw(st.lists(words, min_size=1, max_size=3))
    if draw(st.booleans()):
        parts.append(draw(street_types))
    if draw(st.booleans()):
        parts.append(draw(directions))
    return " ".join(parts)


unsplittable_lines = st.one_of(
    st.builds(lambda a, b: f"Rural Route {a} Box {b}", numbers, numbers),
    st.builds(lambda word: f"{word} Farm Road", words),
    st.builds(lambda number: f"PO Box {number}", numbers),
)
"""Lines with no leading street number: the grammar cannot split them."""


def _details(
    suite: str | None, building: str | None, general: str | None, box: str | None
) -> DetailedAddressFields | None:
    detail = DetailedAddressFields(
        suite_number=suite, building_number=building, address_general=general, post_office_box=box
    )
    return None if (suite, building, general, box) == (None, None, None, None) else detail


optional = st.none() | texts
details = st.builds(_details, optional, optional, st.none() | phrases, optional)

msp_addresses = st.builds(
    Address,
    address1=st.none() | street_lines() | unsplittable_lines,
    address2=st.none() | phrases,
    detailed_address_fields=details,
    town_code=optional,
    city=st.none() | phrases,
    state=optional,
    postal_code=optional,
    country=optional,
)


def _street(
    number: str | None,
    prefix: str | None,
    name: str | None,
    kind: str | None,
    suffix: str | None,
    general: str | None,
    general2: str | None,
    building: str | None,
    suite: str | None,
) -> StreetDetail | None:
    street = StreetDetail(
        number=number,
        prefix=prefix,
        name=name,
        type=kind,
        suffix=suffix,
        address_general=general,
        address_general2=general2,
        building_name=building,
        suite_number=suite,
    )
    values = (number, prefix, name, kind, suffix, general, general2, building, suite)
    return None if all(value is None for value in values) else street


def _town(
    code: str | None, country: str | None, name: str | None, state: str | None
) -> TownDetail | None:
    if (code, country, name, state) == (None, None, None, None):
        return None
    return TownDetail(code=code, country=country, name=name, state_or_province=state)


cim_streets = st.builds(
    _street,
    st.none() | numbers | texts,
    st.none() | directions | texts,
    st.none() | phrases,
    st.none() | street_types | texts,
    st.none() | directions | texts,
    st.none() | phrases,
    st.none() | phrases,
    optional,
    optional,
)
"""Any StreetDetail parts (names of several words, parts the grammar would misread)."""

cim_street_addresses = st.builds(
    StreetAddress,
    po_box=optional,
    postal_code=optional,
    street_detail=cim_streets,
    town_detail=st.builds(_town, optional, optional, st.none() | phrases, optional),
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=8)
cim_phones = st.builds(
    CimTelephoneNumber,
    area_code=digits,
    city_code=st.none() | digits,
    country_code=st.none() | st.from_regex(r"[1-9]\d{0,2}", fullmatch=True),
    extension=st.none() | digits,
    local_number=st.from_regex(r"[2-9]\d{2}-\d{4}", fullmatch=True),
)
"""Phone numbers whose area code is given: they map part by part, both ways."""


@st.composite
def nanp_numbers(draw: st.DrawFn) -> tuple[str, str, str, str | None]:
    """(whole number text, area code, local number, country code) in a North American shape."""
    area = draw(st.from_regex(r"[2-9]\d{2}", fullmatch=True))
    exchange = draw(st.from_regex(r"[2-9]\d{2}", fullmatch=True))
    line = draw(st.from_regex(r"\d{4}", fullmatch=True))
    separator = draw(st.sampled_from(["-", ".", " ", ""]))
    local = f"{exchange}{separator}{line}"
    country = draw(st.sampled_from([None, "1"]))
    shape = draw(st.sampled_from(["({area}) {local}", "{area}-{local}", "{area} {local}"]))
    text = shape.format(area=area, local=local)
    if country:
        text = draw(st.sampled_from(["+1 ", "1-", "+1"])) + text
    return text, area, local, country


msp_whole_phones = nanp_numbers().map(lambda parts: TelephoneNumber(local_number=parts[0]))
