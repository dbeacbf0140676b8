"""Profile 8.1 CustomerAccountConfig: MultiSpeak account operations ⇄ CIM CustomerAccountConfig.

Values asserted on both sides (account numbers, dates, amounts exact with their currency, the
agreement the account bills); MultiSpeak output validated against the official 4.1.6 schemas,
CIM output against Message.xsd and the declared profile XSD.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from customer_strategies import accounts
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.customer_account_config import (
    CODEC_2009,
    CODEC_2013,
    CustomerAccount,
    CustomerAccountConfig,
    CustomerAgreement,
)
from mspcim.cim.end_device_assets import Customer, ServiceLocation
from mspcim.cim.envelope import read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import MessageKind, Verb
from mspcim.cim.transaction_record import Money
from mspcim.cli import app
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import customer_account_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import Exchange, operation
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.account import (
    Account,
    AccountChangedNotification,
    GetAccountByMeterID,
    GetAccountByMeterIDResponse,
    GetAccountsByCustomerID,
    GetAccountsByCustomerIDResponse,
    ServiceLocationReference,
)
from mspcim.multispeak.v41.meter import Money as MspMoney
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "customer_account_config"
CHANGED = FIXTURES / "account_changed_notification.soap11.xml"
CIM_CREATED = FIXTURES / "customer_account_config_created.xml"
ACCOUNT = "/AccountChangedNotification/changedAccounts/account[1]"


def soap(body: etree._Element, **header: object) -> etree._Element:
    msp_header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def accounts_in(message, codec=CODEC_2013) -> list[CustomerAccount]:
    document: CustomerAccountConfig = codec.read(message.payload[0])
    return document.customer_accounts


def names_of(account: CustomerAccount) -> dict[str, str]:
    return {name.type_name or "": name.name for name in account.customer_account_names}


def test_account_changed_notification_becomes_a_changed_customer_account_config(
    declared: SchemaSet,
):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.header is not None and message.kind is MessageKind.EVENT
    assert (message.header.verb, message.header.noun) == (Verb.CHANGED, "CustomerAccountConfig")
    (account,) = accounts_in(message)
    assert (account.mrid, account.name, account.description) == (
        "100-4521-07",
        "Lindqvist residence",
        "Residential service",
    )
    assert (account.billing_cycle, account.budget_bill) == ("07", "Level pay")
    assert account.last_bill_amount == Money(value=Decimal("0.20"), unit="USD")
    assert account.customer == Customer(mrid="CU-77810")
    assert account.customer_agreements == CustomerAgreement(
        is_pre_pay=False,
        shut_off_date_time=datetime(2026, 6, 1, tzinfo=UTC),
        service_locations=[
            ServiceLocation(
                mrid="SL-0042-117",
                service_location_names=[Name.typed("1200 N Main St", "objectName", "MultiSpeak")],
            )
        ],
    )
    names = names_of(account)
    assert names["paymentDueDate"] == "2026-04-20T00:00:00Z"
    assert names["lastPaymentAmount"] == "0.10"
    assert names["calculatedUsedYesterday"] == "1.05 CAD"
    assert names["billingTerms"] == "Net 20"
    entries = {entry.path: entry for entry in result.gaps}
    assert entries[f"{ACCOUNT}/lastPaymentAmount"].kind is GapKind.CARRIED
    assert entries["/MultiSpeakMsgHeader/@DefaultCurrencyCode"].kind is GapKind.CARRIED


def test_the_2009_edition_has_its_own_namespace(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    (account,) = accounts_in(read_message(result.document), CODEC_2009)
    assert account.last_bill_amount == Money(value=Decimal("0.20"), unit="USD")


def test_the_fixture_comes_back_as_it_was_sent(assert_schema_valid):
    source = xmlsafe.parse(CHANGED.read_bytes())
    result = translate_document(source, "cim")
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    sent = msp_binding.read(read_envelope(source).first_body, AccountChangedNotification)
    again = msp_binding.read(read_envelope(back.document).first_body, AccountChangedNotification)
    assert again == sent
    assert [entry for entry in back.gaps if entry.kind is GapKind.LOST] == []


def test_amounts_are_exact_through_a_full_translation_both_ways(assert_schema_valid, declared):
    total = Decimal("0.10") + Decimal("0.20")
    account = Account(
        object_id="A-1",
        last_bill_amount=MspMoney(value=total, currency_code="USD"),
        last_payment_amount=MspMoney(value=Decimal("0.10")),
        calculated_used_yesterday=MspMoney(
            value=Decimal("1234567890.123456789"), currency_code="EUR"
        ),
    )
    body = msp_binding.write(
        AccountChangedNotification(accounts=[account]), "AccountChangedNotification"
    )
    result = translate_document(soap(body, default_currency_code="USD"), "cim")
    assert declared.validate(result.document) == []
    assert b">0.30<" in etree.tostring(result.document)
    (cim,) = accounts_in(read_message(result.document))
    assert cim.last_bill_amount == Money(value=Decimal("0.30"), unit="USD")
    assert names_of(cim)["calculatedUsedYesterday"] == "1234567890.123456789 EUR"
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    (again,) = msp_binding.read(
        read_envelope(back.document).first_body, AccountChangedNotification
    ).accounts
    assert again.last_bill_amount == MspMoney(value=Decimal("0.30"))
    assert str(again.last_bill_amount.value) == "0.30"
    assert again.calculated_used_yesterday == account.calculated_used_yesterday
    assert again.last_payment_amount == account.last_payment_amount


def test_a_created_account_event_becomes_an_account_changed_notification(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CIM_CREATED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    (account,) = msp_binding.read(
        read_envelope(result.document).first_body, AccountChangedNotification
    ).accounts
    assert (account.object_id, account.verb, account.object_name) == (
        "100-4522-01",
        "New",
        "Okafor farm",
    )
    assert (account.customer_id, account.billing_cycle, account.is_pre_pay) == (
        "CU-77811",
        "12",
        True,
    )
    assert account.last_bill_amount == MspMoney(value=Decimal("0.30"), currency_code="EUR")
    assert account.last_payment_amount == MspMoney(value=Decimal("0.10"), currency_code="EUR")
    assert account.service_locations == [ServiceLocationReference(object_id="SL-0042-200")]
    carried = {item.ext_name: item.ext_value for item in account.extensions_list}
    assert carried == {"CIM.CustomerAgreement.mRID": "AG-2026-0311"}
    assert [(e.path, e.value) for e in result.gaps.lost] == [
        ("/CustomerAccountConfig/CustomerAccount[1]/Names[2]", "oldAccountNumber=legacy-77")
    ]
    again = translate_document(result.document, "cim")
    (back,) = accounts_in(read_message(again.document))
    assert back.customer_agreements is not None and back.customer_agreements.mrid == "AG-2026-0311"
    assert read_message(again.document).header.verb is Verb.CREATED


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        (
            GetAccountsByCustomerID(customer_id="CU-77810"),
            "GetAccountsByCustomerID",
            ("CU-77810", "customerID", "Customer"),
        ),
        (
            GetAccountByMeterID(meter_id=MeterID(value="40017721")),
            "GetAccountByMeterID",
            ("40017721", "meterID", "Meter"),
        ),
    ],
)
def test_queries_are_get_requests_and_come_back(query, name, expected, assert_schema_valid):
    result = translate_document(soap(msp_binding.write(query, name)), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.request is not None
    assert [(i.value, i.id_type, i.object_type) for i in message.request.ids] == [expected]
    assert message.header.property(OPERATION_PROPERTY) is None
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == name
    assert msp_binding.read(body, type(query)) == query


@pytest.mark.parametrize("name", ["GetAccountsByCustomerIDResponse", "GetAccountByMeterIDResponse"])
def test_responses_round_trip(name, declared: SchemaSet):
    account = Account(object_id="100-1", customer_id="CU-1", billing_cycle="03")
    response = (
        GetAccountsByCustomerIDResponse(accounts=[account])
        if name == "GetAccountsByCustomerIDResponse"
        else GetAccountByMeterIDResponse(account=account)
    )
    result = translate_document(soap(msp_binding.write(response, name)), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE
    assert accounts_in(message)[0].billing_cycle == "03"
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == name
    assert msp_binding.read(body, type(response)) == response


def test_operations_are_in_the_catalogue():
    row = operation("MDM_Server", "AccountChangedNotification")
    assert (row.exchange, row.cim_verb, row.cim_noun) == (
        Exchange.NOTIFICATION,
        "changed",
        "CustomerAccountConfig",
    )
    for name in ("GetAccountsByCustomerID", "GetAllAccounts", "GetAccountByMeterID"):
        assert operation("CB_Server", name).cim_noun == "CustomerAccountConfig"


@settings(max_examples=60, deadline=None)
@given(st.lists(accounts(), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(items: list[Account]):
    report = GapReport()
    document = customer_account_config.to_cim(items, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    back = customer_account_config.to_msp(CODEC_2013.read(element), GapReport())
    assert back == items


words = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZ0123456789", min_size=1, max_size=8)
amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6)
cim_accounts = st.builds(
    CustomerAccount,
    mrid=words,
    description=st.none() | words,
    name=st.none() | words,
    billing_cycle=st.none() | words,
    budget_bill=st.none() | words,
    last_bill_amount=st.none()
    | st.builds(Money, value=amounts, unit=st.sampled_from(["USD", "EUR"])),
    customer=st.none() | st.builds(Customer, mrid=words),
    customer_agreements=st.none()
    | st.builds(
        CustomerAgreement,
        mrid=st.none() | words,
        is_pre_pay=st.none() | st.booleans(),
        service_locations=st.lists(st.builds(ServiceLocation, mrid=words), max_size=2),
    ).filter(lambda agreement: agreement != CustomerAgreement()),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_accounts, min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(items: list[CustomerAccount], edition: Edition):
    report = GapReport()
    msp = customer_account_config.to_msp(CustomerAccountConfig(customer_accounts=items), report)
    assert report.lost == []
    body = msp_binding.write(AccountChangedNotification(accounts=msp), "AccountChangedNotification")
    again = msp_binding.read(body, AccountChangedNotification)
    back = customer_account_config.to_cim(again.accounts, GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(back))
    assert unordered_names(back) == unordered_names(CustomerAccountConfig(customer_accounts=items))


@settings(max_examples=25, deadline=None)
@given(st.lists(accounts(), min_size=1, max_size=2))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, items: list[Account]):
    back = customer_account_config.to_msp(customer_account_config.to_cim(items), GapReport())
    body = msp_binding.write(
        AccountChangedNotification(accounts=back), "AccountChangedNotification"
    )
    assert schemas.validate(body) == []


@pytest.mark.parametrize(
    ("source", "to", "root"), [(CHANGED, "cim", "EventMessage"), (CIM_CREATED, "msp41", "Envelope")]
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
    assert '"kind": "carried"' in result.stderr
