"""Profile SupplierConfig, IEC TS 61968-14 8.30: what MultiSpeak 4.1 says of a service supplier.

MultiSpeak 4.1.6 has no supplier object and no operation that carries one, on any of its eleven
servers. A supplier is only *named*: the ``@utility`` attribute every ``mspObject`` has (the
utility the object belongs to, where one system serves several), ``utilityInfo/owner`` and the
header's ``@Company``. The table maps that name ⇄ a ServiceSupplier Name of NameType
``utility``; everything else a CIM ServiceSupplier holds — its identity, kind, issuer number,
addresses, phones and electronic address (Annex A) — has no MultiSpeak counterpart and is
reported lost. No message translation exists: a SupplierConfig message has no MultiSpeak
operation to become, and the translator refuses it (``UnknownOperationError``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.identified_object import first_name
from mspcim.cim.supplier_config import ServiceSupplier, SupplierConfig
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import names_carrier, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import take
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.multispeak.v41.msp_binding import MspObject

__all__ = ["SUPPLIER", "UTILITY", "to_cim", "to_msp"]

PROFILE: Final = "SupplierConfig"
CLAUSE: Final = "8.30"
UTILITY: Final = "utility"
"""NameType of the ServiceSupplier name that is a MultiSpeak ``@utility``."""
SUPPLIER_NAMES: Final = names_carrier(
    "ServiceSupplierNames", "service_supplier_names", "ServiceSupplier"
)

_NO_SUPPLIER = "MultiSpeak 4.1 has no supplier object: it names the supplier by @utility only"


def _utility_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    utility: str | None = values["utility"]
    return {"service_supplier_names": [typed_name(utility, UTILITY)]} if utility else {}


def _utility_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found = first_name(values["service_supplier_names"] or [], UTILITY)
    if found is None:
        return {}
    take(ctx, found)
    return {"utility": found.name}


field_codec(
    "supplier_utility",
    _utility_to_cim,
    _utility_to_msp,
    "@utility ⇄ ServiceSupplier/Names (NameType utility)",
)

SUPPLIER: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=MspObject,
    cim_class=ServiceSupplier,
    msp_objects=(
        "no serviceSupplier object and no operation in MultiSpeak 4.1.6 (CB, CD, CH, DR, EA, "
        "HAN, MDM, MR, NOT, OA, PP servers)",
        "the supplier is named by mspObject/@utility (every object), utilityInfo/owner and "
        "MultiSpeakMsgHeader/@Company (Header User/Organization, 6.2)",
    ),
    rules=(
        Transform(("utility",), ("service_supplier_names",), "supplier_utility", "the name"),
        Gap(Side.CIM, "mrid", _NO_SUPPLIER),
        Gap(Side.CIM, "name", _NO_SUPPLIER),
        Gap(Side.CIM, "issuer_identification_number", _NO_SUPPLIER),
        Gap(Side.CIM, "kind", _NO_SUPPLIER),
        Gap(Side.CIM, "street_address", "MultiSpeak holds no supplier address"),
        Gap(Side.CIM, "postal_address", "MultiSpeak holds no supplier address"),
        Gap(Side.CIM, "phone1", "MultiSpeak holds no supplier phone"),
        Gap(Side.CIM, "phone2", "MultiSpeak holds no supplier phone"),
        Gap(Side.CIM, "electronic_address", "MultiSpeak holds no supplier e-mail or web address"),
        Gap(Side.CIM, "service_supplier_names", "name of a type MultiSpeak has no element for"),
    ),
)
"""mspObject/@utility ⇄ ServiceSupplier."""


def to_cim(
    objects: Iterable[MspObject], report: GapReport | None = None, path: str = ""
) -> SupplierConfig:
    """The suppliers MultiSpeak objects name (one per distinct ``@utility``), as SupplierConfig."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    seen: set[str] = set()
    suppliers = []
    for index, obj in enumerate(objects, start=1):
        if not obj.utility or obj.utility in seen:
            continue
        seen.add(obj.utility)
        suppliers.append(translate(SUPPLIER, obj, Direction.TO_CIM, shared, f"{path}[{index}]"))
    return SupplierConfig(service_suppliers=suppliers)


def to_msp(
    document: SupplierConfig, report: GapReport | None = None, path: str = "/SupplierConfig"
) -> list[MspObject]:
    """What MultiSpeak can say of each supplier: an object naming it by ``@utility``."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(SUPPLIER, supplier, Direction.TO_MSP, shared, f"{path}/ServiceSupplier[{i}]")
        for i, supplier in enumerate(document.service_suppliers, start=1)
    ]
