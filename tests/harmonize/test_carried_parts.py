"""A small MultiSpeak object carried part by part as typed CIM Names (``carried_parts``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from mspcim.cim.identified_object import Name
from mspcim.fieldmeta import xml
from mspcim.harmonize import end_device_codecs as _carriers  # noqa: F401  (the carrier)
from mspcim.harmonize.carried_parts import carried_object
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind
from mspcim.harmonize.rules import Gap, Side, Table
from mspcim.multispeak.v41.meter import GpsPoint
from mspcim.multispeak.v41.point_object import TimeZone


@dataclass(slots=True, kw_only=True)
class Holder:
    """A MultiSpeak test object holding a point and a time zone."""

    point: GpsPoint | None = field(default=None, metadata=xml("gpsPoint"))
    zone: TimeZone | None = field(default=None, metadata=xml("timeZone"))
    seen: datetime | None = field(default=None, metadata=xml("seen"))


@dataclass(slots=True, kw_only=True)
class Owner:
    """A CIM test object whose Names are a registered carrier (UsagePoint's)."""

    service_point_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


TABLE = Table(
    "Test",
    "0",
    Holder,
    Owner,
    (
        carried_object("point", "gpsPoint", GpsPoint, "service_point_names", "Owner"),
        carried_object("zone", "timeZone", TimeZone, "service_point_names", "Owner"),
        Gap(Side.MSP, "seen", "a test value"),
        Gap(Side.CIM, "service_point_names", "name of a type MultiSpeak has no element for"),
    ),
)


def run(source: object, direction: Direction) -> tuple[object, TranslationState]:
    state = TranslationState(profile="Test")
    return translate(TABLE, source, direction, state, "/t"), state


def test_each_part_is_a_name_typed_by_its_multispeak_path():
    holder = Holder(
        point=GpsPoint(latitude=Decimal("45.10"), longitude=Decimal("-93.2")),
        zone=TimeZone(value="Central", utc_offset=Decimal(-6), dst_enabled=True),
    )
    owner, state = run(holder, Direction.TO_CIM)
    assert {name.type_name: name.name for name in owner.service_point_names} == {  # type: ignore[attr-defined]
        "gpsPoint/latitude": "45.10",
        "gpsPoint/longitude": "-93.2",
        "timeZone": "Central",
        "timeZone/@UTCOffset": "-6",
        "timeZone/@DSTEnabled": "true",
    }
    assert [(entry.path, entry.kind, entry.value) for entry in state.report] == [
        ("/t/gpsPoint", GapKind.CHANGED, "45.10 -93.2"),
        ("/t/timeZone", GapKind.CHANGED, "-6 Central true"),
    ]
    back, again = run(owner, Direction.TO_MSP)
    assert back == holder
    assert list(again.report) == []


def test_an_object_missing_a_required_part_is_not_rebuilt_and_reported():
    owner = Owner(service_point_names=[Name.typed("45.1", "gpsPoint/latitude", "MultiSpeak")])
    holder, state = run(owner, Direction.TO_MSP)
    assert holder == Holder()
    (entry,) = state.report
    assert entry.kind is GapKind.LOST and entry.value == "45.1"
    assert entry.reason == "gpsPoint lacks longitude: not rebuilt"


def test_names_of_other_types_stay_reported():
    owner = Owner(service_point_names=[Name.typed("x", "parcel", "MultiSpeak")])
    _, state = run(owner, Direction.TO_MSP)
    assert [(entry.path, entry.value) for entry in state.report.lost] == [
        ("/t/Names[1]", "parcel=x")
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.none()
    | st.builds(
        GpsPoint,
        latitude=st.decimals(places=6, min_value=-90, max_value=90, allow_nan=False),
        longitude=st.decimals(places=6, min_value=-180, max_value=180, allow_nan=False),
        altitude=st.none() | st.decimals(places=1, min_value=0, max_value=5000, allow_nan=False),
    )
)
def test_points_come_back_exactly_property(point: GpsPoint | None):
    owner, _ = run(Holder(point=point, seen=datetime(2026, 1, 1, tzinfo=UTC)), Direction.TO_CIM)
    back, _ = run(owner, Direction.TO_MSP)
    assert back == Holder(point=point)
