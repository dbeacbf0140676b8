"""Profile 8.2 CustomerAgreementConfig: the agreement a MultiSpeak account bills ⇄ CIM, both ways.

Values asserted (customer, account and location references, prepayment, shut-off date, the
agreement's own values carried in extensionsList); MultiSpeak output validated against the
official 4.1.6 schemas, CIM output against Message.xsd and the declared profile XSD.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from customer_strategies import agreement_accounts
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.customer_agreement_config import (
    CODEC_2009,
    CODEC_2013,
    CustomerAgreement,
    CustomerAgreementConfig,
)
from mspcim.cim.customer_meter_data_set import CustomerAccount
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import DateTimeInterval
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, Request, RequestOption, Verb
from mspcim.cli import app
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import customer_agreement_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import Exchange, operation
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.account import (
    Account,
    AccountChangedNotification,
    GetAccountByServiceLocationIDAndServiceType,
    GetAccountByServiceLocationIDAndServiceTypeResponse,
    ServiceLocationReference,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "customer_agreement_config"
RESPONSE = FIXTURES / "get_account_by_service_location_response.soap11.xml"
CIM_CREATED = FIXTURES / "customer_agreement_config_created.xml"
QUERY = "GetAccountByServiceLocationIDAndServiceType"


def soap(body: etree._Element) -> etree._Element:
    msp_header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1").stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def agreements_in(message, codec=CODEC_2013) -> list[CustomerAgreement]:
    document: CustomerAgreementConfig = codec.read(message.payload[0])
    return document.customer_agreements


def test_the_account_for_a_location_and_service_is_the_agreement(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(RESPONSE.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.REPLY, "CustomerAgreementConfig")
    assert message.header.property(OPERATION_PROPERTY) is None
    (agreement,) = agreements_in(message)
    assert agreement.customer == Customer(mrid="CU-77810")
    assert agreement.customer_account == CustomerAccount(mrid="100-4521-07")
    assert (agreement.is_pre_pay, agreement.shut_off_date_time) == (
        True,
        datetime(2026, 6, 1, tzinfo=UTC),
    )
    assert [location.mrid for location in agreement.service_locations] == [
        "SL-0042-117",
        "SL-0042-118",
    ]
    (lost,) = result.gaps.lost
    assert (lost.path.rsplit("/", 1)[1], lost.value) == ("billingCycle", "07")
    assert "CustomerAccountConfig" in lost.reason
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == f"{QUERY}Response"
    found = msp_binding.read(body, GetAccountByServiceLocationIDAndServiceTypeResponse).account
    assert found is not None
    assert (found.object_id, found.customer_id, found.is_pre_pay) == (
        "100-4521-07",
        "CU-77810",
        True,
    )
    assert found.billing_cycle is None


def test_the_2009_edition(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(RESPONSE.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    (agreement,) = agreements_in(read_message(result.document), CODEC_2009)
    assert agreement.customer_account == CustomerAccount(mrid="100-4521-07")


def test_the_query_asks_for_a_location_and_a_service(assert_schema_valid):
    query = GetAccountByServiceLocationIDAndServiceType(
        service_location_id="SL-0042-117", service_type="Gas"
    )
    result = translate_document(soap(msp_binding.write(query, QUERY)), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.request is not None and message.header is not None
    assert [(i.value, i.id_type, i.object_type) for i in message.request.ids] == [
        ("SL-0042-117", "serviceLocationID", "ServiceLocation")
    ]
    assert [(o.name, o.value) for o in message.request.options] == [("serviceType", "Gas")]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    assert msp_binding.read(read_envelope(back.document).first_body, type(query)) == query


def test_a_cim_get_by_location_becomes_the_query(assert_schema_valid):
    request = Request(
        ids=[ObjectID("SL-9", "name", "serviceLocationID")],
        options=[RequestOption("serviceType", "Water")],
    )
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.GET, "CustomerAgreementConfig", message_id="G"),
        request=request,
    )
    result = translate_document(build_message(message), "msp41")
    assert_schema_valid(result.document)
    body = read_envelope(result.document).first_body
    assert msp_binding.read(body, GetAccountByServiceLocationIDAndServiceType) == (
        GetAccountByServiceLocationIDAndServiceType(
            service_location_id="SL-9", service_type="Water"
        )
    )


def test_an_agreement_event_becomes_an_account_notification_carrying_the_rest(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CIM_CREATED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    (account,) = msp_binding.read(
        read_envelope(result.document).first_body, AccountChangedNotification
    ).accounts
    assert (account.object_id, account.customer_id, account.verb, account.is_pre_pay) == (
        "100-4522-01",
        "CU-77811",
        "New",
        True,
    )
    assert account.service_locations == [ServiceLocationReference(object_id="SL-0042-200")]
    carried = {item.ext_name: item.ext_value for item in account.extensions_list}
    assert carried == {
        "CIM.CustomerAgreement.mRID": "AG-2026-0311",
        "CIM.CustomerAgreement.loadMgmt": "water heater cycling",
        "CIM.CustomerAgreement.signDate": "2026-04-01",
        "CIM.CustomerAgreement.ServiceCategory": "electricity",
        "CIM.CustomerAgreement.validityInterval.start": "2026-04-01T00:00:00Z",
        "CIM.CustomerAgreement.validityInterval.end": "2027-03-31T23:59:59Z",
    }
    assert result.gaps.lost == []
    report = GapReport()
    (again,) = customer_agreement_config.to_cim([account], report).customer_agreements
    (sent,) = agreements_in(read_message(xmlsafe.parse(CIM_CREATED.read_bytes())))
    assert again == sent
    assert [entry.path for entry in report.lost] == ["/account[1]/@verb"]  # a message's Header/Verb


def test_the_relay_way_back_is_the_account_profile_which_keeps_the_agreement_id():
    result = translate_document(xmlsafe.parse(CIM_CREATED.read_bytes()), "msp41")
    again = translate_document(result.document, "cim")
    message = read_message(again.document)
    assert message.header is not None and message.header.noun == "CustomerAccountConfig"
    lost = {entry.value for entry in again.gaps.lost}
    assert "CIM.CustomerAgreement.loadMgmt=water heater cycling" in lost


def test_the_catalogue_routes_the_query_to_the_agreement():
    row = operation("MDM_Server", QUERY)
    assert (row.exchange, row.cim_verb, row.cim_noun) == (
        Exchange.REQUEST_REPLY,
        "get",
        "CustomerAgreementConfig",
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(agreement_accounts(), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(items: list[Account]):
    report = GapReport()
    document = customer_agreement_config.to_cim(items, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    assert customer_agreement_config.to_msp(CODEC_2013.read(element), GapReport()) == items


words = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZ0123456789", min_size=1, max_size=8)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
cim_agreements = st.builds(
    CustomerAgreement,
    mrid=st.none() | words,
    name=st.none() | words,
    description=st.none() | words,
    is_pre_pay=st.none() | st.booleans(),
    load_mgmt=st.none() | words,
    shut_off_date_time=st.none() | moments,
    sign_date=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    validity_interval=st.none()
    | st.builds(DateTimeInterval, start=moments, end=st.none() | moments),
    customer=st.none() | st.builds(Customer, mrid=words),
    customer_account=st.builds(CustomerAccount, mrid=words),
    service_category=st.none()
    | st.builds(ServiceCategory, kind=st.sampled_from(list(ServiceKind))),
    service_locations=st.lists(st.builds(ServiceLocation, mrid=words), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_agreements, min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(items: list[CustomerAgreement], edition: Edition):
    report = GapReport()
    msp = customer_agreement_config.to_msp(
        CustomerAgreementConfig(customer_agreements=items), report
    )
    assert report.lost == []
    body = msp_binding.write(AccountChangedNotification(accounts=msp), "AccountChangedNotification")
    again = msp_binding.read(body, AccountChangedNotification)
    back = customer_agreement_config.to_cim(again.accounts, GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(back))
    assert unordered_names(back) == unordered_names(
        CustomerAgreementConfig(customer_agreements=items)
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(cim_agreements, min_size=1, max_size=2))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, items):
    accounts = customer_agreement_config.to_msp(
        CustomerAgreementConfig(customer_agreements=items), GapReport()
    )
    body = msp_binding.write(
        AccountChangedNotification(accounts=accounts), "AccountChangedNotification"
    )
    assert schemas.validate(body) == []


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [(RESPONSE, "cim", "ResponseMessage"), (CIM_CREATED, "msp41", "Envelope")],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
    kinds = {entry["kind"] for entry in json.loads(result.stderr)}
    assert kinds and kinds <= {kind.value for kind in GapKind}
