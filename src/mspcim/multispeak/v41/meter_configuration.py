"""MultiSpeak 4.1 meter configuration groups: the nearest the 4.1 release comes to firmware.

MultiSpeak 4.1.6 has no firmware or program download operation. Meters are configured by
putting them in a *configuration group* (MR_Server ``InsertMeterInConfigurationGroup``,
``RemoveMetersFromConfigurationGroup``); the outcome comes back as
``MeterConfigurationNotification`` (CB, MDM and NOT servers) holding a
``meterConfigurationStatus``: the group and, per meter, a status text, errors and a time.
Firmware versions exist only as attributes of the meter object (``module/firmwareVersion``,
``metrologyFirmwareVersion``), which profile 8.15 maps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import MeterID, MspExtensionsItem, xml_list

__all__ = [
    "ConfigurationStatusItem",
    "InsertMeterInConfigurationGroup",
    "MeterConfigurationNotification",
    "MeterConfigurationStatus",
    "RemoveMetersFromConfigurationGroup",
]


@dataclass(slots=True, kw_only=True)
class ConfigurationStatusItem:
    """``configurationStatusItem``: how configuring one meter went (the schema requires a time)."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    configuration_status: str | None = field(default=None, metadata=xml("configurationStatus"))
    error_string_list: list[str] = field(
        default_factory=list, metadata=xml_list("errorStringList", "errorString")
    )
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))


@dataclass(slots=True, kw_only=True)
class MeterConfigurationStatus:
    """``meterConfigurationStatus``: a configuration group and the status of its meters."""

    extensions_list: list[MspExtensionsItem] = field(
        default_factory=list, metadata=xml_list("extensionsList", "extensionsItem")
    )
    configuration_group_id: str | None = field(default=None, metadata=xml("configurationGroupID"))
    configuration_status_list: list[ConfigurationStatusItem] = field(
        default_factory=list,
        metadata=xml_list("configurationStatusList", "configurationStatusItem"),
    )


@dataclass(slots=True, kw_only=True)
class MeterConfigurationNotification:
    """``MeterConfigurationNotification``: the outcome of configuring meters."""

    config_status: MeterConfigurationStatus | None = field(
        default=None, metadata=xml("configStatus")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class InsertMeterInConfigurationGroup:
    """MR_Server ``InsertMeterInConfigurationGroup``: configure meters as the group says."""

    meter_ids: list[MeterID] = field(default_factory=list, metadata=xml_list("meterIDs", "meterID"))
    meter_group_id: str | None = field(default=None, metadata=xml("meterGroupID"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    response_url: str | None = field(default=None, metadata=xml("responseURL"))


@dataclass(slots=True, kw_only=True)
class RemoveMetersFromConfigurationGroup:
    """MR_Server ``RemoveMetersFromConfigurationGroup``: take meters out of a group."""

    meter_ids: list[MeterID] = field(default_factory=list, metadata=xml_list("meterIDs", "meterID"))
    meter_group_id: str | None = field(default=None, metadata=xml("meterGroupID"))
