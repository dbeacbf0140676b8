"""Profile CustomerAccountConfig over MultiSpeak 5.0 (clause 9): v5 account ⇄ CIM, both ways.

Values asserted on both sides (identity, customer, status, amounts as Decimal, dates, the
agreement the account bills, gap entries); v5 output validated against the official 5.0.7 and
5.0.4 schemas, CIM output against the XSD the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from customer_v5_strategies import accounts
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import unordered_names
from payment_strategies import cim_money

from mspcim import xmlsafe
from mspcim.cim.customer_account_config import (
    CODEC_2013,
    CustomerAccount,
    CustomerAccountConfig,
    CustomerAgreement,
    Money,
)
from mspcim.cim.end_device_assets import Customer, ServiceLocation
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, Request, Verb
from mspcim.harmonize import customer_account_config_v5_messages  # noqa: F401  (registers the v5 routes)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import customer_account_config_v5
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v41.meter import Money as MspMoney
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.account import (
    Account,
    AccountsChangedNotification,
    AccountStatus,
    AccountStatusKind,
    GetAccountsByCustomerIDs,
    GetAccountsResponse,
    ServiceAgreement,
    ServiceLocationReference,
)
from mspcim.multispeak.v50.header import (
    Caller,
    RequestHeader,
    ResponseHeader,
    V5Header,
    build_request_header,
    build_response_header,
)
from mspcim.multispeak.v50.identity import ObjectID as MspObjectID
from mspcim.multispeak.v50.identity import Release, SingleIdentifier
from mspcim.soap import SoapVersion, build_envelope
from mspcim.validation import SchemaSet

T0 = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)
ACCOUNT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
CUSTOMER = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
LOCATION = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
AGREEMENT = "2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e"


def identifier(value: str, name: str) -> SingleIdentifier:
    return SingleIdentifier(value=value, identifier_name=name)


def account() -> Account:
    """A v5 account with every mapped element filled."""
    return Account(
        object_guid=ACCOUNT,
        primary_identifier=identifier("100-4521-07", "accountNumber"),
        comments="Residential account",
        customer_id=MspObjectID(object_guid=CUSTOMER, primary_identifier=identifier("CU-1", "id")),
        account_status=AccountStatus(value=AccountStatusKind.PENDING_DISCONNECT_NON_PAY),
        billing_cycle="C3",
        budget_bill="Y",
        payment_due_date=datetime(2026, 4, 20, tzinfo=UTC),
        last_payment_amount=MspMoney(value=Decimal("84.10"), currency_code="USD"),
        shut_off_date=datetime(2026, 5, 1, tzinfo=UTC),
        is_pre_pay=False,
        last_bill_amount=MspMoney(value=Decimal("123.4567"), currency_code="USD"),
        service_locations=[
            ServiceLocationReference(
                object_guid=LOCATION, primary_identifier=identifier("SL-9", "serviceLocationID")
            )
        ],
        service_agreements=[
            ServiceAgreement(
                object_guid=AGREEMENT, primary_identifier=identifier("SA-1", "agreementID")
            )
        ],
    )


def names_of(names: list[Name]) -> dict[str, str]:
    return {name.type_name or "": name.name for name in names}


def test_a_v5_account_becomes_a_cim_customer_account(declared: SchemaSet) -> None:
    report = GapReport()
    document = customer_account_config_v5.to_cim([account()], report, "/ArrayOfAccount")
    assert declared.validate(CODEC_2013.write(document)) == []
    (result,) = document.customer_accounts
    assert (result.mrid, result.description) == (ACCOUNT, "Residential account")
    assert (result.billing_cycle, result.budget_bill) == ("C3", "Y")
    assert result.last_bill_amount == Money(value=Decimal("123.4567"), unit="USD")
    assert result.customer == Customer(
        mrid=CUSTOMER, customer_names=[Name.typed("CU-1", "primaryIdentifier:id", "MultiSpeak")]
    )
    assert names_of(result.customer_account_names) == {
        "primaryIdentifier:accountNumber": "100-4521-07",
        "accountStatus": "PendingDisconnectNonPay",
        "paymentDueDate": "2026-04-20T00:00:00Z",
        "lastPaymentAmount": "84.10 USD",
    }
    agreement = result.customer_agreements
    assert agreement is not None
    assert (agreement.mrid, agreement.is_pre_pay) == (AGREEMENT, False)
    assert agreement.shut_off_date_time == datetime(2026, 5, 1, tzinfo=UTC)
    assert [location.mrid for location in agreement.service_locations] == [LOCATION]
    assert {entry.kind for entry in report.entries} == {GapKind.CARRIED}


def test_further_agreements_and_their_data_are_reported() -> None:
    source = account()
    source.service_agreements[0].revenue_class = "RES"
    source.service_agreements.append(
        ServiceAgreement(object_guid=CUSTOMER, primary_identifier=identifier("SA-2", "agreementID"))
    )
    report = GapReport()
    customer_account_config_v5.to_cim([source], report, "/ArrayOfAccount")
    lost = {entry.path: entry.value for entry in report.entries if entry.kind is GapKind.LOST}
    base = "/ArrayOfAccount/account[1]/serviceAgreements/serviceAgreement"
    assert lost == {f"{base}[1]/revenueClass": "RES", f"{base}[2]": CUSTOMER}


def cim_account() -> CustomerAccount:
    return CustomerAccount(
        mrid="ACC-77",
        name="Main account",
        billing_cycle="C1",
        last_bill_amount=Money(value=Decimal("19.99"), unit="EUR"),
        customer=Customer(mrid="CU-9"),
        customer_agreements=CustomerAgreement(
            mrid="AG-1", is_pre_pay=True, service_locations=[ServiceLocation(mrid="SL-1")]
        ),
    )


@pytest.mark.parametrize("release", list(Release))
def test_a_cim_account_becomes_a_schema_valid_v5_account(
    assert_schema_valid: Any, release: Release
) -> None:
    report = GapReport()
    document = CustomerAccountConfig(customer_accounts=[cim_account()])
    (result,) = customer_account_config_v5.to_msp(document, report)
    assert result.object_guid == derived_guid("ACC-77")
    assert result.primary_identifier == identifier("ACC-77", "mRID")
    assert result.customer_id == MspObjectID(
        object_guid=derived_guid("CU-9"), primary_identifier=identifier("CU-9", "mRID")
    )
    assert result.last_bill_amount == MspMoney(value=Decimal("19.99"), currency_code="EUR")
    assert (result.billing_cycle, result.is_pre_pay) == ("C1", True)
    assert [item.object_guid for item in result.service_agreements] == [derived_guid("AG-1")]
    assert [item.object_guid for item in result.service_locations] == [derived_guid("SL-1")]
    assert {item.ext_name: item.ext_value for item in result.extensions_list} == {
        "CIM.CustomerAccount.name": "Main account"
    }
    call = AccountsChangedNotification(accounts=[result])
    element = msp_binding.write(call, "AccountsChangedNotification", release=release)
    assert_schema_valid(element, release=release.value)
    assert msp_binding.read(element, AccountsChangedNotification) == call


@settings(max_examples=60, deadline=None)
@given(accounts())
def test_v5_to_cim_to_v5_keeps_every_account_value(source: Account) -> None:
    report = GapReport()
    document = customer_account_config_v5.to_cim([source], report)
    assert [entry for entry in report.entries if entry.kind is not GapKind.CARRIED] == []
    assert customer_account_config_v5.to_msp(document, GapReport()) == [source]


def test_cim_to_v5_to_cim_keeps_the_account() -> None:
    original = CustomerAccountConfig(customer_accounts=[cim_account()])
    back = customer_account_config_v5.to_cim(
        customer_account_config_v5.to_msp(original, GapReport()), GapReport()
    )
    (result,) = back.customer_accounts
    expected = cim_account()
    assert (result.mrid, result.name, result.billing_cycle) == ("ACC-77", "Main account", "C1")
    assert result.last_bill_amount == expected.last_bill_amount
    assert result.customer is not None and result.customer.mrid == "CU-9"
    agreement = result.customer_agreements
    assert agreement is not None
    assert (agreement.mrid, agreement.is_pre_pay) == ("AG-1", True)
    assert [location.mrid for location in agreement.service_locations] == ["SL-1"]


# --- whole messages


def envelope(body: etree._Element, header: V5Header, release: Release = Release.V507) -> Any:
    if isinstance(header, ResponseHeader):
        block = build_response_header(header, release)
    else:
        block = build_request_header(header, release)
    element = build_envelope(SoapVersion.SOAP11, [body], [block])
    return xmlsafe.parse(etree.tostring(element))


def options() -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID")


def v5_header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="Riverside CIS", company="REC"),
        message_id="MSG-9",
        time_stamp=T0,
        default_currency_code="USD",
    )


def test_accounts_changed_becomes_an_event_and_back(
    declared: SchemaSet, assert_schema_valid: Any
) -> None:
    call = AccountsChangedNotification(accounts=[account()], transaction_id="TX-3")
    body = msp_binding.write(call, "AccountsChangedNotification")
    assert_schema_valid(envelope(body, v5_header()))
    message = find_msp50_route("AccountsChangedNotification")(
        body, v5_header(), GapReport(), options()
    )
    assert declared.validate(build_message(message)) == []
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CHANGED, "CustomerAccountConfig")
    assert message.header.correlation_id == "TX-3"
    document: CustomerAccountConfig = CODEC_2013.read(message.payload[0])
    assert [item.mrid for item in document.customer_accounts] == [ACCOUNT]
    back, header = find_cim_route50("CustomerAccountConfig", MessageKind.EVENT)(
        message, GapReport(), options()
    )
    assert_schema_valid(envelope(back, header))
    assert header.default_currency_code == "USD"
    expected = account()
    expected.last_bill_amount = MspMoney(value=Decimal("123.4567"))
    assert msp_binding.read(back, AccountsChangedNotification) == AccountsChangedNotification(
        accounts=[expected], transaction_id="TX-3"
    )


def test_accounts_by_customer_ids_is_a_get_and_its_response_comes_back(
    declared: SchemaSet, assert_schema_valid: Any
) -> None:
    query = GetAccountsByCustomerIDs(customer_ids=[MspObjectID(object_guid=CUSTOMER)])
    body = msp_binding.write(query, "GetAccountsByCustomerIDs")
    assert_schema_valid(envelope(body, v5_header()))
    message = find_msp50_route("GetAccountsByCustomerIDs")(
        body, v5_header(), GapReport(), options()
    )
    assert declared.validate(build_message(message)) == []
    assert message.request == Request(
        ids=[ObjectID(CUSTOMER, "uuid", "customerID", object_type="Customer")]
    )
    back, _ = find_cim_route50("CustomerAccountConfig", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert msp_binding.read(back, GetAccountsByCustomerIDs) == query
    response = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "CustomerAccountConfig", message_id="R-1", correlation_id="MSG-9"),
        payload=[CODEC_2013.write(CustomerAccountConfig(customer_accounts=[cim_account()]))],
    )
    response.header.properties.extend(message.header.properties if message.header else [])
    body, header = find_cim_route50("CustomerAccountConfig", MessageKind.RESPONSE)(
        response, GapReport(), options()
    )
    assert etree.QName(body).localname == "GetAccountsResponse"
    assert_schema_valid(envelope(body, header))
    (result,) = msp_binding.read(body, GetAccountsResponse).accounts
    assert result.object_guid == derived_guid("ACC-77")


cim_words = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZ", min_size=1, max_size=8)
cim_accounts = st.builds(
    CustomerAccount,
    mrid=cim_words | st.uuids().map(str),
    description=st.none() | cim_words,
    name=st.none() | cim_words,
    billing_cycle=st.none() | cim_words,
    budget_bill=st.none() | cim_words,
    last_bill_amount=st.none() | cim_money(),
    customer=st.none() | st.builds(Customer, mrid=cim_words),
    customer_agreements=st.none()
    | st.builds(
        CustomerAgreement,
        mrid=st.none() | cim_words,
        is_pre_pay=st.none() | st.booleans(),
        service_locations=st.lists(st.builds(ServiceLocation, mrid=cim_words), max_size=2),
    ).filter(lambda agreement: agreement != CustomerAgreement()),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_accounts, min_size=1, max_size=2))
def test_cim_to_v5_xml_to_cim_keeps_every_account(
    schemas: SchemaSet, items: list[CustomerAccount]
) -> None:
    report = GapReport()
    v5 = customer_account_config_v5.to_msp(CustomerAccountConfig(customer_accounts=items), report)
    assert report.lost == []
    body = msp_binding.write(
        AccountsChangedNotification(accounts=v5), "AccountsChangedNotification"
    )
    assert schemas.validate(body) == []
    again = msp_binding.read(body, AccountsChangedNotification)
    back = customer_account_config_v5.to_cim(again.accounts, GapReport())
    back = CODEC_2013.read(CODEC_2013.write(back))
    expected = CustomerAccountConfig(customer_accounts=items)
    assert unordered_names(back) == unordered_names(expected)
