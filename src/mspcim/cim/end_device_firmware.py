"""The EndDeviceFirmware profile of IEC 61968-9: the firmware, program and configuration of meters.

No public XSD exists for this profile in either edition: the project declares it (the role of
IEC TS 61968-14 Annex D) from the CIM classes it concerns — ``EndDevice`` with its ``status`` and
its ``EndDeviceFunctions``, whose ``AssetFunction`` attributes name the firmware
(``firmwareID``), program (``programID``), configuration (``configID``) and hardware
(``hardwareID``) and hold a ``password``. The 2009 declaration uses the first edition's names
(``EndDeviceAsset``, ``DeviceFunction``). Both XSDs are emitted by ``Binding.xsd``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from lxml import etree

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
    "NOUN",
    "EndDevice",
    "EndDeviceFirmware",
    "EndDeviceFunction",
    "declared_schema",
]

NOUN: Final = "EndDeviceFirmware"


@dataclass(slots=True, kw_only=True)
class EndDeviceFunction:
    """EndDeviceFunction: one function of a device and the firmware and configuration it runs."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    config_id: str | None = field(default=None, metadata=xml("configID"))
    firmware_id: str | None = field(default=None, metadata=xml("firmwareID"))
    hardware_id: str | None = field(default=None, metadata=xml("hardwareID"))
    password: str | None = field(default=None, metadata=xml("password"))
    program_id: str | None = field(default=None, metadata=xml("programID"))
    enabled: bool | None = field(default=None, metadata=xml("enabled"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class EndDevice:
    """EndDevice (a meter): its identity, status and functions."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    status: Status | None = field(default=None, metadata=xml("status"))
    end_device_functions: list[EndDeviceFunction] = field(
        default_factory=list, metadata=xml("EndDeviceFunctions")
    )


@dataclass(slots=True, kw_only=True)
class EndDeviceFirmware:
    """The EndDeviceFirmware document: devices and their firmware and configuration."""

    end_devices: list[EndDevice] = field(default_factory=list, metadata=xml("EndDevice"))


BINDING_2013: Final = Binding(ns.CIM_2011_PROFILE.format(profile=NOUN), "m")
"""IEC 61968-9:2013 (2011 namespace), as the project declares it."""

RENAMES_2009: Final = {
    "EndDevice": "EndDeviceAsset",
    "EndDeviceFunctions": "DeviceFunctions",
    "EndDeviceFunction": "DeviceFunction",
}
"""First-edition names for the 2013 ones."""

BINDING_2009: Final = Binding(ns.CIM_2009_PROFILE.format(profile=NOUN), "m", RENAMES_2009)
"""IEC 61968-9:2009, as the project declares it."""

_DECLARED: Final = "IEC 61968-9:{} EndDeviceFirmware, as declared by mspcim"
"""Documentation of the declared XSD, by edition."""

CODEC_2013: Final = register_bound_payload(
    NOUN, Edition.CIM2013, BINDING_2013, EndDeviceFirmware, _DECLARED.format(2013)
)
"""The 2013 EndDeviceFirmware payload in the registry (declared schema)."""

CODEC_2009: Final = register_bound_payload(
    NOUN, Edition.CIM2009, BINDING_2009, EndDeviceFirmware, _DECLARED.format(2009)
)
"""The 2009 EndDeviceFirmware payload in the registry (declared schema)."""


def declared_schema(binding: Binding) -> etree._Element:
    """The XSD of the EndDeviceFirmware profile as the project declares it for ``binding``."""
    edition = 2009 if binding is BINDING_2009 else 2013
    return binding.xsd(EndDeviceFirmware, NOUN, _DECLARED.format(edition))
