"""MultiSpeak 4.1 ``mspPointObject``: an object with a place (service locations, history events).

As the 4.1.6 WSDLs declare it: ``mspObject`` plus ``GMLLocation``, ``gpsPoint``,
``GPSLocation``, ``gridLocation``, ``rotation``, ``facilityID`` and ``timeZone``, in that order.
``GMLLocation`` (a GML point) and ``GPSLocation/GPSMetadata`` are not modelled:
``msp_binding.unread`` names them, so translations report them instead of dropping them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import GpsPoint
from mspcim.multispeak.v41.msp_binding import MspObject

__all__ = ["GPSLocation", "MspPointObject", "TimeZone"]


@dataclass(slots=True, kw_only=True)
class GPSLocation:
    """``GPSLocation``: a GPS fix with its validity (its metadata is not modelled)."""

    latitude: Decimal = field(metadata=xml("latitude"))
    longitude: Decimal = field(metadata=xml("longitude"))
    altitude: Decimal | None = field(default=None, metadata=xml("altitude"))
    gps_validity: bool | None = field(default=None, metadata=xml("@GPSValidity"))


@dataclass(slots=True, kw_only=True)
class TimeZone:
    """``timeZone``: the zone's name as text, its UTC offset (hours) and daylight saving."""

    utc_offset: Decimal = field(metadata=xml("@UTCOffset"))
    value: str = field(default="", metadata=xml("."))
    dst_enabled: bool | None = field(default=None, metadata=xml("@DSTEnabled"))
    name: str | None = field(default=None, metadata=xml("@name"))
    comment: str | None = field(default=None, metadata=xml("@comment"))

    def __str__(self) -> str:
        return self.value or self.name or f"UTC{self.utc_offset:+}"


@dataclass(slots=True, kw_only=True)
class MspPointObject(MspObject):
    """``mspPointObject``: ``mspObject`` with coordinates, grid location, facility and zone."""

    gps_point: GpsPoint | None = field(default=None, metadata=xml("gpsPoint"))
    gps_location: GPSLocation | None = field(default=None, metadata=xml("GPSLocation"))
    grid_location: str | None = field(default=None, metadata=xml("gridLocation"))
    rotation: Decimal | None = field(default=None, metadata=xml("rotation"))
    facility_id: str | None = field(default=None, metadata=xml("facilityID"))
    time_zone: TimeZone | None = field(default=None, metadata=xml("timeZone"))
