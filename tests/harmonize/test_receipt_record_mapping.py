"""Profile 8.25 ReceiptRecord: the MultiSpeak payment operations ⇄ CIM ReceiptRecord, both ways.

Values asserted on both sides (account numbers, tender amounts exact with their currencies, card
and bank details, receipt totals); card verification values never forwarded nor shown; MultiSpeak
output validated against the official 4.1.6 schemas, CIM output against Message.xsd and the XSD
the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from payment_strategies import payment_transactions, receipts
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Request, Verb
from mspcim.cim.receipt_record import (
    CODEC_2009,
    CODEC_2013,
    Card,
    Cheque,
    ChequeKind,
    Receipt,
    ReceiptRecord,
    Tender,
    TenderKind,
)
from mspcim.cim.transaction_record import LineDetail, Money, TransactionKind
from mspcim.cli import app
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import receipt_record
from mspcim.harmonize.receipt_record_messages import OPERATION_VERBS
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import Exchange, operation
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41 import payment_transaction as msp
from mspcim.multispeak.v41.meter import Money as MspMoney
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "receipt_record"
COMMIT = FIXTURES / "commit_payment_transaction.soap11.xml"
CREATED = FIXTURES / "receipt_record_created.xml"
R2013 = "{http://iec.ch/TC57/2011/ReceiptRecord#}"


def soap(body: etree._Element, **header: object) -> etree._Element:
    """``body`` in a SOAP 1.1 envelope with a MultiSpeakMsgHeader."""
    msp_header = MultiSpeakMsgHeader(app_name="PayPoint", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def receipts_in(message: Message, index: int = 0) -> list[Receipt]:
    codec = CODEC_2013 if message.payload[index].tag.startswith(R2013) else CODEC_2009
    document: ReceiptRecord = codec.read(message.payload[index])
    return document.receipts


def names_of(tender: Tender) -> dict[str, str]:
    return {name.type_name or "": name.name for name in tender.tender_names}


def cash(*amounts: str, currency: str | None = None) -> msp.PaymentTransaction:
    tenders = [
        msp.CashPayment(
            tender=msp.Tender(amount=MspMoney(value=Decimal(a), currency_code=currency))
        )
        for a in amounts
    ]
    return msp.PaymentTransaction(account_number="A-1", cash_payments=tenders)


# --- MultiSpeak → CIM


def test_commit_payment_transaction_becomes_a_create_receipt_record(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(COMMIT.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.REQUEST and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "ReceiptRecord")
    assert message.header.message_id == "PAY-2026-0415-0042"
    (receipt,) = receipts_in(message)
    card, ach = receipt.tenders
    assert (card.mrid, card.kind, card.amount) == (
        "TND-0042-1",
        TenderKind.CARD,
        Money(value=Decimal("0.10"), unit="USD"),
    )
    assert card.card == Card(
        pan="4111111111111111", expiry_date=date(2028, 9, 30), account_holder_name="Ada Lovelace"
    )
    assert names_of(card) == {
        "convenienceFee": "1.95 USD",
        "total": "2.05",
        "authorizationCode": "A7731Q",
        "paymentMode": "kiosk",
        "responseCode": "Success",
        "financialTransactionID": "FT-99120431",
    }
    assert (ach.mrid, ach.kind, ach.amount) == (
        "TND-0042-2",
        TenderKind.CHEQUE,
        Money(value=Decimal("0.20"), unit="USD"),
    )
    assert ach.cheque is not None and ach.cheque.kind is ChequeKind.BANK_ORDER
    assert ach.cheque.cheque_number == "1042"
    detail = ach.cheque.bank_account_detail
    assert detail is not None
    assert (detail.account_number, detail.branch_code, detail.holder_name) == (
        "000123456789",
        "021000021",
        "Ada Lovelace",
    )
    assert receipt.line == LineDetail(amount=Money(value=Decimal("0.30"), unit="USD"))
    assert result.document.find(f".//{R2013}Receipt/{R2013}line/{R2013}amount").text == "0.30"
    (payment,) = receipt.transactions
    assert payment.kind is TransactionKind.ACCOUNT_PAYMENT
    assert payment.customer_account is not None
    assert [name.name for name in payment.customer_account.customer_account_names] == [
        "100-4521-07"
    ]
    assert payment.pricing_structure is not None
    assert payment.pricing_structure.service_category is not None
    assert payment.pricing_structure.service_category.kind.value == "electricity"
    entries = {entry.path.rsplit("/", 1)[-1]: entry for entry in result.gaps.lost}
    assert entries["cardVerificationValue"].value == "********"
    assert entries["type"].value == "Visa"
    text = etree.tostring(result.document)
    assert b"737" not in text and b"k1osk-Pwd" not in text
    assert "737" not in result.gaps.to_json()


def test_the_payments_come_back_as_themselves_without_the_card_verification_value(
    assert_schema_valid,
):
    source = xmlsafe.parse(COMMIT.read_bytes())
    back = translate_document(translate_document(source, "cim").document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == "CommitPaymentTransaction"
    again = msp_binding.read(body, msp.CommitPaymentTransaction)
    original = msp_binding.read(read_envelope(source).first_body, msp.CommitPaymentTransaction)
    assert original.transactions is not None and again.transactions is not None
    info = original.transactions.payment_transactions[0].credit_card_payments[0].credit_card_info
    assert info is not None
    info.card_verification_value, info.type = None, None
    assert again.transactions == original.transactions


def test_the_2009_edition_is_declared_too(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(COMMIT.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    message = read_message(result.document)
    assert message.payload[0].tag == "{http://iec.ch/TC57/2009/ReceiptRecord#}ReceiptRecord"
    (receipt,) = receipts_in(message)
    assert receipt.line is not None and receipt.line.amount.value == Decimal("0.30")


@pytest.mark.parametrize(("name", "verb"), sorted(OPERATION_VERBS.items()))
def test_each_payment_operation_has_its_verb_and_comes_back_as_itself(name: str, verb: Verb):
    call: object
    if name == "GetPPMPayments":
        call = msp.GetPPMPayments(
            start_time=datetime(2026, 4, 1, tzinfo=UTC), stop_time=datetime(2026, 5, 1, tzinfo=UTC)
        )
    else:
        payments = msp.PaymentTransactionList(payment_transactions=[cash("12.34")])
        call = msp.PAYMENT_CALLS[name](transactions=payments)
    result = translate_document(soap(msp_binding.write(call, name)), "cim")
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is verb
    if name == "GetPPMPayments":
        assert message.request is not None
        assert (message.request.start_time, message.request.end_time) == (
            datetime(2026, 4, 1, tzinfo=UTC),
            datetime(2026, 5, 1, tzinfo=UTC),
        )
    back = translate_document(result.document, "msp41")
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == name
    assert msp_binding.read(body, type(call)) == call


@pytest.mark.parametrize(
    "name", ["ProcessPaymentTransactionResponse", "CommitPaymentTransactionResponse"]
)
def test_payment_responses_come_back_as_the_same_response(declared: SchemaSet, name: str):
    payments = msp.PaymentTransactionList(payment_transactions=[cash("0.10", "0.20")])
    response = msp.PAYMENT_RESULTS[name](result=payments)
    result = translate_document(soap(msp_binding.write(response, name)), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE and message.header is not None
    expected = None if name == "CommitPaymentTransactionResponse" else name
    assert message.header.property(OPERATION_PROPERTY) == expected
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    found = msp_binding.read(read_envelope(back.document).first_body, msp.PAYMENT_RESULTS[name])
    assert found.result == payments


def test_each_list_of_a_ppm_payments_response_is_one_document(declared: SchemaSet):
    lists = [
        msp.PaymentTransactionList(payment_transactions=[cash("1.00")]),
        msp.PaymentTransactionList(payment_transactions=[cash("2.00"), cash("3.00")]),
    ]
    body = msp_binding.write(msp.GetPPMPaymentsResponse(result=lists), "GetPPMPaymentsResponse")
    result = translate_document(soap(body), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert [len(receipts_in(message, index)) for index in (0, 1)] == [1, 2]
    back = translate_document(result.document, "msp41")
    found = msp_binding.read(read_envelope(back.document).first_body, msp.GetPPMPaymentsResponse)
    assert found.result == lists


# --- CIM → MultiSpeak


def test_a_created_receipt_record_becomes_a_commit_payment_transaction(assert_schema_valid):
    result = translate_document(xmlsafe.parse(CREATED.read_bytes()), "msp41")
    assert_schema_valid(result.document)
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == "CommitPaymentTransaction"
    call = msp_binding.read(body, msp.CommitPaymentTransaction)
    assert call.transactions is not None
    (payment,) = call.transactions.payment_transactions
    assert (payment.account_number, payment.type_service) == ("200-0917-33", "Gas")
    (cash_payment,) = payment.cash_payments
    tender = cash_payment.tender
    assert tender is not None
    assert (tender.object_id, tender.amount) == (
        "TND-913-1",
        MspMoney(value=Decimal("40.00"), currency_code="EUR"),
    )
    assert [(item.ext_name, item.ext_value) for item in tender.extensions_list] == [
        ("CIM.Tender.change", "4.70 EUR")
    ]
    (cheque,) = payment.e_check_payments
    assert cheque.check_info == msp.CheckInfo(
        checking_account_number="DE89370400440532013000",
        name_on_check="Grace Hopper",
        check_number="77",
    )
    assert cheque.tender is not None
    assert cheque.tender.amount == MspMoney(value=Decimal("5.30"), currency_code="EUR")
    lost = {entry.path: entry.value for entry in result.gaps.lost}
    assert lost == {
        "/ReceiptRecord/Receipt[1]/mRID": "RCPT-2026-000913",
        "/ReceiptRecord/Receipt[1]/isBankable": "true",
        "/ReceiptRecord/Receipt[1]/line/dateTime": "2026-04-16T07:59:12Z",
        "/ReceiptRecord/Receipt[1]/Tenders[2]/Cheque/bankAccountDetail/bankName": "Commerzbank",
    }


def test_the_carried_change_comes_back(declared: SchemaSet):
    there = translate_document(xmlsafe.parse(CREATED.read_bytes()), "msp41")
    back = translate_document(there.document, "cim")
    assert declared.validate(back.document) == []
    (receipt,) = receipts_in(read_message(back.document))
    # MultiSpeak lists cheques before cash: the tenders come back in that order
    assert [tender.mrid for tender in receipt.tenders] == ["TND-913-2", "TND-913-1"]
    assert receipt.tenders[1].change == Money(value=Decimal("4.70"), unit="EUR")
    assert receipt.line == LineDetail(amount=Money(value=Decimal("45.30"), unit="EUR"))


def test_a_receipt_total_that_is_not_the_sum_of_its_tenders_is_reported():
    tenders = [
        Tender(kind=TenderKind.CASH, amount=Money(value=Decimal("0.10"), unit="USD")),
        Tender(kind=TenderKind.CASH, amount=Money(value=Decimal("0.20"), unit="USD")),
    ]
    inexact = Decimal(0.1 + 0.2)  # what a binary float would have made of it
    receipt = Receipt(tenders=tenders, line=LineDetail(amount=Money(value=inexact, unit="USD")))
    report = GapReport()
    receipt_record.to_msp(ReceiptRecord(receipts=[receipt]), report)
    (entry,) = report.lost
    assert entry.path == "/ReceiptRecord/Receipt[1]/line"
    assert entry.value.startswith("0.3000000000000000444")
    exact = Receipt(
        tenders=tenders, line=LineDetail(amount=Money(value=Decimal("0.30"), unit="USD"))
    )
    report = GapReport()
    receipt_record.to_msp(ReceiptRecord(receipts=[exact]), report)
    assert report.lost == []


@pytest.mark.parametrize(
    ("tender", "reason"),
    [
        (Tender(kind=TenderKind.UNSPECIFIED, mrid="T-9"), "not unspecified"),
        (Tender(kind=None, mrid="T-9"), "not none"),
        (
            Tender(kind=TenderKind.CHEQUE, cheque=Cheque(kind=ChequeKind.POSTAL_ORDER)),
            "MultiSpeak has no postal order",
        ),
    ],
)
def test_tenders_multispeak_has_no_payment_for_are_reported(tender: Tender, reason: str):
    report = GapReport()
    (payment,) = receipt_record.to_msp(ReceiptRecord(receipts=[Receipt(tenders=[tender])]), report)
    assert any(reason in entry.reason for entry in report.lost)
    if tender.cheque is not None:
        assert len(payment.e_check_payments) == 1


def test_a_second_transaction_of_a_receipt_is_reported():
    document = CODEC_2013.read(read_message(xmlsafe.parse(CREATED.read_bytes())).payload[0])
    receipt = document.receipts[0]
    receipt.transactions.append(receipt.transactions[0])
    report = GapReport()
    receipt_record.to_msp(document, report)
    assert [entry.path for entry in report.lost if "Transactions" in entry.path] == [
        "/ReceiptRecord/Receipt[1]/Transactions[2]"
    ]


def test_a_get_without_a_period_is_refused():
    message = Message(MessageKind.REQUEST, Header(Verb.GET, "ReceiptRecord"), request=Request())
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "GetPPMPayments needs a period" in str(caught.value)


def test_a_verb_with_no_operation_is_refused():
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CANCELED, "ReceiptRecord", message_id="X"),
        payload=[CODEC_2013.write(ReceiptRecord())],
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "no MultiSpeak 4.1 operation for canceled ReceiptRecord" in str(caught.value)


def test_a_currency_that_is_no_iso_4217_code_is_refused_clearly():
    payment = cash("5.00", currency="US$")
    body = msp_binding.write(
        msp.CommitPaymentTransaction(
            transactions=msp.PaymentTransactionList(payment_transactions=[payment])
        ),
        "CommitPaymentTransaction",
    )
    with pytest.raises(MappingError) as caught:
        translate_document(soap(body), "cim")
    assert "'US$' is not an ISO 4217 alphabetic currency code" in str(caught.value)
    assert caught.value.xpath is not None and "cashPayment[1]" in caught.value.xpath


def test_a_card_expiry_that_is_no_date_is_refused_clearly():
    info = msp.CreditCardInfo(credit_card_exp_date="09/28", last_name="Lovelace")
    payment = msp.PaymentTransaction(
        credit_card_payments=[msp.CreditCardPayment(credit_card_info=info)]
    )
    with pytest.raises(MappingError) as caught:
        receipt_record.to_cim([payment])
    assert "card expiry date: '09/28'" in str(caught.value)


def test_holder_names_that_cannot_be_split_again_are_reported_changed():
    info = msp.CreditCardInfo(first_name="Mary Ann", last_name="Smith", suffix="Jr")
    payment = msp.PaymentTransaction(
        credit_card_payments=[msp.CreditCardPayment(credit_card_info=info)]
    )
    report = GapReport()
    (receipt,) = receipt_record.to_cim([payment], report).receipts
    assert receipt.tenders[0].card == Card(account_holder_name="Mary Ann Smith Jr")
    assert [entry.kind for entry in report if "firstName" in entry.path] == [GapKind.CHANGED]


def test_operations_are_in_the_catalogue():
    assert operation("CB_Server", "ProcessPaymentTransaction").cim_verb == "execute"
    for endpoint in ("CB_Server", "MDM_Server"):
        commit = operation(endpoint, "CommitPaymentTransaction")
        assert (commit.exchange, commit.cim_verb, commit.cim_noun) == (
            Exchange.REQUEST_REPLY,
            "create",
            "ReceiptRecord",
        )
        assert operation(endpoint, "GetPPMPayments").cim_verb == "get"


# --- round trips


@settings(max_examples=80, deadline=None)
@given(st.lists(payment_transactions, min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(payments: list[msp.PaymentTransaction]):
    report = GapReport()
    document = receipt_record.to_cim(payments, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    back = receipt_record.to_msp(CODEC_2013.read(element), GapReport())
    assert back == payments


@settings(max_examples=80, deadline=None)
@given(st.lists(receipts(), min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(items: list[Receipt], edition: Edition):
    report = GapReport()
    payments = receipt_record.to_msp(ReceiptRecord(receipts=items), report)
    assert report.lost == []
    body = msp_binding.write(
        msp.CommitPaymentTransaction(
            transactions=msp.PaymentTransactionList(payment_transactions=payments)
        ),
        "CommitPaymentTransaction",
    )
    again = msp_binding.read(body, msp.CommitPaymentTransaction)
    assert again.transactions is not None
    back = receipt_record.to_cim(again.transactions.payment_transactions, GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    assert codec.read(codec.write(back)) == ReceiptRecord(receipts=items)


@settings(max_examples=30, deadline=None)
@given(payment_transactions)
def test_multispeak_output_is_schema_valid_property(
    schemas: SchemaSet, payment: msp.PaymentTransaction
):
    call = msp.CommitPaymentTransaction(
        transactions=msp.PaymentTransactionList(payment_transactions=[payment])
    )
    assert schemas.validate(msp_binding.write(call, "CommitPaymentTransaction")) == []


# --- the command line


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (COMMIT, "cim", "RequestMessage"),
        (COMMIT, "cim2009", "RequestMessage"),
        (CREATED, "msp41", "Envelope"),
    ],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document, **({"edition": "2009"} if to == "cim2009" else {})) == []
    assert '"kind": "carried"' in result.stderr
    assert "737" not in result.stderr
