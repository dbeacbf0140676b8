"""Profile 8.31 TransactionRecord: MultiSpeak prepaid balance adjustments ⇄ CIM Transactions.

Values asserted on both sides (account numbers, amounts exact with their currencies, kinds and
balance types, ids); MultiSpeak output validated against the official 4.1.6 schemas, CIM output
against Message.xsd and the XSD the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from payment_strategies import adjustments, transactions
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import (
    Error,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.transaction_record import (
    CODEC_2009,
    CODEC_2013,
    CustomerAccount,
    LineDetail,
    Money,
    Transaction,
    TransactionKind,
    TransactionRecord,
)
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import transaction_record
from mspcim.harmonize.profiles.transaction_record import BALANCE_KINDS, KIND_BALANCES
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import operation
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter import Money as MspMoney
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
    read_array_of_error_object_response,
)
from mspcim.multispeak.v41.ppm_balance_adjustment import (
    AdjustmentItem,
    AdjustPPMBalance,
    BalanceType,
    GetPPMBalanceAdjustments,
    GetPPMBalanceAdjustmentsResponse,
    PpmBalanceAdjustment,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "transaction_record"
ADJUST = FIXTURES / "adjust_ppm_balance.soap11.xml"
CREATED = FIXTURES / "transaction_record_created.xml"
T2013 = "{http://iec.ch/TC57/2011/TransactionRecord#}"


def soap(body: etree._Element, **header: object) -> etree._Element:
    """``body`` in a SOAP 1.1 envelope with a MultiSpeakMsgHeader."""
    msp_header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def transactions_in(message: Message) -> list[Transaction]:
    codec = CODEC_2013 if message.payload[0].tag.startswith(T2013) else CODEC_2009
    document: TransactionRecord = codec.read(message.payload[0])
    return document.transactions


def names_of(names: list[Name]) -> dict[str, str]:
    return {name.type_name or "": name.name for name in names}


def account_of(transaction: Transaction) -> list[str]:
    assert transaction.customer_account is not None
    return [name.name for name in transaction.customer_account.customer_account_names]


# --- MultiSpeak → CIM


def test_adjust_ppm_balance_becomes_a_create_transaction_record(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(ADJUST.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.REQUEST and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "TransactionRecord")
    credit, arrears = transactions_in(message)
    assert (credit.mrid, credit.kind) == ("ADJ-7781-1", TransactionKind.TOKEN_SALE_PAYMENT)
    assert credit.line == LineDetail(amount=Money(value=Decimal("0.10"), unit="USD"))
    assert (arrears.mrid, arrears.kind) == ("ADJ-7781-2", TransactionKind.AUXILIARY_CHARGE_PAYMENT)
    assert arrears.line == LineDetail(amount=Money(value=Decimal("-0.20"), unit="USD"))
    for transaction in (credit, arrears):
        assert transaction.description == "Storm outage credit and arrears transfer"
        assert account_of(transaction) == ["100-4521-07"]
        assert transaction.pricing_structure is not None
        assert transaction.pricing_structure.service_category is not None
        assert transaction.pricing_structure.service_category.kind.value == "electricity"
        assert names_of(transaction.transaction_names) == {
            "ppmBalanceAdjustment": "ADJ-7781",
            "ppmLocationID": "PPM-0042-117",
            "utility": "NWEC",
        }
    amounts = result.document.findall(f".//{T2013}line/{T2013}amount")
    assert [amount.text for amount in amounts] == ["0.10", "-0.20"]
    assert sum(Decimal(amount.text or "") for amount in amounts) == Decimal("-0.10")
    assert [entry.path for entry in result.gaps.lost] == ["/MultiSpeakMsgHeader/@Pwd"]


def test_the_adjustment_comes_back_as_itself(assert_schema_valid):
    source = xmlsafe.parse(ADJUST.read_bytes())
    back = translate_document(translate_document(source, "cim2009").document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    again = msp_binding.read(body, AdjustPPMBalance)
    original = msp_binding.read(read_envelope(source).first_body, AdjustPPMBalance)
    # the explicit USD of the second amount is the header's default: left to the header
    amount = original.adjustments[0].adjustment_item_list[1].amount
    assert amount is not None and amount.currency_code == "USD"
    amount.currency_code = None
    assert again == original
    assert back.gaps.lost == []


def test_items_without_an_adjustment_id_come_back_one_by_one_and_say_so():
    items = [
        AdjustmentItem(balance_type=BalanceType.PREPAID, amount=MspMoney(value=Decimal("1"))),
        AdjustmentItem(balance_type=BalanceType.TOTAL, amount=MspMoney(value=Decimal("2"))),
    ]
    report = GapReport()
    document = transaction_record.to_cim(
        [PpmBalanceAdjustment(account_number="A-1", adjustment_item_list=items)], report
    )
    assert [(entry.kind, entry.value) for entry in report] == [(GapKind.CHANGED, "2 items")]
    back = transaction_record.to_msp(document, GapReport())
    assert [adjustment.adjustment_item_list for adjustment in back] == [[items[0]], [items[1]]]
    assert [adjustment.account_number for adjustment in back] == ["A-1", "A-1"]


def test_an_adjustment_without_items_is_reported():
    report = GapReport()
    document = transaction_record.to_cim([PpmBalanceAdjustment(object_id="ADJ-0")], report)
    assert document.transactions == []
    assert [(entry.path, entry.value) for entry in report.lost] == [
        ("/ppmBalanceAdjustment[1]/adjustmentItemList", "ADJ-0")
    ]


def test_get_ppm_balance_adjustments_asks_by_period_both_ways(assert_schema_valid):
    query = GetPPMBalanceAdjustments(
        start_time=datetime(2026, 4, 1, tzinfo=UTC), stop_time=datetime(2026, 4, 30, tzinfo=UTC)
    )
    result = translate_document(soap(msp_binding.write(query, "GetPPMBalanceAdjustments")), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.request is not None
    assert message.request.start_time == datetime(2026, 4, 1, tzinfo=UTC)
    assert message.request.end_time == datetime(2026, 4, 30, tzinfo=UTC)
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert msp_binding.read(body, GetPPMBalanceAdjustments) == query


def test_the_query_response_round_trips(declared: SchemaSet):
    found = [
        PpmBalanceAdjustment(
            object_id="ADJ-1",
            account_number="A-9",
            adjustment_item_list=[
                AdjustmentItem(
                    balance_type=BalanceType.ARREARS,
                    amount=MspMoney(value=Decimal("12.345678901234"), currency_code="KES"),
                )
            ],
        )
    ]
    body = msp_binding.write(
        GetPPMBalanceAdjustmentsResponse(result=found), "GetPPMBalanceAdjustmentsResponse"
    )
    result = translate_document(soap(body), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE
    (transaction,) = transactions_in(message)
    assert transaction.line == LineDetail(
        amount=Money(value=Decimal("12.345678901234"), unit="KES")
    )
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    again = msp_binding.read(
        read_envelope(back.document).first_body, GetPPMBalanceAdjustmentsResponse
    )
    assert again.result == found


def test_the_adjust_response_maps_its_error_objects_both_ways(assert_schema_valid):
    errors = [ErrorObject(object_id="ADJ-7781", error_string="account closed")]
    result = translate_document(
        soap(build_array_of_error_object_response("AdjustPPMBalance", errors)), "cim"
    )
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.reply is not None and message.reply.result is ReplyResult.FAILED
    assert message.payload == []
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == "AdjustPPMBalanceResponse"
    again = read_array_of_error_object_response(body)
    assert [(error.object_id, error.error_string) for error in again] == [
        ("ADJ-7781", "account closed")
    ]


# --- CIM → MultiSpeak


def test_a_created_transaction_record_becomes_an_adjust_ppm_balance(assert_schema_valid):
    result = translate_document(xmlsafe.parse(CREATED.read_bytes()), "msp41")
    assert_schema_valid(result.document)
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == "AdjustPPMBalance"
    sale, grant = msp_binding.read(body, AdjustPPMBalance).adjustments
    assert (sale.account_number, sale.service_type, sale.description) == (
        "300-1188-02",
        "Electric",
        "Token sale at agent 31",
    )
    assert sale.adjustment_item_list == [
        AdjustmentItem(
            balance_type=BalanceType.PREPAID,
            amount=MspMoney(value=Decimal("150.00"), currency_code="ZAR"),
            adjustment_item_id="TXN-2026-55120",
        )
    ]
    assert grant.adjustment_item_list == [
        AdjustmentItem(
            balance_type=BalanceType.PREPAID,
            amount=MspMoney(value=Decimal("25.005"), currency_code="ZAR"),
            adjustment_item_id="TXN-2026-55121",
        )
    ]
    entries = {(entry.path, entry.kind): entry.value for entry in result.gaps}
    assert entries[("/TransactionRecord/Transaction[1]/line/dateTime", GapKind.LOST)] == (
        "2026-04-21T12:29:41Z"
    )
    assert entries[("/TransactionRecord/Transaction[1]/receiverReference", GapKind.LOST)] == (
        "RCV-31-0091"
    )
    assert entries[("/TransactionRecord/Transaction[2]/kind", GapKind.CHANGED)] == "tokenGrant"


def test_transactions_of_one_adjustment_form_it_again_and_differences_are_reported():
    def item(mrid: str, account: str) -> Transaction:
        return Transaction(
            mrid=mrid,
            kind=TransactionKind.ACCOUNT_PAYMENT,
            line=LineDetail(amount=Money(value=Decimal("1.00"), unit="USD")),
            transaction_names=[Name.typed("ADJ-5", "ppmBalanceAdjustment", "MultiSpeak")],
            customer_account=CustomerAccount(
                customer_account_names=[Name.typed(account, "accountNumber")]
            ),
        )

    report = GapReport()
    (adjustment,) = transaction_record.to_msp(
        TransactionRecord(transactions=[item("T-1", "A-1"), item("T-2", "A-2")]), report
    )
    assert (adjustment.object_id, adjustment.account_number) == ("ADJ-5", "A-1")
    assert [entry.adjustment_item_id for entry in adjustment.adjustment_item_list] == [
        "T-1",
        "T-2",
    ]
    assert [(entry.path, entry.value) for entry in report.lost] == [
        ("/TransactionRecord/Transaction[2]", "account_number=A-2")
    ]


def test_kinds_without_a_balance_type_of_their_own_are_reported_changed():
    assert {KIND_BALANCES[kind] for kind in BALANCE_KINDS.values()} == set(BalanceType)
    transaction = Transaction(kind=TransactionKind.TOKEN_CANCELLATION)
    report = GapReport()
    (adjustment,) = transaction_record.to_msp(TransactionRecord(transactions=[transaction]), report)
    assert adjustment.adjustment_item_list[0].balance_type is BalanceType.PREPAID
    assert [(entry.kind, entry.value) for entry in report] == [
        (GapKind.CHANGED, "tokenCancellation")
    ]


def test_a_reply_to_a_get_becomes_the_query_response_and_errors_are_reported():
    reply = Reply(ReplyResult.PARTIAL, [Error(code="2.4", reason="one account is closed")])
    message = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "TransactionRecord"),
        reply=reply,
        payload=[CODEC_2013.write(TransactionRecord())],
    )
    result = translate_document(build_message(message), "msp41")
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == "GetPPMBalanceAdjustmentsResponse"
    assert "/Reply/Error" in [entry.path for entry in result.gaps.lost]


def test_verbs_with_no_operation_and_gets_without_period_are_refused():
    deleted = Message(
        MessageKind.EVENT,
        Header(Verb.DELETED, "TransactionRecord", message_id="X"),
        payload=[CODEC_2013.write(TransactionRecord())],
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(deleted), "msp41")
    assert "no MultiSpeak 4.1 operation for deleted TransactionRecord" in str(caught.value)
    get = Message(MessageKind.REQUEST, Header(Verb.GET, "TransactionRecord"), request=Request())
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(get), "msp41")
    assert "GetPPMBalanceAdjustments needs a period" in str(caught.value)


def test_operations_are_in_the_catalogue():
    for endpoint in ("CB_Server", "MDM_Server"):
        assert operation(endpoint, "AdjustPPMBalance").cim_noun == "TransactionRecord"
        assert operation(endpoint, "GetPPMBalanceAdjustments").cim_verb == "get"


# --- round trips


@settings(max_examples=80, deadline=None)
@given(adjustments())
def test_multispeak_to_cim_to_multispeak_property(items: list[PpmBalanceAdjustment]):
    report = GapReport()
    document = transaction_record.to_cim(items, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    back = transaction_record.to_msp(CODEC_2013.read(element), GapReport())
    assert back == items


@settings(max_examples=80, deadline=None)
@given(transactions(), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(items: list[Transaction], edition: Edition):
    report = GapReport()
    found = transaction_record.to_msp(TransactionRecord(transactions=items), report)
    assert list(report) == []
    body = msp_binding.write(AdjustPPMBalance(adjustments=found), "AdjustPPMBalance")
    again = msp_binding.read(body, AdjustPPMBalance)
    back = transaction_record.to_cim(again.adjustments, GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    assert codec.read(codec.write(back)) == TransactionRecord(transactions=items)


@settings(max_examples=30, deadline=None)
@given(adjustments())
def test_multispeak_output_is_schema_valid_property(
    schemas: SchemaSet, items: list[PpmBalanceAdjustment]
):
    assert (
        schemas.validate(msp_binding.write(AdjustPPMBalance(adjustments=items), "AdjustPPMBalance"))
        == []
    )


# --- the command line


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (ADJUST, "cim", "RequestMessage"),
        (ADJUST, "cim2009", "RequestMessage"),
        (CREATED, "msp41", "Envelope"),
    ],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document, **({"edition": "2009"} if to == "cim2009" else {})) == []
    assert '"kind": "' in result.stderr
