"""Profile ActivityRecords (IEC 61968-9), as mspcim declares it: what happened to an asset, when.

IEC TS 61968-14 clause 8.21. No XSD of the profile is public, so the project declares it (the
role of the standard's Annex D). An ActivityRecord has its time (``createdDateTime``), a
``type``, a ``reason``, a ``severity``, a ``status``, the IdentifiedObject ``description`` and
``Names``, and the ``Assets`` it concerns (a meter, by mRID and Names). Both editions use the
noun ``ActivityRecords`` and the same class names; they differ by namespace
(``http://iec.ch/TC57/2011/ActivityRecords#`` and ``http://iec.ch/TC57/2009/…#``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "ActivityRecord",
    "ActivityRecords",
    "Asset",
]

NOUN: Final = "ActivityRecords"
"""Header/Noun and registry noun of the profile (both editions)."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


@dataclass(slots=True, kw_only=True)
class Asset:
    """Asset the activity concerns (here a meter), by mRID and names."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    asset_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class ActivityRecord:
    """ActivityRecord: something done to or observed on assets, when, why and how serious."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    created_date_time: datetime | None = field(default=None, metadata=xml("createdDateTime"))
    description: str | None = field(default=None, metadata=xml("description"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    severity: str | None = field(default=None, metadata=xml("severity"))
    type: str | None = field(default=None, metadata=xml("type"))
    activity_record_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    status: Status | None = field(default=None, metadata=xml("status"))
    assets: list[Asset] = field(default_factory=list, metadata=xml("Assets"))


@dataclass(slots=True, kw_only=True)
class ActivityRecords:
    """The profile document: activity records."""

    activity_records: list[ActivityRecord] = field(
        default_factory=list, metadata=xml("ActivityRecord")
    )


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2011 namespace of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009)
"""The first edition of the declared profile (the same class names)."""

_DECLARED = "IEC 61968-9:{} ActivityRecords profile as declared by mspcim (IEC TS 61968-14 8.21)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, ActivityRecords, _DECLARED.format(2013)
)
"""The ActivityRecords payload in the 2011 namespace, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, ActivityRecords, _DECLARED.format(2009)
)
"""The 2009 ActivityRecords payload, with the XSD the project declares."""
