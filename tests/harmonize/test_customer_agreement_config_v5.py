"""Profile CustomerAgreementConfig over MultiSpeak 5.0 (clause 9): serviceAgreement ⇄ CIM.

Values asserted on both sides (identity, customer, account, location, service point, tariff,
carried values, gap entries); v5 output validated against the official 5.0.7 and 5.0.4
schemas, CIM output against the XSD the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from customer_v5_strategies import agreement_accounts
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.customer_agreement_config import (
    CODEC_2013,
    CustomerAgreement,
    CustomerAgreementConfig,
)
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, RequestOption, Verb
from mspcim.harmonize import customer_agreement_config_v5_messages  # noqa: F401  (registers the v5 routes)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import customer_agreement_config_v5
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.account import (
    Account,
    AccountsChangedNotification,
    GetAccountsByServiceLocationIDsAndServiceType,
    GetAccountsResponse,
    ServiceAgreement,
    ServicePointID,
)
from mspcim.multispeak.v50.header import (
    Caller,
    RequestHeader,
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
POINT = "3d4e5f60-7182-4c9d-8e0f-2a3b4c5d6e7f"
TARIFF = "4e5f6071-8293-4d0e-9f1a-3b4c5d6e7f80"


def identifier(value: str, name: str) -> SingleIdentifier:
    return SingleIdentifier(value=value, identifier_name=name)


def billing_account() -> Account:
    """An account listing one agreement with every mapped element."""
    return Account(
        object_guid=ACCOUNT,
        primary_identifier=identifier("100-4521-07", "accountNumber"),
        service_agreements=[
            ServiceAgreement(
                object_guid=AGREEMENT,
                primary_identifier=identifier("SA-1", "agreementID"),
                description="Residential electric service",
                customer_id=MspObjectID(object_guid=CUSTOMER),
                service_location_id=MspObjectID(
                    object_guid=LOCATION, primary_identifier=identifier("SL-9", "locationID")
                ),
                service_point_id=ServicePointID(value=POINT, service_type="Electric"),
                revenue_class="RES",
                tariff_id=MspObjectID(
                    object_guid=TARIFF, primary_identifier=identifier("R1", "rate")
                ),
                budget_billing_code="BB-12",
            )
        ],
    )


def names_of(names: list[Name]) -> dict[str, str]:
    return {name.type_name or "": name.name for name in names}


def test_a_service_agreement_becomes_a_customer_agreement(declared: SchemaSet) -> None:
    report = GapReport()
    document = customer_agreement_config_v5.to_cim([billing_account()], report, "/ArrayOfAccount")
    assert declared.validate(CODEC_2013.write(document)) == []
    (agreement,) = document.customer_agreements
    assert (agreement.mrid, agreement.description) == (AGREEMENT, "Residential electric service")
    assert agreement.customer == Customer(mrid=CUSTOMER)
    assert agreement.customer_account == CustomerAccount(
        mrid=ACCOUNT,
        customer_account_names=[
            Name.typed("100-4521-07", "primaryIdentifier:accountNumber", "MultiSpeak")
        ],
    )
    assert [location.mrid for location in agreement.service_locations] == [LOCATION]
    assert names_of(agreement.customer_agreement_names) == {
        "primaryIdentifier:agreementID": "SA-1",
        "servicePointID": POINT,
        "servicePointID.serviceType": "Electric",
        "tariffID": TARIFF,
        "tariffID.primaryIdentifier:rate": "R1",
        "revenueClass": "RES",
        "budgetBillingCode": "BB-12",
    }
    assert {entry.kind for entry in report.entries} == {GapKind.CARRIED}


def cim_agreement() -> CustomerAgreement:
    return CustomerAgreement(
        mrid="AG-7",
        name="Standard residential",
        description="Electric service",
        is_pre_pay=True,
        sign_date=date(2025, 12, 1),
        validity_interval=DateTimeInterval(start=datetime(2026, 1, 1, tzinfo=UTC)),
        service_category=ServiceCategory(kind=ServiceKind.ELECTRICITY),
        customer=Customer(mrid="CU-9"),
        customer_account=CustomerAccount(mrid="ACC-77"),
        service_locations=[ServiceLocation(mrid="SL-1"), ServiceLocation(mrid="SL-2")],
    )


@pytest.mark.parametrize("release", list(Release))
def test_a_customer_agreement_becomes_a_valid_account_listing_it(
    assert_schema_valid: Any, release: Release
) -> None:
    report = GapReport()
    document = CustomerAgreementConfig(customer_agreements=[cim_agreement()])
    (listing,) = customer_agreement_config_v5.to_msp(document, report)
    assert listing.object_guid == derived_guid("ACC-77")
    assert listing.primary_identifier == identifier("ACC-77", "mRID")
    (agreement,) = listing.service_agreements
    assert agreement.object_guid == derived_guid("AG-7")
    assert agreement.description == "Electric service"
    assert agreement.customer_id is not None
    assert agreement.customer_id.object_guid == derived_guid("CU-9")
    assert agreement.service_location_id is not None
    assert agreement.service_location_id.object_guid == derived_guid("SL-1")
    extensions = {item.ext_name: item.ext_value for item in agreement.extensions_list}
    assert extensions == {
        "CIM.CustomerAgreement.name": "Standard residential",
        "CIM.CustomerAgreement.isPrePay": "true",
        "CIM.CustomerAgreement.signDate": "2025-12-01",
        "CIM.CustomerAgreement.ServiceCategory": "electricity",
        "CIM.CustomerAgreement.validityInterval.start": "2026-01-01T00:00:00Z",
    }
    lost = [entry for entry in report.entries if entry.kind is GapKind.LOST]
    assert [(entry.path, entry.value) for entry in lost] == [
        ("/CustomerAgreementConfig/CustomerAgreement[1]/ServiceLocations[2]", "SL-2")
    ]
    call = AccountsChangedNotification(accounts=[listing])
    element = msp_binding.write(call, "AccountsChangedNotification", release=release)
    assert_schema_valid(element, release=release.value)


@settings(max_examples=60, deadline=None)
@given(agreement_accounts())
def test_v5_to_cim_to_v5_keeps_every_agreement_value(source: Account) -> None:
    report = GapReport()
    document = customer_agreement_config_v5.to_cim([source], report)
    assert [entry for entry in report.entries if entry.kind is not GapKind.CARRIED] == []
    assert customer_agreement_config_v5.to_msp(document, GapReport()) == [source]


def test_cim_to_v5_to_cim_keeps_the_agreement_but_its_second_location() -> None:
    document = CustomerAgreementConfig(customer_agreements=[cim_agreement()])
    back = customer_agreement_config_v5.to_cim(
        customer_agreement_config_v5.to_msp(document, GapReport()), GapReport()
    )
    (result,) = back.customer_agreements
    expected = cim_agreement()
    expected.service_locations = expected.service_locations[:1]
    assert result == expected


# --- whole messages


def envelope(body: etree._Element, header: V5Header) -> Any:
    block = (
        build_request_header(header)
        if isinstance(header, RequestHeader)
        else build_response_header(header)
    )
    element = build_envelope(SoapVersion.SOAP11, [body], [block])
    return xmlsafe.parse(etree.tostring(element))


def options() -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID")


def test_an_agreement_event_becomes_accounts_changed(assert_schema_valid: Any) -> None:
    event = Message(
        MessageKind.EVENT,
        Header(Verb.CHANGED, "CustomerAgreementConfig", message_id="EV-4"),
        payload=[CODEC_2013.write(CustomerAgreementConfig(customer_agreements=[cim_agreement()]))],
    )
    body, header = find_cim_route50("CustomerAgreementConfig", MessageKind.EVENT)(
        event, GapReport(), options()
    )
    assert etree.QName(body).localname == "AccountsChangedNotification"
    assert_schema_valid(envelope(body, header))
    (listing,) = msp_binding.read(body, AccountsChangedNotification).accounts
    assert [item.object_guid for item in listing.service_agreements] == [derived_guid("AG-7")]


def test_accounts_serving_locations_is_a_get_of_agreements(
    declared: SchemaSet, assert_schema_valid: Any
) -> None:
    header = RequestHeader(
        caller=Caller(app_name="OMS", company="REC"), message_id="Q-1", time_stamp=T0
    )
    query = GetAccountsByServiceLocationIDsAndServiceType(
        service_location_ids=[MspObjectID(object_guid=LOCATION)], service_types=["Electric"]
    )
    body = msp_binding.write(query, "GetAccountsByServiceLocationIDsAndServiceType")
    assert_schema_valid(envelope(body, header))
    message = find_msp50_route("GetAccountsByServiceLocationIDsAndServiceType")(
        body, header, GapReport(), options()
    )
    assert declared.validate(build_message(message)) == []
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.GET, "CustomerAgreementConfig")
    assert message.request is not None
    assert message.request.ids == [
        ObjectID(LOCATION, "uuid", "serviceLocationID", object_type="ServiceLocation")
    ]
    assert message.request.options == [RequestOption("serviceType", "Electric")]
    back, _ = find_cim_route50("CustomerAgreementConfig", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert msp_binding.read(back, GetAccountsByServiceLocationIDsAndServiceType) == query
    response = GetAccountsResponse(accounts=[billing_account()])
    reply_body = msp_binding.write(
        response, "GetAccountsByServiceLocationIDsAndServiceTypeResponse"
    )
    answer = find_msp50_route("GetAccountsByServiceLocationIDsAndServiceTypeResponse")(
        reply_body, header, GapReport(), options()
    )
    document: CustomerAgreementConfig = CODEC_2013.read(answer.payload[0])
    assert [item.mrid for item in document.customer_agreements] == [AGREEMENT]


@pytest.mark.parametrize("release", list(Release))
def test_an_account_with_its_agreement_is_valid_in_both_releases(
    assert_schema_valid: Any, release: Release
) -> None:
    call = AccountsChangedNotification(accounts=[billing_account()])
    element = msp_binding.write(call, "AccountsChangedNotification", release=release)
    assert_schema_valid(element, release=release.value)
    point = element.find(".//{http://www.multispeak.org/V5.0}servicePointID")
    assert point is not None and point.text == POINT
    if release is Release.V504:
        assert point.get("objectGUID") == POINT
    assert msp_binding.read(element, AccountsChangedNotification) == call


cim_words = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZ", min_size=1, max_size=8)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
cim_agreements = st.builds(
    CustomerAgreement,
    mrid=cim_words | st.uuids().map(str),
    description=st.none() | cim_words,
    name=st.none() | cim_words,
    is_pre_pay=st.none() | st.booleans(),
    load_mgmt=st.none() | cim_words,
    sign_date=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    validity_interval=st.none()
    | st.builds(DateTimeInterval, start=st.none() | moments, end=st.none() | moments).filter(
        lambda interval: interval != DateTimeInterval()
    ),
    customer=st.none() | st.builds(Customer, mrid=cim_words),
    customer_account=st.builds(CustomerAccount, mrid=cim_words),
    service_category=st.none() | st.builds(ServiceCategory, kind=st.sampled_from(ServiceKind)),
    service_locations=st.lists(st.builds(ServiceLocation, mrid=cim_words), max_size=1),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_agreements, min_size=1, max_size=3, unique_by=lambda item: item.mrid))
def test_cim_to_v5_xml_to_cim_keeps_every_agreement(
    schemas: SchemaSet, items: list[CustomerAgreement]
) -> None:
    report = GapReport()
    document = CustomerAgreementConfig(customer_agreements=items)
    accounts = customer_agreement_config_v5.to_msp(document, report)
    assert report.lost == []
    body = msp_binding.write(
        AccountsChangedNotification(accounts=accounts), "AccountsChangedNotification"
    )
    assert schemas.validate(body) == []
    again = msp_binding.read(body, AccountsChangedNotification)
    back = customer_agreement_config_v5.to_cim(again.accounts, GapReport())
    back = CODEC_2013.read(CODEC_2013.write(back))
    by_mrid = {item.mrid: item for item in back.customer_agreements}
    assert len(by_mrid) == len(back.customer_agreements) == len(items)
    for item in items:
        assert by_mrid[item.mrid] == item
