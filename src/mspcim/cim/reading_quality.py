"""ReadingQualityType codes of IEC 61968-9 Annex D: ``system.category.index``.

The system says who judged the reading (end device, MDC, MDM ...), the category what kind of
judgement it is (valid, estimated, tamper ...), and the index which judgement within that category;
index numbers are per category, so ``5.257`` (reasonability / error code) and ``1.257`` mean
different things. Vendors use private index numbers, so an unknown index inside a known category is
accepted (its ``index_literal`` is ``None``); an unknown system or category is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from mspcim.cim.coded_enum import CodedEnum
from mspcim.exceptions import MappingError

__all__ = [
    "INDEX_NAME_ALIASES",
    "QUALITY_INDEXES",
    "QualityCategory",
    "QualityIndex",
    "QualitySystem",
    "ReadingQualityCode",
]


class QualitySystem(CodedEnum):
    """Who assigned a reading quality: the end device, a collection or data-management system."""

    NOTAPPLICABLE = 0, "notApplicable"
    ENDDEVICE = 1, "endDevice"
    MDC = 2, "MDC"
    MDM = 3, "MDM"
    OTHER = 4, "other"
    EXTERNAL = 5, "external"


class QualityCategory(CodedEnum):
    """The kind of quality judgement: valid, diagnostics, tamper, estimated ..."""

    VALID = 0, "valid"
    DIAGNOSTICS = 1, "diagnostics"
    POWERQUALITY = 2, "powerQuality"
    TAMPER = 3, "tamper"
    DATACOLLECTION = 4, "dataCollection"
    REASONABILITY = 5, "reasonability"
    VALIDATION = 6, "validation"
    EDITED = 7, "edited"
    ESTIMATED = 8, "estimated"
    OBSOLETE_OSCILLATORY = 9, "obsoleteOscillatory"
    QUESTIONABLE = 10, "questionable"
    DERIVED = 11, "derived"
    PROJECTED = 12, "projected"


@dataclass(frozen=True, slots=True)
class QualityIndex:
    """One documented index of a quality category, e.g. estimated / 0 = ``estimateGeneric``."""

    category: QualityCategory
    index: int
    name: str
    """Upper-case name, as the code-system data spells it (typos corrected)."""
    literal: str
    """camelCase name used in descriptions."""


def _indexes(category: QualityCategory, *rows: tuple[int, str, str]) -> tuple[QualityIndex, ...]:
    """Declare the indexes of one category as (index, name, literal) rows."""
    return tuple(QualityIndex(category, index, name, literal) for index, name, literal in rows)


_C = QualityCategory

_TABLE: Final[tuple[QualityIndex, ...]] = (
    *_indexes(_C.VALID, (0, "DATAVALID", "dataValid"), (1, "VALIDATED", "validated")),
    *_indexes(
        _C.DIAGNOSTICS,
        (0, "DIAGNOSTICSFLAG", "diagnosticsFlag"),
        (1, "BATTERYLOW", "batteryLow"),
        (3, "SENSORFAILURE", "sensorFailure"),
        (4, "WATCHDOGFLAG", "watchdogFlag"),
        (5, "PARITYERROR", "parityError"),
        (6, "CRCERROR", "crcError"),
        (7, "RAMCHECKSUMERROR", "ramChecksumError"),
        (8, "ROMCHECKSUMERROR", "romChecksumError"),
        (9, "CLOCKERROR", "clockError"),
    ),
    *_indexes(
        _C.POWERQUALITY,
        (0, "POWERQUALITYFLAG", "powerQualityFlag"),
        (1, "EXCESSIVEOUTAGECOUNT", "excessiveOutageCount"),
        (2, "PQCOUNTER", "pqCounter"),
        (3, "SERVICEDISCONNECTSWITCHING", "serviceDisconnectSwitching"),
        (32, "POWERFAIL", "powerFail"),
        (1001, "POWERDOWN", "powerDown"),
        (1002, "POWERUP", "powerUp"),
        (1003, "PHASEFAILURE", "phaseFailure"),
    ),
    *_indexes(
        _C.TAMPER,
        (0, "REVENUEPROTECTION", "revenueProtection"),
        (1, "COVEROPENED", "coverOpened"),
        (2, "LOGICALDISCONNECT", "logicalDisconnect"),
        (3, "REVENUEPROTECTIONSUSPECT", "revenueProtectionSuspect"),
        (4, "REVERSEROTATION", "reverseRotation"),
        (5, "STATICDATAFLAG", "staticDataFlag"),
    ),
    *_indexes(
        _C.DATACOLLECTION,
        (0, "ALARMFLAG", "alarmFlag"),
        (1, "OVERFLOWCONDITIONDETECTED", "overflowConditionDetected"),
        (2, "PARTIALINTERVAL", "partialInterval"),
        (3, "LONGINTERVAL", "longInterval"),
        (4, "SKIPPEDINTERVAL", "skippedInterval"),
        (5, "TESTDATA", "testData"),
        (6, "CONFIGURATIONCHANGED", "configurationChanged"),
        (7, "NOTRECORDING", "notRecording"),
        (8, "RESETOCCURRED", "resetOccurred"),
        (9, "CLOCKCHANGED", "clockChanged"),
        (10, "LOADCONTROLOCCURRED", "loadControlOccurred"),
        (16, "DSTINEFFECT", "dstInEffect"),
        (64, "CLOCKSETFORWARD", "clockSetForward"),
        (128, "CLOCKSETBACKWARD", "clockSetBackward"),
        (129, "FAILEDPROBEATTEMPT", "failedProbeAttempt"),
        (130, "CUSTOMERREAD", "customerRead"),
        (131, "MANUALREAD", "manualRead"),
        (259, "DSTCHANGEOCCURRED", "dstChangeOccurred"),
        (1001, "CUSTOM_OTHER", "customOther"),
        (1002, "CUSTOM_SHORTLONG", "customShortLong"),
    ),
    *_indexes(
        _C.REASONABILITY,
        (256, "DATAOUTSIDEEXPECTEDRANGE", "dataOutsideExpectedRange"),
        (257, "ERRORCODE", "errorCode"),
        (258, "SUSPECT", "suspect"),
        (259, "KNOWNMISSINGREAD", "knownMissingRead"),
    ),
    *_indexes(
        _C.VALIDATION,
        (0, "VALIDATIONGENERIC", "validationGeneric"),
        (1, "ZEROUSAGE", "zeroUsage"),
        (2, "USAGEONINACTIVEMETER", "usageOnInactiveMeter"),
        (3, "USAGEABOVE", "usageAbove"),
        (4, "USAGEBELOW", "usageBelow"),
        (5, "USAGEABOVEPERCENT", "usageAbovePercent"),
        (6, "USAGEBELOWPERCENT", "usageBelowPercent"),
        (9, "TOUSUMCHECK", "touSumCheck"),
    ),
    *_indexes(
        _C.EDITED,
        (0, "EDITGENERIC", "editGeneric"),
        (1, "ADDED", "added"),
        (3, "REJECTED", "rejected"),
    ),
    *_indexes(_C.ESTIMATED, (0, "ESTIMATEGENERIC", "estimateGeneric")),
    *_indexes(_C.QUESTIONABLE, (0, "INDETERMINATE", "indeterminate"), (1, "ACCEPTED", "accepted")),
    *_indexes(_C.DERIVED, (0, "DETERMINISTIC", "deterministic"), (1, "INFERRED", "inferred")),
    *_indexes(_C.PROJECTED, (0, "PROJECTEDGENERIC", "projectedGeneric")),
)

QUALITY_INDEXES: Final[dict[tuple[QualityCategory, int], QualityIndex]] = {
    (row.category, row.index): row for row in _TABLE
}
"""The documented indexes, keyed by (category, index number)."""

INDEX_NAME_ALIASES: Final[dict[str, str]] = {
    "RESETOCCURED": "RESETOCCURRED",
    "LOADCONTROLOCCUREDD": "LOADCONTROLOCCURRED",
    "DSTCHANGEOCCURED": "DSTCHANGEOCCURRED",
}
"""Misspelt index names of the code-system data, mapped to the names used here."""


@dataclass(frozen=True, slots=True)
class ReadingQualityCode:
    """One ReadingQualityType code; ``3.8.0`` is MDM / estimated / generic estimate."""

    system: int
    category: int
    index: int

    def __post_init__(self) -> None:
        """Refuse an unknown system or category and a negative index; private indexes pass."""
        _known(QualitySystem, "system", self.system)
        _known(QualityCategory, "category", self.category)
        if isinstance(self.index, bool) or not isinstance(self.index, int) or self.index < 0:
            raise MappingError(
                f"ReadingQualityType index must be a non-negative integer, got {self.index!r}"
            )

    @classmethod
    def parse(cls, text: str) -> ReadingQualityCode:
        """Parse ``system.category.index`` (three non-negative decimal integers)."""
        return _parse_cached(text.strip())

    @property
    def system_kind(self) -> QualitySystem:
        """The system as its enum member."""
        return QualitySystem(self.system)

    @property
    def category_kind(self) -> QualityCategory:
        """The category as its enum member."""
        return QualityCategory(self.category)

    @property
    def documented_index(self) -> QualityIndex | None:
        """The documented index entry, or ``None`` for a private (vendor) index."""
        return QUALITY_INDEXES.get((self.category_kind, self.index))

    @property
    def index_literal(self) -> str | None:
        """The camelCase name of the index, or ``None`` for a private (vendor) index."""
        entry = self.documented_index
        return None if entry is None else entry.literal

    @property
    def text(self) -> str:
        """The dotted form, e.g. ``3.8.0``."""
        return f"{self.system}.{self.category}.{self.index}"

    def __str__(self) -> str:
        """The dotted form, as ``text``."""
        return self.text

    def describe(self) -> str:
        """A human label, e.g. ``MDM estimated estimateGeneric`` or ``... index 4711``."""
        index_word = self.index_literal or f"index {self.index}"
        return f"{self.system_kind.literal} {self.category_kind.literal} {index_word}"


def _known(enum_type: type[CodedEnum], field_name: str, code: object) -> None:
    """Raise ``MappingError`` unless ``code`` is a known code of ``enum_type``."""
    if isinstance(code, bool) or not isinstance(code, int):
        raise MappingError(f"ReadingQualityType {field_name} must be an integer, got {code!r}")
    try:
        enum_type(code)
    except ValueError:
        raise MappingError(f"ReadingQualityType {field_name} has unknown value {code}") from None


@lru_cache(maxsize=1024)
def _parse_cached(text: str) -> ReadingQualityCode:
    """Parse a stripped dotted quality code; cached since the same few codes recur in bulk."""
    parts = text.split(".")
    if len(parts) != 3:
        raise MappingError(
            f"ReadingQualityType code {text!r} has {len(parts)} fields; "
            "3 dot-separated integers (system.category.index) are required"
        )
    for name, part in zip(("system", "category", "index"), parts, strict=True):
        if not (part.isascii() and part.isdigit()):
            raise MappingError(
                f"ReadingQualityType {name} is not a non-negative decimal integer: {part!r}"
            )
    system, category, index = (int(part) for part in parts)
    return ReadingQualityCode(system, category, index)
