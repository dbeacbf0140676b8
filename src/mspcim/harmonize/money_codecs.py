"""Money, exact: MultiSpeak ``money`` ⇄ CIM ``Money`` and ``AccountingUnit``, and their currency.

Amounts are ``Decimal`` from the text they are read from to the text they are written as; no
codec here (or anywhere on the way) turns one into a binary float, so 0.10 + 0.20 is 0.30.
Currencies are ISO 4217 alphabetic codes on both sides (MultiSpeak ``currencyCode``, CIM
``Currency`` literals): codes the ``Currency`` table of IEC 61968-9 knows are written as its
literal; other well-formed codes pass unchanged (ISO 4217 has more codes than that table).

An amount without ``currencyCode`` is in the message's ``DefaultCurrencyCode`` (the MultiSpeak
header): message translations put it in the translation state (``DEFAULT_CURRENCY``), the money
codecs read it, and on the way back an amount in that currency is written without its own
``currencyCode``, so a round trip gives back the same elements.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from mspcim.cim.end_device_assets import ServiceCategory, ServiceKind
from mspcim.cim.pricing_structure_config import AccountingUnit, RevenueKind
from mspcim.cim.transaction_record import Money as CimMoney
from mspcim.cim.units_and_multipliers import Currency
from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import TEXT_CODECS, TextCodec, TranslationContext, field_codec
from mspcim.harmonize.rules import Transform
from mspcim.multispeak.v41.meter import Money
from mspcim.xsdtypes import format_decimal, parse_decimal

__all__ = [
    "DEFAULT_CURRENCY",
    "currency_code",
    "money_rule",
    "money_to_cim",
    "money_to_msp",
    "total",
]

DEFAULT_CURRENCY: Final = "money.default_currency"
"""Translation state: the ``DefaultCurrencyCode`` of the MultiSpeak message, if any."""

_ISO_4217: Final = re.compile(r"^[A-Z]{3}$")


def currency_code(text: str) -> str:
    """``text`` as an ISO 4217 alphabetic code (the ``Currency`` literal when the table has it)."""
    code = text.strip()
    try:
        member = Currency.from_literal(code)
    except MappingError:
        member = None
    if member is not None and member is not Currency.NONE:
        return member.literal
    if not _ISO_4217.match(code):
        raise MappingError(f"{text!r} is not an ISO 4217 alphabetic currency code")
    return code


def _default(ctx: TranslationContext) -> str | None:
    found = ctx.state.get(DEFAULT_CURRENCY)
    return str(found) if found else None


def money_to_cim(money: Money | None, ctx: TranslationContext) -> CimMoney | None:
    """A MultiSpeak money as CIM Money: the same Decimal, the currency it is in (or the default)."""
    if money is None:
        return None
    code = money.currency_code or _default(ctx)
    return CimMoney(value=money.value, unit=currency_code(code) if code else None)


def money_to_msp(money: CimMoney | None, ctx: TranslationContext) -> Money | None:
    """CIM Money as MultiSpeak money; a currency equal to the default is left to the header."""
    if money is None:
        return None
    code = currency_code(money.unit) if money.unit else None
    return Money(value=money.value, currency_code=None if code == _default(ctx) else code)


def total(amounts: list[CimMoney]) -> CimMoney | None:
    """The exact sum of ``amounts`` when they share one currency (None when they do not)."""
    if not amounts or len({amount.unit for amount in amounts}) != 1:
        return None
    return CimMoney(value=sum((a.value for a in amounts), Decimal(0)), unit=amounts[0].unit)


def money_rule(msp: str, cim: str, note: str = "") -> Transform:
    """A rule mapping MultiSpeak money field ``msp`` ⇄ CIM Money field ``cim``, exact."""
    name = f"money:{msp}:{cim}"

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found = money_to_cim(values[msp], ctx)
        return {cim: found} if found is not None else {}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found = money_to_msp(values[cim], ctx)
        return {msp: found} if found is not None else {}

    field_codec(
        name,
        to_cim,
        to_msp,
        "money ⇄ Money: the amount exact (Decimal), currencyCode ⇄ unit (ISO 4217; "
        "DefaultCurrencyCode when absent)",
    )
    return Transform((msp,), (cim,), name, note or "amount and currency")


def _price_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code = values["currency_code"] or _default(ctx)
    unit = AccountingUnit(
        value=values["value"], monetary_unit=currency_code(code) if code else None
    )
    return {"fixed_portion": unit}


def _price_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    unit: AccountingUnit | None = values["fixed_portion"]
    if unit is None:
        return {}
    code = currency_code(unit.monetary_unit) if unit.monetary_unit else None
    return {"value": unit.value, "currency_code": None if code == _default(ctx) else code}


field_codec(
    "rate_component_price",
    _price_to_cim,
    _price_to_msp,
    "rateComponent text ⇄ fixedPortion/value, exact; @currencyCode ⇄ fixedPortion/monetaryUnit "
    "(ISO 4217; DefaultCurrencyCode when absent)",
)


# --- how typed values travel in carriers (Names, extensionsItems) as text


def _dump_money(money: Money | CimMoney) -> str:
    unit = money.currency_code if isinstance(money, Money) else money.unit
    return f"{format_decimal(money.value)} {unit}" if unit else format_decimal(money.value)


def _split_money(text: str) -> tuple[str, str | None]:
    value, _, unit = text.strip().partition(" ")
    return value, unit or None


def _load_msp_money(text: str) -> Money:
    value, unit = _split_money(text)
    return Money(value=parse_decimal(value), currency_code=unit)


def _load_cim_money(text: str) -> CimMoney:
    value, unit = _split_money(text)
    return CimMoney(value=parse_decimal(value), unit=unit)


TEXT_CODECS["money"] = TextCodec("string", _dump_money, _load_msp_money)
"""MultiSpeak money as ``"0.30 USD"`` (the amount exact, then the currency if any)."""
TEXT_CODECS["cim_money"] = TextCodec("string", _dump_money, _load_cim_money)
"""CIM Money as ``"0.30 USD"``."""
TEXT_CODECS["revenue_kind"] = TextCodec("string", str, RevenueKind)
"""A RevenueKind literal."""
TEXT_CODECS["service_category"] = TextCodec(
    "string",
    lambda category: str(category.kind),
    lambda text: ServiceCategory(kind=ServiceKind(text)),
)
"""A ServiceCategory as its ServiceKind literal."""
