"""Profile MeterAssetConfig (IEC 61968-9:2009; ``MeterConfig`` in 2013), as mspcim declares it.

IEC TS 61968-14 clause 8.15. A Meter (2009: MeterAsset) is an EndDevice of
``cim.end_device_assets`` with the metering attributes of the first edition: ``formNumber``,
``kH`` (watthour constant) and ``kR`` (register multiplier). Everything else — functions,
registers, seals, location, service point — is the end device's, declared once there.

Messages name the profile ``MeterConfig`` (2013) or ``MeterAssetConfig`` (2009) in Header/Noun
(``NOUNS``); the payload registry keys both editions by ``MeterConfig``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_assets import RENAMES_2009, EndDevice
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
    "NOUNS",
    "Meter",
    "MeterConfig",
]

NOUN: Final = "MeterConfig"
"""The noun the payload registry knows the profile by (both editions)."""
NOUNS: Final = {Edition.CIM2013: "MeterConfig", Edition.CIM2009: "MeterAssetConfig"}
"""Header/Noun of the profile's messages in each edition."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile="MeterConfig")
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile="MeterAssetConfig")


@dataclass(slots=True, kw_only=True)
class Meter(EndDevice):
    """Meter (2009: MeterAsset): an end device that meters, with its form and constants."""

    form_number: str | None = field(default=None, metadata=xml("formNumber"))
    k_h: Decimal | None = field(default=None, metadata={"xml": "kH", "xsd": "xs:float"})
    k_r: Decimal | None = field(default=None, metadata={"xml": "kR", "xsd": "xs:float"})


@dataclass(slots=True, kw_only=True)
class MeterConfig:
    """The profile document: meters with their configuration."""

    meters: list[Meter] = field(default_factory=list, metadata=xml("Meter"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""

_DECLARED = "IEC 61968-9:{} {} profile as declared by mspcim (IEC TS 61968-14 8.15)"

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, MeterConfig, _DECLARED.format(2013, "MeterConfig")
)
"""The 2013 MeterConfig payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, MeterConfig, _DECLARED.format(2009, "MeterAssetConfig")
)
"""The 2009 MeterAssetConfig payload, with the XSD the project declares."""
