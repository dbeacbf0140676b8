"""Profile PANPricing, IEC TS 61968-14 clause 9: 5.0 ``priceTierStructure`` ⇄ CIM PanPricing.

MultiSpeak 5.0 sends prices to a PAN with PAN_Server ``InitiatePANPricing`` (and reports them
with NOT_Server ``PANPricingNotification``); the CIM with an EndDeviceControl whose PanPricing
holds one PanPricingDetail per price tier. Declared here:

- ``PAN_PRICING_CONTROL``: the call ⇄ EndDeviceControl; its EndDeviceControlType is
  ``PAN_PRICING`` (panDevice.billing.pricing.change); ``PANInterfaceID`` ⇄ the EndDevice (GUID
  ⇄ mRID, ``@deviceName`` ⇄ a Name of NameType ``deviceName``);
- ``PRICE_TIER_STRUCTURE``: ``startTime`` ⇄ PanPricing ``startDateTime``; the tiers in list
  order ⇄ PanPricingDetails numbered ``priceTier`` 1…n of ``priceTierCount`` n; the CIM
  values MultiSpeak has no element for in ``extensionsList`` (``CIM.PanPricing.<attribute>``);
  ``priceBins`` have no CIM counterpart: MultiSpeak requires them, so bin n uses tier n is
  written for the CIM's tiers, and only bins that say otherwise are reported;
- ``PRICE_TIER``: ``rateIdentifier`` ⇄ ``priceTierLabel``, ``rateLabel`` 1:1, ``price`` ⇄
  ``price`` exactly (its currency is the message's DefaultCurrencyCode: another is reported),
  ``units`` ⇄ ``unitOfMeasure`` (a unit outside the MultiSpeak list is ``Other`` with
  ``@otherKind``), ``register`` ⇄ ``registerTier``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from mspcim.cim.end_device_controls import (
    EndDevice,
    EndDeviceControl,
    PanPricing,
    PanPricingDetail,
    Ref,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import money_codecs
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, typed_name
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid, is_guid
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.units import UNIT_MAPPINGS, UNMAPPED_UOMS
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v50.pan import (
    InitiatePANPricing,
    PANInterfaceID,
    PriceBin,
    PriceTier,
    PriceTierStructure,
    Uom,
)

__all__ = [
    "CLAUSE",
    "MSP_UNITS",
    "PAN_PRICING",
    "PAN_PRICING_CONTROL",
    "PRICE_TIER",
    "PRICE_TIER_STRUCTURE",
    "PROFILE",
    "TABLES",
    "default_bins",
    "device_of",
    "interface_codec",
    "interface_of",
]

PROFILE: Final = "PANPricing"
CLAUSE: Final = "9"
PAN_PRICING: Final = "12.20.9.13"
"""EndDeviceControlType of a price change sent to a PAN (panDevice.billing.pricing.change)."""
MSP_UNITS: Final = frozenset({row.uom for row in UNIT_MAPPINGS} | set(UNMAPPED_UOMS))
"""The MultiSpeak ``uom`` values (5.0 ``uomKind`` is the 4.1 list plus ``Other``)."""
DEVICE_NAME: Final = "deviceName"
"""NameType of the EndDevice Name holding a ``PANInterfaceID/@deviceName``."""
_NO_CONTROL: Final = "InitiatePANPricing has no element for it"


def _price_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    price: Money | None = values["price"]
    if price is None:
        return {}
    default = ctx.state.get(money_codecs.DEFAULT_CURRENCY)
    if price.currency_code is not None and price.currency_code != default:
        reason = "PanPricingDetail has no currency: the message's DefaultCurrencyCode applies"
        ctx.gap("price/@currencyCode", price.currency_code, reason)
    return {"price": price.value}


def _price_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"price": Money(value=values["price"])} if values["price"] is not None else {}


def _units_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    units: Uom | None = values["units"]
    if units is None:
        return {}
    text = units.other_kind if units.value == "Other" and units.other_kind else units.value
    return {"unit_of_measure": text}


def _units_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    text: str | None = values["unit_of_measure"]
    if text is None:
        return {}
    known = text in MSP_UNITS
    return {"units": Uom(value=text) if known else Uom(value="Other", other_kind=text)}


def _register_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    register: int | None = values["register"]
    return {"register_tier": str(register)} if register is not None else {}


def _register_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    text: str | None = values["register_tier"]
    if text is None:
        return {}
    try:
        return {"register": int(text)}
    except ValueError:
        ctx.gap("registerTier", text, "MultiSpeak numbers a tier's register (xs:integer)")
        return {}


field_codec("v5_price_tier_price", _price_to_cim, _price_to_msp, "price ⇄ price, exact")
field_codec(
    "v5_price_tier_units",
    _units_to_cim,
    _units_to_msp,
    "units (uom, Other with @otherKind) ⇄ unitOfMeasure",
)
field_codec("v5_price_tier_register", _register_to_cim, _register_to_msp, "register ⇄ registerTier")

PRICE_TIER: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PriceTier,
    cim_class=PanPricingDetail,
    msp_objects=("priceTierStructure/priceTiers/priceTier",),
    rules=(
        Correlate("rate_identifier", "price_tier_label"),
        Correlate("rate_label", "rate_label"),
        Transform(("price",), ("price",), "v5_price_tier_price", "the price"),
        Transform(("units",), ("unit_of_measure",), "v5_price_tier_units", "the unit"),
        Transform(("register",), ("register_tier",), "v5_price_tier_register", "the register"),
        carried_cim(
            "alternate_cost_delivered", "PanPricingDetail.alternateCostDelivered", "decimal"
        ),
        carried_cim("alternate_cost_unit", "PanPricingDetail.alternateCostUnit"),
        carried_cim("current_time_date", "PanPricingDetail.currentTimeDate", "datetime"),
        carried_cim("generation_price", "PanPricingDetail.generationPrice", "decimal"),
        carried_cim("generation_price_ratio", "PanPricingDetail.generationPriceRatio", "decimal"),
        carried_cim("price_ratio", "PanPricingDetail.priceRatio", "decimal"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
    ),
)
"""priceTier ⇄ PanPricingDetail."""


def default_bins(tiers: list[PriceTier]) -> list[PriceBin]:
    """The ``priceBins`` written for tiers the CIM gives without bins: bin n uses tier n."""
    return [
        PriceBin(bin_identifier=str(number), rate_identifier=tier.rate_identifier)
        for number, tier in enumerate(tiers, start=1)
    ]


def _tiers_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    tiers: list[PriceTier] = values["price_tiers"] or []
    bins: list[PriceBin] = values["price_bins"] or []
    if bins != default_bins(tiers):
        shown = ", ".join(f"{item.bin_identifier}→{item.rate_identifier}" for item in bins)
        ctx.gap("priceBins", shown, "PanPricing has no consumption bins")
    details: list[PanPricingDetail] = []
    for index, tier in enumerate(tiers, start=1):
        detail = ctx.nested(PRICE_TIER, tier, f"{ctx.path}/priceTiers/priceTier[{index}]")
        detail.price_tier, detail.price_tier_count = index, len(tiers)
        details.append(detail)
    return {"pan_pricing_details": details}


def _tiers_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    details: list[PanPricingDetail] = values["pan_pricing_details"] or []
    if not details:
        raise MappingError(
            "PanPricing without PanPricingDetails: MultiSpeak priceTiers needs a priceTier",
            xpath=f"{ctx.path}/PanPricingDetails",
        )
    ordered = sorted(
        enumerate(details, start=1),
        key=lambda pair: (pair[1].price_tier is None, pair[1].price_tier or 0),
    )
    tiers = []
    for index, (position, detail) in enumerate(ordered, start=1):
        where = f"PanPricingDetails[{position}]"
        if (detail.price_tier, detail.price_tier_count) != (index, len(details)):
            shown = f"priceTier {detail.price_tier} of {detail.price_tier_count}"
            reason = f"MultiSpeak numbers tiers by their order: tier {index} of {len(details)}"
            ctx.gap(where, shown, reason, lost=False)
        if detail.price_tier_label is None:
            reason = "a priceTier needs its rateIdentifier: the tier's number is used"
            ctx.gap(f"{where}/priceTierLabel", "(none)", reason, lost=False)
            detail = dataclasses.replace(detail, price_tier_label=str(index))
        tiers.append(ctx.nested(PRICE_TIER, detail, f"{ctx.path}/{where}"))
    return {"price_tiers": tiers, "price_bins": default_bins(tiers)}


field_codec(
    "v5_price_tiers",
    _tiers_to_cim,
    _tiers_to_msp,
    "priceTier in list order ⇄ PanPricingDetail priceTier 1…n of priceTierCount n (PRICE_TIER); "
    "priceBins: bin n uses tier n (others have no CIM place)",
)


def _start_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"start_date_time": values["start_time"]}


def _start_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    start: datetime | None = values["start_date_time"]
    if start is None:
        raise MappingError(
            "PanPricing needs its startDateTime: MultiSpeak priceTierStructure/startTime "
            "is required",
            xpath=f"{ctx.path}/startDateTime",
        )
    return {"start_time": start}


field_codec(
    "v5_price_start",
    _start_to_cim,
    _start_to_msp,
    "startTime ⇄ startDateTime (required by MultiSpeak)",
)

PRICE_TIER_STRUCTURE: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PriceTierStructure,
    cim_class=PanPricing,
    msp_objects=("priceTierStructure",),
    rules=(
        Transform(("start_time",), ("start_date_time",), "v5_price_start", "when they apply"),
        Transform(
            ("price_tiers", "price_bins"), ("pan_pricing_details",), "v5_price_tiers", "the tiers"
        ),
        carried_cim("provider_id", "PanPricing.providerID", "integer"),
        carried_cim("command", "PanPricing.command"),
        carried_cim("duration", "PanPricing.duration", "decimal"),
        carried_cim("duration_indefinite", "PanPricing.durationIndefinite", "boolean"),
        Gap(Side.MSP, "referable_id", "no CIM counterpart"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
    ),
)
"""priceTierStructure ⇄ PanPricing."""


def device_of(interface: PANInterfaceID) -> EndDevice:
    """The EndDevice a ``PANInterfaceID`` names: GUID ⇄ mRID, its names ⇄ Names."""
    names = [typed_name(interface.device_name, DEVICE_NAME)] if interface.device_name else []
    if interface.utility is not None:
        names.append(typed_name(interface.utility, "utility"))
    return EndDevice(mrid=interface.value, names=names)


def interface_of(
    device: EndDevice, gap: Callable[[str, object, str], None]
) -> PANInterfaceID | None:
    """The ``PANInterfaceID`` of an EndDevice; ``gap(where, value, reason)`` hears what is lost."""
    kept: dict[str, str] = {}
    for item in device.names:
        kind = item.type_name or ""
        if kind in (DEVICE_NAME, "utility") and kind not in kept:
            kept[kind] = item.name
        else:
            gap("Names", item.name, "PANInterfaceID has no such attribute")
    if device.mrid is None:
        gap("mRID", "(none)", "a PANInterfaceID is a GUID")
        return None
    value = device.mrid
    if not is_guid(value):
        gap("mRID", value, "no MultiSpeakGUID: the PANInterfaceID is uuid5 of it (not reversible)")
        value = derived_guid(value)
    return PANInterfaceID(
        value=value, device_name=kept.get(DEVICE_NAME), utility=kept.get("utility")
    )


def interface_codec(name: str, msp: str, cim: str) -> str:
    """Register a codec: ``PANInterfaceID`` field ``msp`` ⇄ EndDevice list ``cim`` (the first)."""

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found: PANInterfaceID | None = values[msp]
        return {cim: [device_of(found)]} if found is not None else {}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        devices: list[EndDevice] = values[cim] or []
        for index, extra in enumerate(devices[1:], start=2):
            ctx.gap(f"EndDevices[{index}]", extra.mrid, "the call names one PAN interface")
        if not devices:
            return {}

        def gap(where: str, value: object, reason: str) -> None:
            ctx.gap(f"EndDevices[1]/{where}", value, reason)

        found = interface_of(devices[0], gap)
        return {msp: found} if found is not None else {}

    field_codec(name, to_cim, to_msp, "PANInterfaceID ⇄ EndDevice: GUID ⇄ mRID, names ⇄ Names")
    return name


def _type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"end_device_control_type": Ref(PAN_PRICING)}


def _type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: Ref | None = values["end_device_control_type"]
    if found is None or found.ref != PAN_PRICING:
        reason = f"InitiatePANPricing sends prices: the control type is {PAN_PRICING}"
        ctx.gap("EndDeviceControlType", found.ref if found else None, reason, lost=False)
    return {}


field_codec(
    "v5_pan_pricing_type",
    _type_to_cim,
    _type_to_msp,
    f"the operation ⇄ EndDeviceControlType {PAN_PRICING}",
)

PAN_PRICING_CONTROL: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=InitiatePANPricing,
    cim_class=EndDeviceControl,
    msp_objects=(
        "PAN_Server: InitiatePANPricing (responseURL ⇄ ReplyAddress, transactionID ⇄ "
        "CorrelationID, in the message)",
        "NOT_Server: PANPricingNotification",
    ),
    rules=(
        Transform((), ("end_device_control_type",), "v5_pan_pricing_type", "the control type"),
        part(
            PRICE_TIER_STRUCTURE,
            msp="price_tier_structure",
            cim="pan_pricing",
            within=(InitiatePANPricing, EndDeviceControl),
            note="the prices",
        ),
        Transform(
            ("pan_interface_id",),
            ("end_devices",),
            interface_codec("v5_pan_pricing_interface", "pan_interface_id", "end_devices"),
            "the PAN interface",
        ),
        *(
            Gap(Side.CIM, field, _NO_CONTROL)
            for field in (
                "mrid",
                "dr_program_level",
                "dr_program_mandatory",
                "issuer_id",
                "issuer_tracking_id",
                "price_signal",
                "reason",
                "pan_demand_response",
                "pan_display",
                "end_device_groups",
                "primary_device_timing",
                "secondary_device_timing",
                "usage_point_groups",
                "usage_points",
            )
        ),
    ),
)
"""InitiatePANPricing ⇄ EndDeviceControl (PanPricing)."""

TABLES: Final = (PAN_PRICING_CONTROL, PRICE_TIER_STRUCTURE, PRICE_TIER)
"""The tables of the profile, for the catalogue."""
