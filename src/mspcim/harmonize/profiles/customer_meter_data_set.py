"""Profile CustomerMeterDataSet, IEC TS 61968-14 8.4: a meter's ``utilityInfo`` ⇄ the CIM links.

MultiSpeak 4.1 keeps the links of a meter in its ``utilityInfo``: ``serviceID`` (the service
point), ``serviceLocationID``, ``customerID`` and ``accountNumber``. Each ``electricMeter``
becomes one CIM UsagePoint holding the meter (its identity as in profile 8.17), the
ServiceLocation, and the CustomerAgreement with its CustomerAccount and Customer. The meter's
asset data is not part of this profile (it travels in MeterAssetConfig): those elements are
declared gaps, so a meter sent this way says what it left out. Customer and service location
objects of MultiSpeak (``customer``, ``serviceLocation``) are not mapped by this profile.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.customer_meter_data_set import (
    CustomerAccount,
    CustomerAgreement,
    CustomerMeterDataSet,
    LinkedMeter,
    UsagePoint,
)
from mspcim.cim.end_device_assets import Customer
from mspcim.harmonize.codecs import FIELD_CODECS, TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import (
    VENDOR_EXTENSION,
    carried_msp,
    typed_name,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.harmonize.utility_info_codecs import (
    SERVICE_LOCATION_REFERENCE,
    service_id_from,
    usage_point_parts,
)
from mspcim.multispeak.v41.meter import ElectricMeter, ServiceID, UtilityInfo

__all__ = ["CUSTOMER_METER_DATA", "UTILITY_LINKS", "to_cim", "to_msp"]

PROFILE: Final = "CustomerMeterDataSet"
ACCOUNT_NUMBER: Final = "accountNumber"
"""NameType of the CustomerAccount name that carries MultiSpeak ``accountNumber``."""


def _service_point_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    service: ServiceID | None = values["service_id"]
    if service is None:
        return {}
    mrid, names, category = usage_point_parts(service)
    return {"mrid": mrid, "service_point_names": names, "service_category": category}


def _service_point_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names = values["service_point_names"] or []
    if not (values["mrid"] or values["service_category"] or names):
        return {}
    service = service_id_from(
        values["mrid"], names, values["service_category"], ctx, "service_category"
    )
    if not (service.value or service.object_id or service.service_type):
        return {}
    return {"service_id": service}


field_codec(
    "data_set_service_point",
    _service_point_to_cim,
    _service_point_to_msp,
    "serviceID: @objectID ⇄ UsagePoint/mRID, text ⇄ Names (serviceID), @serviceType ⇄ "
    "ServiceCategory/kind (SERVICE_KINDS)",
)


def _agreement_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    customer_id, account = values["customer_id"], values["account_number"]
    if customer_id is None and account is None:
        return {}
    return {
        "customer_agreement": CustomerAgreement(
            customer=Customer(mrid=customer_id) if customer_id is not None else None,
            customer_account=CustomerAccount(
                customer_account_names=[typed_name(account, ACCOUNT_NUMBER)]
            )
            if account is not None
            else None,
        )
    }


def _agreement_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    agreement: CustomerAgreement | None = values["customer_agreement"]
    if agreement is None:
        return {}
    if agreement.mrid:
        ctx.gap("customer_agreement", agreement.mrid, "utilityInfo has no agreement id")
    out: dict[str, Any] = {}
    if agreement.customer is not None:
        out["customer_id"] = agreement.customer.mrid
        for name in agreement.customer.customer_names:
            ctx.gap("customer_agreement", name.name, "utilityInfo names a customer by id only")
    account = agreement.customer_account
    if account is not None:
        if account.mrid:
            ctx.gap("customer_agreement", account.mrid, "utilityInfo has the account number only")
        for name in account.customer_account_names:
            if name.type_name in (ACCOUNT_NUMBER, None) and "account_number" not in out:
                out["account_number"] = name.name
            else:
                ctx.gap("customer_agreement", name.name, "utilityInfo has one account number")
    return out


field_codec(
    "utility_info_agreement",
    _agreement_to_cim,
    _agreement_to_msp,
    "customerID ⇄ CustomerAgreement/Customer/mRID, accountNumber ⇄ "
    "CustomerAgreement/CustomerAccount/Names (NameType accountNumber)",
)

UTILITY_LINKS = Table(
    name=PROFILE,
    clause="8.4",
    msp_class=UtilityInfo,
    cim_class=UsagePoint,
    msp_objects=("electricMeter/utilityInfo",),
    rules=(
        Transform(
            ("service_id",),
            ("mrid", "service_point_names", "service_category"),
            "data_set_service_point",
            "the service point",
        ),
        Transform(
            ("service_location_id",),
            ("service_location",),
            SERVICE_LOCATION_REFERENCE,
            "the service location",
        ),
        Transform(
            ("customer_id", "account_number"),
            ("customer_agreement",),
            "utility_info_agreement",
            "the customer and the account",
        ),
        carried_msp("owner", "utilityInfo.owner", "UsagePointNames"),
        carried_msp("district", "utilityInfo.district", "UsagePointNames"),
        Gap(Side.MSP, "gps_point", "coordinates belong to the ServiceLocation (not this profile)"),
    ),
)


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    identity = FIELD_CODECS["electric_meter_identity"].to_cim(values, ctx)
    if not identity["mrid"] and not identity["end_device_names"]:
        return {}
    return {"meters": [LinkedMeter(**identity)]}


_IDENTITY_TYPES: Final = frozenset(METER_ID_NAME_TYPES.values())


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meters: list[LinkedMeter] = values["meters"] or []
    for extra in meters[1:]:
        label = extra.mrid or ", ".join(name.name for name in extra.end_device_names)
        ctx.gap("meters", label, "an electricMeter is one meter: further meters of the point")
    if not meters:
        return {}
    meter = meters[0]
    for name in meter.end_device_names:
        if name.type_name is not None and name.type_name not in _IDENTITY_TYPES:
            ctx.gap("meters", f"{name.type_name}={name.name}", "not a name of the meterID")
    identity = {"mrid": meter.mrid, "end_device_names": meter.end_device_names}
    result: dict[str, Any] = FIELD_CODECS["electric_meter_identity"].to_msp(identity, ctx)
    return result


field_codec(
    "data_set_meter",
    _meter_to_cim,
    _meter_to_msp,
    "the meter measuring the point: @objectID ⇄ Meter/mRID, meterNo, @utility ⇄ Names "
    "(as profile 8.17)",
)

_LINKED: Final = frozenset(
    {"utility_info", "object_id", "meter_no", "utility", "extensions_list", "verb"}
)
_ASSET: Final = "the meter's asset data is not part of the data set (see MeterAssetConfig)"

CUSTOMER_METER_DATA = Table(
    name=PROFILE,
    clause="8.4",
    msp_class=ElectricMeter,
    cim_class=UsagePoint,
    msp_objects=(
        "CB/MDM_Server: GetMeterByServiceLocationID, GetMeterByCustomerID (and responses)",
        "MR/MDM/EA/OA/NOT_Server: MeterChangedNotification (what a data set event becomes)",
        "electricMeter/utilityInfo (customerID, accountNumber, serviceLocationID, serviceID)",
    ),
    rules=(
        part(UTILITY_LINKS, msp="utility_info", within=(ElectricMeter, UsagePoint)),
        Transform(("object_id", "meter_no", "utility"), ("meters",), "data_set_meter", "the meter"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        *(
            Gap(Side.MSP, item.name, _ASSET)
            for item in dataclasses.fields(ElectricMeter)
            if item.name not in _LINKED
        ),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "service_point_names", "service point name of a type MultiSpeak lacks"),
    ),
)


def to_cim(
    meters: Iterable[ElectricMeter], report: GapReport | None = None, path: str = ""
) -> CustomerMeterDataSet:
    """MultiSpeak electricMeters as a CustomerMeterDataSet (one UsagePoint per meter)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return CustomerMeterDataSet(
        usage_points=[
            translate(
                CUSTOMER_METER_DATA, meter, Direction.TO_CIM, shared, f"{path}/electricMeter[{i}]"
            )
            for i, meter in enumerate(meters, start=1)
        ]
    )


def to_msp(
    document: CustomerMeterDataSet,
    report: GapReport | None = None,
    path: str = "/CustomerMeterDataSet",
) -> list[ElectricMeter]:
    """A CustomerMeterDataSet as MultiSpeak electricMeters carrying its links in utilityInfo."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(CUSTOMER_METER_DATA, point, Direction.TO_MSP, shared, f"{path}/UsagePoint[{i}]")
        for i, point in enumerate(document.usage_points, start=1)
    ]
