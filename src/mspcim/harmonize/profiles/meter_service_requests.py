"""Profile 8.19 MeterServiceRequests: service orders and meter exchanges ⇄ ``MeterServiceWork``.

Two MultiSpeak 4.1 objects describe work on meters: the ``serviceOrder`` (table
``SERVICE_ORDER``, its meters by ``ORDER_METER``) and the ``electricMeterExchange`` (table
``METER_EXCHANGE``), whose out and in ``meterReading``s are profile 8.17's and become the
readings of ``OldMeter`` and ``Meter``. Identities of the work (``soNumber``, ``objectID`` …)
have no element in the profile and travel as Header/Property ``serviceOrder.…`` or
``electricMeterExchange.…``; CIM-only scalars of the work travel in ``extensionsList``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.identified_object import Name, Status, first_name
from mspcim.cim.meter_service_requests import (
    Customer,
    CustomerAgreement,
    Meter,
    MeterServiceRequests,
    MeterServiceWork,
    ServiceLocation,
    StreetAddress,
    TownDetail,
    UsagePoint,
    WorkKind,
)
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY, carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles import meter_service_requests_readings as work_readings
from mspcim.harmonize.profiles.meter_read_schedule import meter_id_of, names_of_meter
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.meter_exchange import ElectricMeterExchange
from mspcim.multispeak.v41.service_order import (
    SO_STATUS_CODES,
    AssociatedMeters,
    Network,
    OrderMeter,
    ServiceOrder,
)

__all__ = [
    "EXCHANGE_PREFIX",
    "METER_EXCHANGE",
    "NETWORK_TOWN",
    "ORDER_METER",
    "ORDER_PREFIX",
    "SERVICE_ORDER",
    "exchanges_to_cim",
    "exchanges_to_msp",
    "orders_to_cim",
    "orders_to_msp",
]

PROFILE: Final = "MeterServiceRequests"
ORDER_PREFIX: Final = "serviceOrder."
EXCHANGE_PREFIX: Final = "electricMeterExchange."

NETWORK_TOWN: Final = {
    "city": "name",
    "state": "state_or_province",
    "postal_code": "code",
    "country": "country",
    "section": "section",
}
"""serviceOrder ``network`` parts ⇄ the TownDetail of the UsagePoint's ServiceLocation address."""

ORDER_METER_NAME_TYPES: Final = {"meter_type": "meterType", "action_taken": "actionTaken"}
"""existingMeter/replacementMeter texts ⇄ the NameType of the Meter name that carries each."""


# --- the meters of a service order


def _order_meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = []
    mrid = None
    if values["meter_id"] is not None:
        mrid, names = names_of_meter(values["meter_id"])
    for attribute, name_type in ORDER_METER_NAME_TYPES.items():
        if values[attribute]:
            names.append(Name.typed(values[attribute], name_type, NAME_TYPE_AUTHORITY))
    return {"mrid": mrid, "names": names}


def _order_meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["names"]
    result: dict[str, Any] = {}
    for attribute, name_type in ORDER_METER_NAME_TYPES.items():
        if (name := first_name(names, name_type)) is not None:
            result[attribute] = name.name
    meter_names = [n for n in names if n.type_name not in ORDER_METER_NAME_TYPES.values()]
    result["meter_id"] = meter_id_of(values["mrid"], meter_names, ctx, "names")
    return result


field_codec(
    "order_meter",
    _order_meter_to_cim,
    _order_meter_to_msp,
    "meterID ⇄ mRID and Names (as profile 8.17); meterType, actionTaken ⇄ Names by NameType",
)

_NOT_ON_ORDER = "existingMeter/replacementMeter describe a meter by its ids only"

ORDER_METER = Table(
    name=PROFILE,
    clause="8.19",
    msp_class=OrderMeter,
    cim_class=Meter,
    msp_objects=(
        "serviceOrder/associatedMetersList/associatedMeters/existingMeter|replacementMeter",
    ),
    rules=(
        Transform(
            ("meter_id", "meter_type", "action_taken"),
            ("mrid", "names"),
            "order_meter",
            "the meter's identity",
        ),
        Gap(Side.MSP, "service_type", "Meter has no service type; meterID/@serviceType names it"),
        Gap(Side.CIM, "amr_system", _NOT_ON_ORDER),
        Gap(Side.CIM, "form_number", _NOT_ON_ORDER),
        Gap(Side.CIM, "serial_number", _NOT_ON_ORDER),
        Gap(Side.CIM, "meter_multipliers", _NOT_ON_ORDER),
        Gap(Side.CIM, "meter_readings", "readings of a service order's meters are not translated"),
    ),
)


def _meters_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    associated: list[AssociatedMeters] = values["associated_meters_list"]
    if not associated:
        return {}
    first = associated[0]
    where = f"{ctx.path}/associatedMetersList/associatedMeters[1]"
    for index in range(2, len(associated) + 1):
        ctx.gap("associated_meters_list", f"associatedMeters[{index}]", "one meter per work")
    for label in ("object_id", "object_name", "comments"):
        if getattr(first, label):
            ctx.gap("associated_meters_list", getattr(first, label), "associatedMeters ids")
    result: dict[str, Any] = {}
    if first.replacement_meter is not None:
        where_new = f"{where}/replacementMeter"
        result["meter"] = ctx.nested(ORDER_METER, first.replacement_meter, where_new)
    if first.existing_meter is not None:
        where_old = f"{where}/existingMeter"
        result["old_meter"] = ctx.nested(ORDER_METER, first.existing_meter, where_old)
    return result


def _meters_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter: Meter = values["meter"]
    old: Meter | None = values["old_meter"]
    said = meter.mrid is not None or bool(meter.names) or meter != Meter()
    if not said and old is None:
        return {}
    associated = AssociatedMeters(
        replacement_meter=ctx.nested(ORDER_METER, meter, f"{ctx.path}/Meter") if said else None,
        existing_meter=ctx.nested(ORDER_METER, old, f"{ctx.path}/OldMeter") if old else None,
    )
    return {"associated_meters_list": [associated]}


field_codec(
    "service_order_meters",
    _meters_to_cim,
    _meters_to_msp,
    "associatedMeters: replacementMeter ⇄ Meter, existingMeter ⇄ OldMeter (table meter)",
)


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code = values["so_status_code"]
    return {"status": Status(value=code)} if code is not None else {}


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: Status | None = values["status"]
    if status is None:
        return {}
    for label, value in (("dateTime", status.date_time), ("reason", status.reason)):
        if value is not None:
            ctx.gap("status", value, f"soStatusCode has no {label}")
    if status.remark is not None:
        ctx.gap("status", status.remark, "soStatusCode has no remark")
    if status.value in SO_STATUS_CODES:
        return {"so_status_code": status.value}
    ctx.gap("status", status.value, "not a soStatusCode value: written as Other", lost=False)
    return {"so_status_code": "Other"}


field_codec(
    "service_order_status",
    _status_to_cim,
    _status_to_msp,
    "soStatusCode ⇄ status/value (values outside soStatusCode become Other)",
)


def _customer_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["customer_id"] is None and values["account_number"] is None:
        return {}
    customer = Customer()
    if values["customer_id"] is not None:
        customer.names = [Name.typed(values["customer_id"], "customerID", NAME_TYPE_AUTHORITY)]
    if values["account_number"] is not None:
        account = Name.typed(values["account_number"], "accountNumber", NAME_TYPE_AUTHORITY)
        customer.customer_agreements = [CustomerAgreement(names=[account])]
    return {"customers": [customer]}


def _customer_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    customers: list[Customer] = values["customers"]
    if not customers:
        return {}
    for index in range(2, len(customers) + 1):
        ctx.gap("customers", f"Customers[{index}]", "a serviceOrder names one customer")
    customer = customers[0]
    name = first_name(customer.names, "customerID") or first_name(customer.names, None)
    result: dict[str, Any] = {"customer_id": name.name if name else customer.mrid}
    for agreement in customer.customer_agreements[:1]:
        account = first_name(agreement.names, "accountNumber") or first_name(agreement.names, None)
        result["account_number"] = account.name if account else agreement.mrid
    for label in ("kind", "puc_number", "special_need", "vip", "status"):
        if getattr(customer, label) is not None:
            ctx.gap("customers", getattr(customer, label), f"serviceOrder has no customer {label}")
    return result


field_codec(
    "service_order_customer",
    _customer_to_cim,
    _customer_to_msp,
    "customerID ⇄ Customers/Names (NameType customerID), accountNumber ⇄ "
    "Customers/CustomerAgreements/Names (NameType accountNumber)",
)


def _network_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    network: Network | None = values["network"]
    if network is None:
        return {}
    town = TownDetail(**{t: getattr(network, m) for m, t in NETWORK_TOWN.items()})
    for attribute in network.__dataclass_fields__:
        if attribute not in NETWORK_TOWN and getattr(network, attribute) is not None:
            ctx.gap("network", f"{attribute}={getattr(network, attribute)}", "no CIM address part")
    if town == TownDetail():
        return {}
    address = StreetAddress(town_detail=town)
    return {"usage_point": UsagePoint(service_location=ServiceLocation(main_address=address))}


def _network_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    usage_point: UsagePoint | None = values["usage_point"]
    if usage_point is None:
        return {}
    location = usage_point.service_location or ServiceLocation()
    address = location.main_address or StreetAddress()
    for label in usage_point.__dataclass_fields__:
        if label != "service_location" and getattr(usage_point, label) not in (None, []):
            ctx.gap("usage_point", getattr(usage_point, label), f"serviceOrder has no {label}")
    if address.street_detail is not None:
        ctx.gap("usage_point", "streetDetail", "serviceOrder network has no street")
    town = address.town_detail
    if town is None:
        return {}
    return {"network": Network(**{m: getattr(town, t) for m, t in NETWORK_TOWN.items()})}


field_codec(
    "service_order_network",
    _network_to_cim,
    _network_to_msp,
    "network city, state, postalCode, country, section ⇄ UsagePoint/ServiceLocation/mainAddress/"
    "townDetail name, stateOrProvince, code, country, section",
)


def _carried(prefix: str, field: str, element: str, codec: str = "text") -> Gap:
    return Gap(
        Side.MSP,
        field,
        f"MeterServiceWork has no element for {prefix.rstrip('.')} {element}",
        carried_in=f"Property:{prefix}{element}",
        codec=codec,
    )


_MSP_OBJECT_LOST = (
    Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
    Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
    Gap(Side.MSP, "replace_id", "no CIM counterpart"),
    Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
)
_WORK_CARRIED = (
    carried_cim("priority", "MeterServiceWork.priority"),
    carried_cim("last_modified_date_time", "MeterServiceWork.lastModifiedDateTime", "datetime"),
    carried_cim("request_date_time", "MeterServiceWork.requestDateTime", "datetime"),
    Gap(Side.CIM, "activity_records", "MultiSpeak keeps no activity records of a work"),
    Gap(Side.CIM, "properties", "Header Property with no MultiSpeak element"),
)

SERVICE_ORDER = Table(
    name=PROFILE,
    clause="8.19",
    msp_class=ServiceOrder,
    cim_class=MeterServiceWork,
    msp_objects=(
        "MR_Server/MDM_Server/NOT_Server: ServiceOrderOpenedNotification, "
        "ServiceOrderChangedNotification, ServiceOrderClosedNotification",
        "CB_Server/MDM_Server: GetServiceOrderByServiceOrderID",
        "serviceOrder (associatedMetersList, network, customerID, accountNumber)",
    ),
    rules=(
        Correlate("so_type", "type"),
        Transform(("so_status_code",), ("status",), "service_order_status", "order status"),
        Transform(
            ("customer_id", "account_number"), ("customers",), "service_order_customer", "customer"
        ),
        Transform(("network",), ("usage_point",), "service_order_network", "where"),
        Transform(
            ("associated_meters_list",), ("meter", "old_meter"), "service_order_meters", "meters"
        ),
        *(
            _carried(ORDER_PREFIX, field, element, codec)
            for field, element, codec in (
                ("object_id", "@objectID", "text"),
                ("object_name", "objectName", "text"),
                ("comments", "comments", "text"),
                ("utility", "@utility", "text"),
                ("project_id", "projectID", "text"),
                ("wo_number", "woNumber", "text"),
                ("so_number", "soNumber", "text"),
                ("so_description", "soDescription", "text"),
                ("service_location_id", "serviceLocationID", "text"),
                ("start_date", "startDate", "datetime"),
                ("close_date", "closeDate", "datetime"),
                ("crew_id", "crewID", "text"),
                ("worked_by", "workedBy", "text"),
            )
        ),
        *_MSP_OBJECT_LOST,
        Gap(Side.MSP, "service_statuses", "MeterServiceWork records no per-service action"),
        Gap(Side.MSP, "equipment_statuses", "MeterServiceWork records no per-equipment action"),
        Gap(Side.MSP, "other_identification_fields", "no CIM counterpart for accounting codes"),
        carried_cim("kind", "MeterServiceWork.kind"),
        *_WORK_CARRIED,
    ),
)


def _kind_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    kind = values["kind"]
    if kind is not None and kind != WorkKind.METER:
        ctx.gap("kind", kind, "an electricMeterExchange is meter work", lost=False)
    return {}


field_codec(
    "meter_exchange_kind",
    lambda values, ctx: {"kind": WorkKind.METER},
    _kind_to_msp,
    "an electricMeterExchange is MeterServiceWork of kind meter",
)


def _exchange_meters_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    result: dict[str, Any] = {"meter": Meter()}
    for attribute, target in (("out_meter_reading", "old_meter"), ("in_meter_reading", "meter")):
        reading = values[attribute]
        if reading is not None:
            where = f"{ctx.path}/{'outMeterReading' if target == 'old_meter' else 'inMeterReading'}"
            result[target] = work_readings.meter_to_cim(reading, ctx, where)
    return result


def _exchange_meters_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for target, source in (("out_meter_reading", "old_meter"), ("in_meter_reading", "meter")):
        meter: Meter | None = values[source]
        if meter is not None and meter != Meter():
            where = f"{ctx.path}/{'OldMeter' if source == 'old_meter' else 'Meter'}"
            result[target] = work_readings.meter_to_msp(meter, ctx, where)
    return result


field_codec(
    "meter_exchange_meters",
    _exchange_meters_to_cim,
    _exchange_meters_to_msp,
    "outMeterReading ⇄ OldMeter and its MeterReadings, inMeterReading ⇄ Meter and its "
    "MeterReadings (profile 8.17 tables)",
)

METER_EXCHANGE = Table(
    name=PROFILE,
    clause="8.19",
    msp_class=ElectricMeterExchange,
    cim_class=MeterServiceWork,
    msp_objects=(
        "MR_Server: InitiateMeterExchange; MR/CB/EA/MDM/NOT/OA_Server: MeterExchangeNotification",
        "meterExchanges/electricMeterExchanges/electricMeterExchange",
    ),
    rules=(
        Transform((), ("kind",), "meter_exchange_kind", "meter work"),
        Transform(
            ("out_meter_reading", "in_meter_reading"),
            ("old_meter", "meter"),
            "meter_exchange_meters",
            "the two meters and their readings",
        ),
        *(
            _carried(EXCHANGE_PREFIX, field, element, codec)
            for field, element, codec in (
                ("object_id", "@objectID", "text"),
                ("object_name", "objectName", "text"),
                ("comments", "comments", "text"),
                ("utility", "@utility", "text"),
                ("service_location_id", "serviceLocationID", "text"),
                ("electric_service_id", "electricServiceID", "text"),
                ("last_read_date", "lastReadDate", "datetime"),
                ("time_stamp", "timeStamp", "datetime"),
            )
        ),
        *_MSP_OBJECT_LOST,
        carried_cim("type", "MeterServiceWork.type"),
        *_WORK_CARRIED,
        Gap(Side.CIM, "customers", "an electricMeterExchange names no customer"),
        Gap(Side.CIM, "status", "an electricMeterExchange has no status"),
        Gap(Side.CIM, "usage_point", "an electricMeterExchange names its service location by id"),
    ),
)


def _document(works: list[MeterServiceWork], shared: TranslationState) -> MeterServiceRequests:
    reading_types, quality_types = work_readings.declarations(works, shared.state)
    return MeterServiceRequests(
        meter_service_works=works,
        reading_types=reading_types,
        reading_quality_types=quality_types,
    )


def _translate_all(
    table: Table, items: Iterable[Any], shared: TranslationState, path: str
) -> list[Any]:
    return [
        translate(table, item, Direction.TO_CIM, shared, path.format(index=index))
        for index, item in enumerate(items, start=1)
    ]


def orders_to_cim(
    orders: Iterable[ServiceOrder], report: GapReport | None = None, path: str = ""
) -> MeterServiceRequests:
    """One MeterServiceWork per serviceOrder (carried values in each work's ``properties``)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    works = _translate_all(SERVICE_ORDER, orders, shared, f"{path}/serviceOrder[{{index}}]")
    return _document(works, shared)


def exchanges_to_cim(
    exchanges: Iterable[ElectricMeterExchange], report: GapReport | None = None, path: str = ""
) -> MeterServiceRequests:
    """One MeterServiceWork (kind meter) per electricMeterExchange."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    works = _translate_all(
        METER_EXCHANGE, exchanges, shared, f"{path}/electricMeterExchange[{{index}}]"
    )
    return _document(works, shared)


def _to_msp(table: Table, document: MeterServiceRequests, report: GapReport | None) -> list[Any]:
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    work_readings.remember_declarations(document, shared.state)
    return [
        translate(table, work, Direction.TO_MSP, shared, f"/{PROFILE}/MeterServiceWork[{index}]")
        for index, work in enumerate(document.meter_service_works, start=1)
    ]


def orders_to_msp(
    document: MeterServiceRequests, report: GapReport | None = None
) -> list[ServiceOrder]:
    """One serviceOrder per MeterServiceWork."""
    orders: list[ServiceOrder] = _to_msp(SERVICE_ORDER, document, report)
    return orders


def exchanges_to_msp(
    document: MeterServiceRequests, report: GapReport | None = None
) -> list[ElectricMeterExchange]:
    """One electricMeterExchange per MeterServiceWork."""
    exchanges: list[ElectricMeterExchange] = _to_msp(METER_EXCHANGE, document, report)
    return exchanges
