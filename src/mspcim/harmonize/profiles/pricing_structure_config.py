"""Profile PricingStructureConfig, IEC TS 61968-14 8.24: MultiSpeak ``rate`` ⇄ CIM PricingStructure.

A rate is a PricingStructure by its ``rateCode``; its ``startTime`` is the ``startDate`` of the
pricing structure's Tariff, and its ``rateComponents`` are the Charges of that tariff (one
TariffProfile, one TimeTariffInterval from the start of the cycle): each price exact, with its
currency, as the Charge's ``fixedPortion``. CIM structure MultiSpeak cannot hold (further
tariffs, cycles, time-of-use intervals, percentage charges) is reported; CIM attributes with no
MultiSpeak element travel in the rate's ``extensionsList``, MultiSpeak values with no CIM
attribute as Names of the PricingStructure or the Charge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, time
from decimal import Decimal
from typing import Any, Final

from mspcim.cim.identified_object import first_name
from mspcim.cim.pricing_structure_config import (
    Charge,
    PricingStructure,
    PricingStructureConfig,
    Tariff,
    TariffProfile,
    TimeTariffInterval,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import money_codecs as _money_codecs  # noqa: F401  (registers the codecs)
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import carried_msp, names_carrier, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.money_codecs import DEFAULT_CURRENCY
from mspcim.harmonize.parts import take
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.rate import Rate, RateComponent
from mspcim.xsdtypes import format_datetime, parse_datetime

__all__ = ["RATE", "RATE_COMPONENT", "START_TIME", "to_cim", "to_msp"]

PROFILE: Final = "PricingStructureConfig"
CLAUSE: Final = "8.24"
START_TIME: Final = "startTime"
"""NameType of the PricingStructure name carrying a rate start that is not midnight UTC."""

PRICING_STRUCTURE_NAMES: Final = names_carrier(
    "PricingStructureNames", "pricing_structure_names", "PricingStructure"
)
CHARGE_NAMES: Final = names_carrier("ChargeNames", "charge_names", "Charge")

_VENDOR = "vendor extensionsItem with no CIM counterpart"
_NAMES = "name of a type MultiSpeak has no element for"

RATE_COMPONENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=RateComponent,
    cim_class=Charge,
    msp_objects=("rate/rateComponents/rateComponent",),
    rules=(
        Transform(
            ("value", "currency_code"),
            ("fixed_portion",),
            "rate_component_price",
            "the price, exact, and its currency",
        ),
        Correlate("rate_code", "name"),
        Correlate("rate_component_description", "description"),
        carried_msp("commodity_units", "commodityUnits", "ChargeNames"),
        Gap(Side.CIM, "mrid", "a rateComponent has no id"),
        Gap(Side.CIM, "kind", "a rateComponent does not say what it is levied for"),
        Gap(Side.CIM, "variable_portion", "a rateComponent is an amount, not a percentage"),
        Gap(Side.CIM, "charge_names", _NAMES),
    ),
)
"""rateComponent ⇄ Charge: one price of the rate."""


def _start_name(start: datetime) -> list[Any]:
    midnight = datetime.combine(start.date(), time(0), tzinfo=UTC)
    if start.tzinfo is not None and start == midnight and start.utcoffset() == midnight.utcoffset():
        return []
    return [typed_name(format_datetime(start), START_TIME)]


def _tariff_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    start: datetime | None = values["start_time"]
    components: list[RateComponent] = values["rate_components"] or []
    charges = [
        ctx.nested(RATE_COMPONENT, component, f"{ctx.path}/rateComponents/rateComponent[{index}]")
        for index, component in enumerate(components, start=1)
    ]
    if start is None and not charges:
        return {}
    interval = TimeTariffInterval(sequence_number=1, start_time=Decimal(0), charges=charges)
    tariff = Tariff(
        start_date=start.date() if start is not None else None,
        tariff_profiles=[TariffProfile(time_tariff_intervals=[interval])] if charges else [],
    )
    names = _start_name(start) if start is not None else []
    if names:
        ctx.gap(
            "start_time",
            start,
            f"Tariff/startDate is a date: the time travels as a Name of NameType {START_TIME}",
            lost=False,
        )
    return {"tariffs": [tariff], "pricing_structure_names": names}


def _start_to_msp(tariff: Tariff, names: list[Any], ctx: TranslationContext) -> datetime | None:
    carried = first_name(names, START_TIME)
    if carried is not None:
        take(ctx, carried)
        try:
            start = parse_datetime(carried.name)
        except MappingError:
            raise MappingError(f"Name {START_TIME} is not a dateTime: {carried.name!r}") from None
        if tariff.start_date is not None and start.date() != tariff.start_date:
            ctx.gap("tariffs", tariff.start_date, "startDate differs from the carried startTime")
        return start
    if tariff.start_date is None:
        return None
    return datetime.combine(tariff.start_date, time(0), tzinfo=UTC)


def _charges(tariff: Tariff, ctx: TranslationContext) -> list[tuple[Charge, str]]:
    """The charges of ``tariff``'s intervals with their paths; what a rate cannot hold reported."""
    if tariff.mrid:
        ctx.gap("tariffs", tariff.mrid, "a rate has no tariff id")
    if tariff.end_date is not None:
        ctx.gap("tariffs", tariff.end_date, "a rate has no end date")
    found: list[tuple[Charge, str]] = []
    for p, profile in enumerate(tariff.tariff_profiles, start=1):
        if profile.tariff_cycle:
            ctx.gap("tariffs", profile.tariff_cycle, "a rate has no tariff cycle")
        for i, interval in enumerate(profile.time_tariff_intervals, start=1):
            if interval.sequence_number not in (None, 1) or interval.start_time not in (None, 0):
                ctx.gap(
                    "tariffs",
                    f"interval {interval.sequence_number} at {interval.start_time} s",
                    "rateComponents have no time of use (TOUSchedules are not mapped)",
                )
            where = f"{ctx.path}/Tariffs[1]/TariffProfiles[{p}]/TimeTariffIntervals[{i}]"
            for c, charge in enumerate(interval.charges, start=1):
                if charge.fixed_portion is None:
                    shown = charge.name or charge.mrid or charge.variable_portion
                    ctx.gap("tariffs", shown, "a rateComponent is an amount: no fixedPortion")
                else:
                    found.append((charge, f"{where}/Charges[{c}]"))
    return found


def _tariff_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    tariffs: list[Tariff] = values["tariffs"] or []
    names = values["pricing_structure_names"] or []
    if not tariffs:
        carried = first_name(names, START_TIME)
        if carried is None:
            return {}
        return {"start_time": _start_to_msp(Tariff(), names, ctx)}
    first, *others = tariffs
    for other in others:
        shown = other.mrid or other.start_date or "(tariff)"
        ctx.gap("tariffs", shown, "a rate is one tariff: the first Tariff maps")
    components = [
        ctx.nested(RATE_COMPONENT, charge, where) for charge, where in _charges(first, ctx)
    ]
    return {"start_time": _start_to_msp(first, names, ctx), "rate_components": components}


field_codec(
    "rate_tariff",
    _tariff_to_cim,
    _tariff_to_msp,
    "startTime ⇄ Tariff/startDate (a time other than midnight UTC as a Name startTime); "
    "rateComponents ⇄ the Charges of its one TariffProfile and TimeTariffInterval",
)

RATE: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Rate,
    cim_class=PricingStructure,
    msp_objects=(
        "MR/MDM/NOT/HAN_Server: RateChangedNotification (rateInfo, transactionID)",
        "rate; also ppmLocation/rate (GetPPMCustomer, EnrollPPMCustomer: the customer account)",
        "rate/TOUSchedules: no counterpart in this profile (reported lost)",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("object_name", "name"),
        Correlate("rate_code", "code"),
        Correlate("rate_code_description", "description"),
        Transform(
            ("start_time", "rate_components"),
            ("tariffs", "pricing_structure_names"),
            "rate_tariff",
            "the rate's one tariff: start and prices",
        ),
        carried_msp("comments", "comments", "PricingStructureNames"),
        carried_msp("utility", "utility", "PricingStructureNames"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        carried_cim("revenue_kind", "PricingStructure.revenueKind", "revenue_kind"),
        carried_cim("tax_exemption", "PricingStructure.taxExemption", "boolean"),
        carried_cim(
            "service_category", "PricingStructure.ServiceCategory.kind", "service_category"
        ),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        Gap(Side.CIM, "pricing_structure_names", _NAMES),
    ),
)
"""rate ⇄ PricingStructure."""


def _state(report: GapReport | None, default_currency: str | None) -> TranslationState:
    return TranslationState(
        report=report if report is not None else GapReport(),
        state={DEFAULT_CURRENCY: default_currency},
        profile=PROFILE,
    )


def to_cim(
    rates: Iterable[Rate],
    report: GapReport | None = None,
    path: str = "",
    default_currency: str | None = None,
    item: str = "rate",
) -> PricingStructureConfig:
    """MultiSpeak rates (``item`` elements under ``path``) as one PricingStructureConfig."""
    shared = _state(report, default_currency)
    return PricingStructureConfig(
        pricing_structures=[
            translate(RATE, rate, Direction.TO_CIM, shared, f"{path}/{item}[{index}]")
            for index, rate in enumerate(rates, start=1)
        ]
    )


def to_msp(
    document: PricingStructureConfig,
    report: GapReport | None = None,
    path: str = "/PricingStructureConfig",
    default_currency: str | None = None,
) -> list[Rate]:
    """A CIM PricingStructureConfig document as MultiSpeak rates."""
    shared = _state(report, default_currency)
    return [
        translate(RATE, structure, Direction.TO_MSP, shared, f"{path}/PricingStructure[{index}]")
        for index, structure in enumerate(document.pricing_structures, start=1)
    ]
