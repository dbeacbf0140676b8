"""Profile AuxiliaryAgreementConfig: MultiSpeak ``ppmLocation`` ⇄ CIM AuxiliaryAgreement.

A prepaid-metering location (MultiSpeak 4.1 ``ppmLocation``, enrolled with
``EnrollPPMCustomer``) is what the CIM calls an auxiliary agreement: the customer owes balances
recovered through prepayment. Its ``totalBalance`` is the AuxiliaryAccount's ``balance``, its
``sharedArrears`` the account's arrears (``due/arrears``), its ``connectDate`` the start of the
agreement's validity; the customer, service location and service type belong to the
CustomerAgreement the auxiliary agreement hangs on (references: the customer's data travels in
CustomerConfig). Amounts are exact (Decimal) with their ISO 4217 currency. MultiSpeak values
with no CIM attribute (priority balance, deposit, tax district, charge codes, the meter …)
travel as the agreement's Names; the agreement's CIM-only terms (vend portions, cycles,
priority, fixed and minimum amounts) in ``extensionsList``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.auxiliary_agreement_config import (
    AuxiliaryAccount,
    AuxiliaryAgreement,
    AuxiliaryAgreementConfig,
    Due,
)
from mspcim.cim.customer_agreement_config import CustomerAgreement
from mspcim.cim.end_device_assets import Customer as CustomerReference
from mspcim.cim.end_device_assets import ServiceCategory, ServiceLocation
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.harmonize import money_codecs
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.customer_codecs import reference_codec
from mspcim.harmonize.end_device_codecs import (
    VENDOR_EXTENSION,
    carried_msp,
    meter_id_names,
    typed_name,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.utility_info_codecs import SERVICE_KINDS
from mspcim.multispeak.v41.customer import Customer
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.multispeak.v41.ppm_location import PpmLocation

__all__ = [
    "AUXILIARY_ACCOUNT",
    "AUXILIARY_AGREEMENT",
    "CUSTOMER_AGREEMENT",
    "DUE",
    "VALIDITY",
    "to_cim",
    "to_msp",
]

PROFILE: Final = "AuxiliaryAgreementConfig"
CLAUSE: Final = "8.20"
"""The one clause 8 section no other profile of the issue takes (inferred, not checked)."""
NAMES: Final = "AuxiliaryAgreementNames"
_SERVICE_TYPES: Final = {kind: service for service, kind in SERVICE_KINDS.items()}

CUSTOMER: Final = reference_codec(
    "ppm_customer_reference",
    ("customer", "customer"),
    (Customer, CustomerReference),
    "customer_names",
    "CustomerConfig (8.3)",
    ("customer", "Customer"),
)


def _location_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found = values["service_location_id"]
    return {"service_locations": [ServiceLocation(mrid=found)]} if found is not None else {}


def _location_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    locations: list[ServiceLocation] = values["service_locations"] or []
    for index, extra in enumerate(locations[1:], start=2):
        ctx.gap(f"ServiceLocations[{index}]", extra.mrid or "", "ppmLocation has one location")
    for location in locations[:1]:
        for name in location.service_location_names:
            ctx.gap("ServiceLocations[1]", name.name, "MultiSpeak refers to the location by id")
    return {"service_location_id": locations[0].mrid} if locations else {}


field_codec(
    "ppm_service_location",
    _location_to_cim,
    _location_to_msp,
    "serviceLocationID ⇄ ServiceLocations/mRID (one location)",
)


def _service_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found = values["service_type"]
    if found is None:
        return {}
    kind = SERVICE_KINDS.get(found)
    if kind is None:
        return {"customer_agreement_names": [typed_name(found, "serviceType")]}
    return {"service_category": ServiceCategory(kind=kind)}


def _service_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    category: ServiceCategory | None = values["service_category"]
    names: list[Name] = values["customer_agreement_names"] or []
    carried = next((name for name in names if name.type_name == "serviceType"), None)
    if carried is not None:
        take(ctx, carried)
    if category is not None and category.kind in _SERVICE_TYPES:
        return {"service_type": _SERVICE_TYPES[category.kind]}
    if category is not None:
        ctx.gap("service_category", category.kind, "no MultiSpeak serviceType for this ServiceKind")
    return {"service_type": carried.name} if carried is not None else {}


field_codec(
    "ppm_service_type",
    _service_to_cim,
    _service_to_msp,
    "serviceType ⇄ ServiceCategory/kind (declared table SERVICE_KINDS; others as a Name of "
    "NameType serviceType)",
)


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter: MeterID | None = values["meter_id"]
    return {"auxiliary_agreement_names": meter_id_names(meter)} if meter is not None else {}


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["auxiliary_agreement_names"] or []
    if not any(name.type_name == METER_ID_NAME_TYPES["value"] for name in names):
        return {}
    found: dict[str, str] = {}
    for name in names:
        for attribute, name_type in METER_ID_NAME_TYPES.items():
            if name.type_name == name_type and attribute not in found:
                found[attribute] = name.name
                take(ctx, name)
    return {"meter_id": MeterID(**found)}


field_codec(
    "ppm_meter_id",
    _meter_to_cim,
    _meter_to_msp,
    "meterID text, @meterNo, @serviceType, @utility ⇄ Names of NameType meterID, meterNo, "
    "serviceType, utility (as profile 8.17)",
)

FIXED_CHARGE_CODE: Final = "fixedChargeCode"


def _charges_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    codes = []
    for name in values["auxiliary_agreement_names"] or []:
        if name.type_name == FIXED_CHARGE_CODE:
            take(ctx, name)
            codes.append(name.name)
    return {"fixed_charge_codes": codes}


field_codec(
    "ppm_fixed_charge_codes",
    lambda values, ctx: {
        "auxiliary_agreement_names": [
            typed_name(code, FIXED_CHARGE_CODE) for code in values["fixed_charge_codes"] or []
        ]
    },
    _charges_to_msp,
    "fixedChargeCodeList/fixedChargeCode ⇄ Names of NameType fixedChargeCode, in order",
)

CUSTOMER_AGREEMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PpmLocation,
    cim_class=CustomerAgreement,
    msp_objects=("ppmLocation (customer, serviceLocationID, serviceType)",),
    rules=(
        Transform(("customer",), ("customer",), CUSTOMER, "the customer, by reference"),
        Transform(
            ("service_location_id",),
            ("service_locations",),
            "ppm_service_location",
            "the location",
        ),
        Transform(
            ("service_type",),
            ("service_category", "customer_agreement_names"),
            "ppm_service_type",
            "the service",
        ),
        carried_cim("mrid", "CustomerAgreement.mRID"),
        carried_cim("is_pre_pay", "CustomerAgreement.isPrePay", "boolean"),
        carried_cim("load_mgmt", "CustomerAgreement.loadMgmt"),
        carried_cim("shut_off_date_time", "CustomerAgreement.shutOffDateTime", "datetime"),
        Gap(Side.CIM, "customer_account", "ppmLocation names no account"),
        Gap(Side.CIM, "validity_interval", "ppmLocation dates the prepayment, not the agreement"),
        Gap(Side.CIM, "customer_agreement_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""The CustomerAgreement an auxiliary agreement belongs to."""

VALIDITY: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PpmLocation,
    cim_class=DateTimeInterval,
    msp_objects=("ppmLocation (connectDate)",),
    rules=(
        Correlate("connect_date", "start"),
        carried_cim("end", "AuxiliaryAgreement.validityInterval.end", "datetime"),
    ),
)

DUE: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PpmLocation,
    cim_class=Due,
    msp_objects=("ppmLocation (sharedArrears)",),
    rules=(
        money_codecs.money_rule("shared_arrears", "arrears", "the arrears"),
        *(
            carried_cim(field, f"Due.{field}", "cim_money")
            for field in ("charges", "current", "interest", "principle")
        ),
    ),
)

AUXILIARY_ACCOUNT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PpmLocation,
    cim_class=AuxiliaryAccount,
    msp_objects=("ppmLocation (totalBalance, sharedArrears)",),
    rules=(
        money_codecs.money_rule("total_balance", "balance", "the balance"),
        part(DUE, cim="due", within=(PpmLocation, AuxiliaryAccount), note="what is due"),
        carried_cim("mrid", "AuxiliaryAccount.mRID"),
        carried_cim("principle_amount", "AuxiliaryAccount.principleAmount", "cim_money"),
    ),
)

_CARRIED: Final = (
    ("tax_dist", "taxDist", "text"),
    ("fuel_cost_adj_code", "fuelCostAdjCode", "text"),
    ("priority_balance", "priorityBalance", "money"),
    ("last_meter_read", "lastMeterRead", "integer"),
    ("last_reading_date", "lastReadingDate", "datetime"),
    ("deposit_amount", "depositAmount", "money"),
    ("deposit_paid", "depositPaid", "money"),
    ("deposit_interest", "depositInterest", "decimal"),
    ("billing_cycle", "billingCycle", "text"),
    ("meter_set_date", "meterSetDate", "datetime"),
    ("utility", "ppmLocation.utility", "text"),
)
"""The location's own ``@utility`` has its own NameType: ``utility`` is the meterID's."""
_CIM_ONLY: Final = (
    ("arrears_interest", "arrearsInterest", "decimal"),
    ("aux_cycle", "auxCycle", "text"),
    ("aux_priority_code", "auxPriorityCode", "text"),
    ("fixed_amount", "fixedAmount", "cim_money"),
    ("min_amount", "minAmount", "cim_money"),
    ("pay_cycle", "payCycle", "text"),
    ("sub_type", "subType", "text"),
    ("vend_portion", "vendPortion", "decimal"),
    ("vend_portion_arrear", "vendPortionArrear", "decimal"),
)
_WITHIN: Final = (PpmLocation, AuxiliaryAgreement)

AUXILIARY_AGREEMENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PpmLocation,
    cim_class=AuxiliaryAgreement,
    msp_objects=(
        "MDM_Server: EnrollPPMCustomer (create), UnenrollPPMCustomer (delete)",
        "CB/MDM_Server: GetPPMCustomer (and response)",
        "ppmLocation",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("comments", "description"),
        Correlate("object_name", "name"),
        part(VALIDITY, cim="validity_interval", within=_WITHIN, note="connectDate ⇄ start"),
        part(AUXILIARY_ACCOUNT, cim="auxiliary_accounts", within=_WITHIN, note="the balances"),
        part(CUSTOMER_AGREEMENT, cim="customer_agreement", within=_WITHIN, note="whose, where"),
        Transform(("meter_id",), ("auxiliary_agreement_names",), "ppm_meter_id", "the meter"),
        Transform(
            ("fixed_charge_codes",),
            ("auxiliary_agreement_names",),
            "ppm_fixed_charge_codes",
            "the fixed charges",
        ),
        *(carried_msp(field, element, NAMES, codec) for field, element, codec in _CARRIED),
        *(
            carried_cim(field, f"AuxiliaryAgreement.{element}", codec)
            for field, element, codec in _CIM_ONLY
        ),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "auxiliary_agreement_names", "name of a type MultiSpeak has no element for"),
    ),
)


def _state(report: GapReport | None, default_currency: str | None) -> TranslationState:
    return TranslationState(
        report=report if report is not None else GapReport(),
        profile=PROFILE,
        state={money_codecs.DEFAULT_CURRENCY: default_currency},
    )


def to_cim(
    locations: Iterable[PpmLocation],
    report: GapReport | None = None,
    path: str = "",
    item: str = "ppmLocation",
    default_currency: str | None = None,
) -> AuxiliaryAgreementConfig:
    """MultiSpeak ppmLocations as one CIM AuxiliaryAgreementConfig."""
    shared = _state(report, default_currency)
    return AuxiliaryAgreementConfig(
        auxiliary_agreements=[
            translate(AUXILIARY_AGREEMENT, each, Direction.TO_CIM, shared, f"{path}/{item}[{i}]")
            for i, each in enumerate(locations, start=1)
        ]
    )


def to_msp(
    document: AuxiliaryAgreementConfig,
    report: GapReport | None = None,
    path: str = "/AuxiliaryAgreementConfig",
    default_currency: str | None = None,
) -> list[PpmLocation]:
    """A CIM AuxiliaryAgreementConfig as MultiSpeak ppmLocations."""
    shared = _state(report, default_currency)
    return [
        translate(
            AUXILIARY_AGREEMENT, each, Direction.TO_MSP, shared, f"{path}/AuxiliaryAgreement[{i}]"
        )
        for i, each in enumerate(document.auxiliary_agreements, start=1)
    ]
