"""Profile MeterAssetConfig, IEC TS 61968-14 8.15: MultiSpeak ``electricMeter`` ⇄ CIM Meter.

A Meter (2009: MeterAsset) is the EndDevice of profile EndDeviceAssets plus the nameplate
attributes the first edition gives a meter: ``kh`` ⇄ ``kH``, ``kr`` ⇄ ``kR``, ``form`` ⇄
``formNumber``. Every other rule is the end device's (``end_device_assets.device_rules``), so
both profiles say the same thing about the same MultiSpeak element.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mspcim.cim.meter_asset_config import Meter, MeterConfig
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.end_device_assets import device_rules, nameplate_table
from mspcim.harmonize.rules import Correlate, Table
from mspcim.multispeak.v41.meter import ElectricMeter

__all__ = ["METER", "NAMEPLATE", "to_cim", "to_msp"]

PROFILE: Final = "MeterAssetConfig"

NAMEPLATE: Final = nameplate_table(
    Meter,
    (
        Correlate("kh", "k_h"),
        Correlate("kr", "k_r"),
        Correlate("form", "form_number"),
    ),
)
"""electricNameplate ⇄ Meter: constants and form on the meter, the rest as for any device."""

METER: Final = Table(
    name=PROFILE,
    clause="8.15",
    msp_class=ElectricMeter,
    cim_class=Meter,
    msp_objects=(
        "MR/MDM/EA/OA/NOT_Server: MeterAddNotification, MeterChangedNotification, "
        "MeterRemoveNotification, MeterRetireNotification; CB/MDM/NOT_Server: "
        "MeterInstalledNotification; CB/MDM_Server: GetMeterByMeterID, GetAllMeters",
        "MeterExchangeNotification (meterExchanges) is mapped by MeterServiceRequests",
        "electricMeter",
    ),
    rules=device_rules(NAMEPLATE),
)


def to_cim(
    meters: Iterable[ElectricMeter], report: GapReport | None = None, path: str = ""
) -> MeterConfig:
    """MultiSpeak electricMeters as one CIM MeterConfig (MeterAssetConfig) document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return MeterConfig(
        meters=[
            translate(METER, meter, Direction.TO_CIM, shared, f"{path}/electricMeter[{index}]")
            for index, meter in enumerate(meters, start=1)
        ]
    )


def to_msp(
    document: MeterConfig, report: GapReport | None = None, path: str = "/MeterConfig"
) -> list[ElectricMeter]:
    """A CIM MeterConfig document as MultiSpeak electricMeters."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(METER, meter, Direction.TO_MSP, shared, f"{path}/Meter[{index}]")
        for index, meter in enumerate(document.meters, start=1)
    ]
