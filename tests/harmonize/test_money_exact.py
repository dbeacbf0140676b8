"""Money is exact end to end in the pricing, receipt and transaction profiles.

0.10 + 0.20 is 0.30 through a whole translation both ways (a binary float would make it
0.30000000000000004); amounts of many digits keep every digit; no amount field of either side,
nor any XSD the project declares for these profiles, is typed float or double; currencies are ISO
4217 codes, and an amount without its own takes the header's DefaultCurrencyCode.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from mspcim import ns
from mspcim.binding import plan_of
from mspcim.cim import pricing_structure_config, receipt_record, supplier_config, transaction_record
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.cim.receipt_record import Receipt, ReceiptRecord, Tender, TenderKind
from mspcim.cim.transaction_record import LineDetail, Money
from mspcim.exceptions import MappingError
from mspcim.harmonize.money_codecs import currency_code
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41 import payment_transaction as msp
from mspcim.multispeak.v41.meter import Money as MspMoney
from mspcim.multispeak.v41.ppm_balance_adjustment import (
    AdjustmentItem,
    AdjustPPMBalance,
    BalanceType,
    GetPPMBalanceAdjustmentsResponse,
    PpmBalanceAdjustment,
)
from mspcim.multispeak.v41.rate import Rate, RateChangedNotification, RateComponent
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

SRC = Path(__file__).resolve().parents[2] / "src" / "mspcim"
R = "{http://iec.ch/TC57/2011/ReceiptRecord#}"
M = f"{{{ns.MSP41}}}"
LONG = "12345678901234567890.123456789012345678"


def soap(body: etree._Element, **header: object) -> etree._Element:
    msp_header = MultiSpeakMsgHeader(app_name="PayPoint", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def commit(*tenders: msp.Tender) -> etree._Element:
    payment = msp.PaymentTransaction(
        account_number="A-1", cash_payments=[msp.CashPayment(tender=tender) for tender in tenders]
    )
    call = msp.CommitPaymentTransaction(
        transactions=msp.PaymentTransactionList(payment_transactions=[payment])
    )
    return msp_binding.write(call, "CommitPaymentTransaction")


def test_0_10_plus_0_20_is_0_30_through_a_translation_both_ways(declared: SchemaSet):
    assert 0.1 + 0.2 != 0.3  # the trap a binary float falls into
    tenders = [
        msp.Tender(object_id=f"T-{n}", amount=MspMoney(value=Decimal(text), currency_code="USD"))
        for n, text in enumerate(("0.10", "0.20"), start=1)
    ]
    there = translate_document(soap(commit(*tenders)), "cim")
    assert declared.validate(there.document) == []
    line = there.document.find(f".//{R}Receipt/{R}line/{R}amount")
    assert line is not None and (line.text, line.get("unit")) == ("0.30", "USD")
    codec = receipt_record.CODEC_2013
    (receipt,) = codec.read(read_message(there.document).payload[0]).receipts
    assert receipt.line is not None and receipt.line.amount.value == Decimal("0.30")
    back = translate_document(there.document, "msp41")
    assert declared.validate(back.document) == []
    texts = [amount.text for amount in back.document.iter(f"{M}amount")]
    assert texts == ["0.10", "0.20"]
    assert back.gaps.lost == []


def test_a_cim_receipt_of_0_30_in_0_10_and_0_20_is_consistent_to_the_cent():
    tenders = [
        Tender(kind=TenderKind.CASH, amount=Money(value=Decimal(text), unit="USD"))
        for text in ("0.10", "0.20")
    ]
    receipt = Receipt(
        tenders=tenders, line=LineDetail(amount=Money(value=Decimal("0.30"), unit="USD"))
    )
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CREATE, "ReceiptRecord", message_id="X"),
        payload=[receipt_record.CODEC_2013.write(ReceiptRecord(receipts=[receipt]))],
    )
    result = translate_document(build_message(message), "msp41")
    assert [amount.text for amount in result.document.iter(f"{M}amount")] == ["0.10", "0.20"]
    assert result.gaps.lost == []


def test_long_amounts_keep_every_digit_in_every_profile(declared: SchemaSet):
    amount = MspMoney(value=Decimal(LONG), currency_code="EUR")
    bodies = [
        commit(msp.Tender(amount=amount)),
        msp_binding.write(
            AdjustPPMBalance(
                adjustments=[
                    PpmBalanceAdjustment(
                        object_id="ADJ-1",
                        adjustment_item_list=[
                            AdjustmentItem(balance_type=BalanceType.PREPAID, amount=amount)
                        ],
                    )
                ]
            ),
            "AdjustPPMBalance",
        ),
        msp_binding.write(
            RateChangedNotification(
                rate_info=Rate(
                    rate_code="R",
                    rate_components=[RateComponent(value=Decimal(LONG), currency_code="EUR")],
                )
            ),
            "RateChangedNotification",
        ),
    ]
    for body in bodies:
        there = translate_document(soap(body), "cim")
        assert declared.validate(there.document) == []
        assert LONG in etree.tostring(there.document).decode()
        back = translate_document(there.document, "msp41")
        assert declared.validate(back.document) == []
        assert f">{LONG}<" in etree.tostring(back.document).decode()


def test_amounts_without_currency_take_the_default_currency_and_leave_it_to_the_header():
    tenders = [
        msp.Tender(object_id="T-1", amount=MspMoney(value=Decimal("5.00"))),
        msp.Tender(object_id="T-2", amount=MspMoney(value=Decimal("7.00"), currency_code="USD")),
    ]
    there = translate_document(soap(commit(*tenders), default_currency_code="EUR"), "cim")
    units = [amount.get("unit") for amount in there.document.iter(f"{R}amount")]
    assert units == ["EUR", "USD"]  # no receipt line: two currencies have no one total
    back = translate_document(there.document, "msp41")
    envelope = read_envelope(back.document)
    header = read_header(envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader")))
    assert header.default_currency_code == "EUR"
    amounts = [(a.text, a.get("currencyCode")) for a in back.document.iter(f"{M}amount")]
    assert amounts == [("5.00", None), ("7.00", "USD")]


@pytest.mark.parametrize(
    ("text", "code"), [("USD", "USD"), ("eur", "EUR"), (" CAD ", "CAD"), ("XTS", "XTS")]
)
def test_currencies_are_iso_4217_alphabetic_codes(text: str, code: str):
    assert currency_code(text) == code


@pytest.mark.parametrize("text", ["US$", "", "DOLLAR", "usd1"])
def test_other_currency_texts_are_refused(text: str):
    with pytest.raises(MappingError) as caught:
        currency_code(text)
    assert "ISO 4217" in str(caught.value)


# --- no binary float anywhere an amount lives


_ROOTS: tuple[type, ...] = (
    pricing_structure_config.PricingStructureConfig,
    receipt_record.ReceiptRecord,
    transaction_record.TransactionRecord,
    supplier_config.SupplierConfig,
    RateChangedNotification,
    *msp.PAYMENT_CALLS.values(),
    *msp.PAYMENT_RESULTS.values(),
    msp.GetPPMPaymentsResponse,
    AdjustPPMBalance,
    GetPPMBalanceAdjustmentsResponse,
)


def _types(annotation: Any) -> list[Any]:
    arguments = typing.get_args(annotation)
    return [annotation] if not arguments else [t for a in arguments for t in _types(a)]


def _reachable() -> dict[type, dict[str, Any]]:
    found: dict[type, dict[str, Any]] = {}
    pending = list(_ROOTS)
    while pending:
        cls = pending.pop()
        if cls in found:
            continue
        found[cls] = typing.get_type_hints(cls)
        for hint in found[cls].values():
            pending += [t for t in _types(hint) if dataclasses.is_dataclass(t)]
    return found


def test_no_field_of_these_profiles_is_typed_float():
    classes = _reachable()
    assert Money in classes and MspMoney in classes and RateComponent in classes
    floats = [
        f"{cls.__name__}.{name}"
        for cls, hints in classes.items()
        for name, hint in hints.items()
        if float in _types(hint)
    ]
    assert floats == []
    typed = [
        f"{cls.__name__}.{plan.name}"
        for cls in classes
        for plan in plan_of(cls)
        if plan.xsd_type in ("xs:float", "xs:double")
    ]
    assert typed == []
    money_fields = [
        typing.get_type_hints(cls)["value"]
        for cls in (Money, MspMoney, RateComponent, pricing_structure_config.AccountingUnit)
    ]
    assert money_fields == [Decimal] * 4


def test_no_declared_xsd_of_these_profiles_types_anything_float():
    for module in (pricing_structure_config, receipt_record, transaction_record, supplier_config):
        for codec in (module.CODEC_2013, module.CODEC_2009):
            assert codec.declared_schema is not None and codec.official_schema is None
            text = etree.tostring(codec.declared_schema()).decode()
            assert "xs:float" not in text and "xs:double" not in text
            assert 'type="xs:decimal"' in text or module is supplier_config


def test_the_money_code_never_calls_float():
    modules = [
        SRC / "harmonize" / "money_codecs.py",
        *(SRC / "harmonize" / "profiles").glob("*.py"),
        *(SRC / "harmonize").glob("*_messages.py"),
    ]
    ours = [
        path
        for path in modules
        if path.stem.startswith(("money", "pricing", "receipt", "transaction", "supplier"))
    ]
    assert len(ours) == 8
    for path in ours:
        assert re.search(r"\bfloat\s*\(", path.read_text()) is None, path.name
