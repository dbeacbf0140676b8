"""Profile AuxiliaryAgreementConfig: MultiSpeak prepaid enrolment (ppmLocation) ⇄ CIM, both ways.

Values asserted (balances and arrears exact with their currency, dates, customer, location and
service, the meter, charge codes); MultiSpeak output validated against the official 4.1.6
schemas, CIM output against Message.xsd and the declared profile XSD.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from customer_strategies import ppm_locations
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.auxiliary_agreement_config import (
    CODEC_2009,
    CODEC_2013,
    AuxiliaryAccount,
    AuxiliaryAgreement,
    AuxiliaryAgreementConfig,
    Due,
)
from mspcim.cim.catalogue import Edition
from mspcim.cim.customer_agreement_config import CustomerAgreement
from mspcim.cim.end_device_assets import Customer, ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import DateTimeInterval
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.cim.transaction_record import Money
from mspcim.cli import app
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY
from mspcim.harmonize.profiles import auxiliary_agreement_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import Exchange, operation
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.customer import Customer as MspCustomer
from mspcim.multispeak.v41.meter import Money as MspMoney
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.multispeak.v41.ppm_location import (
    EnrollPPMCustomer,
    GetPPMCustomer,
    GetPPMCustomerResponse,
    PpmLocation,
    UnenrollPPMCustomer,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "auxiliary_agreement_config"
ENROLL = FIXTURES / "enroll_ppm_customer.soap11.xml"
CIM_CREATED = FIXTURES / "auxiliary_agreement_config_created.xml"
LOCATION = "/EnrollPPMCustomer/newPPMCustomers/ppmLocation[1]"


def soap(body: etree._Element, **header: object) -> etree._Element:
    msp_header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def agreements_in(message, codec=CODEC_2013) -> list[AuxiliaryAgreement]:
    document: AuxiliaryAgreementConfig = codec.read(message.payload[0])
    return document.auxiliary_agreements


def names_of(agreement: AuxiliaryAgreement) -> list[tuple[str | None, str]]:
    return [(name.type_name, name.name) for name in agreement.auxiliary_agreement_names]


def test_enrol_ppm_customer_is_a_create_request(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(ENROLL.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.REQUEST and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "AuxiliaryAgreementConfig")
    assert message.header.property(OPERATION_PROPERTY) is None
    (agreement,) = agreements_in(message)
    assert (agreement.mrid, agreement.name) == ("PPM-2026-0051", "Prepay Lindqvist")
    assert agreement.validity_interval == DateTimeInterval(start=datetime(2026, 4, 3, tzinfo=UTC))
    assert agreement.auxiliary_accounts == AuxiliaryAccount(
        balance=Money(value=Decimal("0.20"), unit="USD"),
        due=Due(arrears=Money(value=Decimal("0.10"), unit="USD")),
    )
    assert agreement.customer_agreement == CustomerAgreement(
        customer=Customer(mrid="CU-77810"),
        service_category=ServiceCategory(kind=ServiceKind.ELECTRICITY),
        service_locations=[ServiceLocation(mrid="SL-0042-117")],
    )
    names = names_of(agreement)
    assert ("meterID", "40017721") in names and ("utility", "NWEC") in names
    assert [value for kind, value in names if kind == "fixedChargeCode"] == ["FC-BASE", "FC-LIGHT"]
    assert ("priorityBalance", "25.00") in names
    assert ("depositAmount", "150.00 USD") in names
    assert ("depositInterest", "1.25") in names
    lost = {entry.path: entry for entry in result.gaps.lost}
    assert lost[f"{LOCATION}/rate"].reason == "no mapping reads this element"
    assert "CustomerConfig" in lost[f"{LOCATION}/customer/lastName"].reason


def test_the_2009_edition(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(ENROLL.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    (agreement,) = agreements_in(read_message(result.document), CODEC_2009)
    assert agreement.auxiliary_accounts is not None
    assert agreement.auxiliary_accounts.balance == Money(value=Decimal("0.20"), unit="USD")


def test_the_enrolment_comes_back_with_what_was_mapped(assert_schema_valid):
    source = xmlsafe.parse(ENROLL.read_bytes())
    back = translate_document(translate_document(source, "cim").document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == "EnrollPPMCustomer"
    (location,) = msp_binding.read(body, EnrollPPMCustomer).locations
    (sent,) = msp_binding.read(read_envelope(source).first_body, EnrollPPMCustomer).locations
    sent.customer = MspCustomer(object_id="CU-77810")
    assert location == sent
    assert (
        str(location.shared_arrears.value) == "0.10"
        and location.shared_arrears.currency_code is None
    )


def test_a_created_auxiliary_agreement_becomes_an_enrolment(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CIM_CREATED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == "EnrollPPMCustomer"
    (location,) = msp_binding.read(body, EnrollPPMCustomer).locations
    assert (location.object_id, location.service_type, location.service_location_id) == (
        "PPM-2026-0052",
        "Electric",
        "SL-0042-200",
    )
    assert location.customer == MspCustomer(object_id="CU-77811")
    assert location.total_balance == MspMoney(value=Decimal("120.10"), currency_code="USD")
    assert location.shared_arrears == MspMoney(value=Decimal("0.20"), currency_code="USD")
    assert location.connect_date == datetime(2026, 4, 6, tzinfo=UTC)
    carried = {item.ext_name: item.ext_value for item in location.extensions_list}
    assert carried["CIM.AuxiliaryAgreement.vendPortion"] == "25"
    assert carried["CIM.AuxiliaryAgreement.minAmount"] == "0.50 USD"
    assert carried["CIM.AuxiliaryAccount.mRID"] == "AUX-ACC-88"
    (lost,) = result.gaps.lost
    assert (
        lost.path
        == "/AuxiliaryAgreementConfig/AuxiliaryAgreement[1]/CustomerAgreement/CustomerAccount"
    )
    again = translate_document(result.document, "cim")
    (back,) = agreements_in(read_message(again.document))
    (sent,) = agreements_in(read_message(xmlsafe.parse(CIM_CREATED.read_bytes())))
    assert back.customer_agreement is not None and sent.customer_agreement is not None
    sent.customer_agreement.customer_account = None
    assert back == sent


def test_unenrol_is_a_delete_and_back(assert_schema_valid, declared: SchemaSet):
    call = UnenrollPPMCustomer(
        locations=[PpmLocation(object_id="PPM-7", service_location_id="SL-1")]
    )
    result = translate_document(soap(msp_binding.write(call, "UnenrollPPMCustomer")), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.DELETE
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body = read_envelope(back.document).first_body
    assert msp_binding.read(body, UnenrollPPMCustomer) == call


def test_get_ppm_customer_asks_by_account_number_and_its_response_answers(declared: SchemaSet):
    query = GetPPMCustomer(account_number="100-4521-07")
    result = translate_document(soap(msp_binding.write(query, "GetPPMCustomer")), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.request is not None and message.header is not None
    assert message.header.verb is Verb.GET
    assert [(i.value, i.id_type, i.object_type) for i in message.request.ids] == [
        ("100-4521-07", "accountNumber", "CustomerAccount")
    ]
    back = translate_document(result.document, "msp41")
    assert msp_binding.read(read_envelope(back.document).first_body, GetPPMCustomer) == query
    response = GetPPMCustomerResponse(
        location=PpmLocation(
            object_id="PPM-1", total_balance=MspMoney(value=Decimal("9.99"), currency_code="CAD")
        )
    )
    answered = translate_document(
        soap(msp_binding.write(response, "GetPPMCustomerResponse")), "cim"
    )
    assert declared.validate(answered.document) == []
    (agreement,) = agreements_in(read_message(answered.document))
    assert agreement.auxiliary_accounts == AuxiliaryAccount(
        balance=Money(value=Decimal("9.99"), unit="CAD")
    )
    again = translate_document(answered.document, "msp41")
    assert declared.validate(again.document) == []
    assert (
        msp_binding.read(read_envelope(again.document).first_body, GetPPMCustomerResponse)
        == response
    )


def test_errors_of_an_enrolment_become_a_failed_reply_and_back(assert_schema_valid):
    errors = [ErrorObject(object_id="PPM-7", error_string="meter is not prepay capable")]
    body = build_array_of_error_object_response("EnrollPPMCustomer", errors)
    result = translate_document(soap(body), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.reply is not None and message.reply.result is ReplyResult.FAILED
    assert message.header is not None and message.header.property(OPERATION_PROPERTY) is None
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    answer = read_envelope(back.document).first_body
    assert ns.local_name(answer.tag) == "EnrollPPMCustomerResponse"
    assert "meter is not prepay capable" in etree.tostring(answer).decode()
    unenrol = build_array_of_error_object_response("UnenrollPPMCustomer", errors)
    message = read_message(translate_document(soap(unenrol), "cim").document)
    assert (
        message.header is not None
        and message.header.property(OPERATION_PROPERTY) == "UnenrollPPMCustomer"
    )
    ok = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "AuxiliaryAgreementConfig"),
        reply=Reply(ReplyResult.OK),
    )
    acknowledged = read_envelope(translate_document(build_message(ok), "msp41").document).first_body
    assert ns.local_name(acknowledged.tag) == "EnrollPPMCustomerResponse"


def test_operations_are_in_the_catalogue():
    assert operation("MDM_Server", "EnrollPPMCustomer").exchange is Exchange.REQUEST_REPLY
    assert operation("MDM_Server", "EnrollPPMCustomer").cim_verb == "create"
    assert operation("MDM_Server", "UnenrollPPMCustomer").cim_verb == "delete"
    assert operation("CB_Server", "GetPPMCustomer").cim_noun == "AuxiliaryAgreementConfig"


@settings(max_examples=60, deadline=None)
@given(st.lists(ppm_locations(), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(items: list[PpmLocation]):
    report = GapReport()
    document = auxiliary_agreement_config.to_cim(items, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    assert auxiliary_agreement_config.to_msp(CODEC_2013.read(element), GapReport()) == items


words = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZ0123456789", min_size=1, max_size=8)
money = st.builds(
    Money,
    value=st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4),
    unit=st.sampled_from(["USD", "EUR"]),
)
percent = st.decimals(min_value=0, max_value=100, places=2)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
cim_agreements = st.builds(
    AuxiliaryAgreement,
    mrid=words,
    description=st.none() | words,
    name=st.none() | words,
    arrears_interest=st.none() | percent,
    aux_cycle=st.none() | words,
    aux_priority_code=st.none() | words,
    fixed_amount=st.none() | money,
    min_amount=st.none() | money,
    pay_cycle=st.none() | words,
    sub_type=st.none() | words,
    validity_interval=st.none()
    | st.builds(DateTimeInterval, start=moments, end=st.none() | moments),
    vend_portion=st.none() | percent,
    vend_portion_arrear=st.none() | percent,
    auxiliary_accounts=st.none()
    | st.builds(
        AuxiliaryAccount,
        mrid=st.none() | words,
        balance=money,
        due=st.none() | st.builds(Due, arrears=money, interest=st.none() | money),
        principle_amount=st.none() | money,
    ),
    customer_agreement=st.none()
    | st.builds(
        CustomerAgreement,
        mrid=st.none() | words,
        is_pre_pay=st.none() | st.booleans(),
        customer=st.builds(Customer, mrid=words),
        service_category=st.none()
        | st.builds(
            ServiceCategory, kind=st.sampled_from([ServiceKind.ELECTRICITY, ServiceKind.GAS])
        ),
        service_locations=st.lists(st.builds(ServiceLocation, mrid=words), max_size=1),
    ),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_agreements, min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(items: list[AuxiliaryAgreement], edition: Edition):
    report = GapReport()
    msp = auxiliary_agreement_config.to_msp(
        AuxiliaryAgreementConfig(auxiliary_agreements=items), report
    )
    assert report.lost == []
    body = msp_binding.write(EnrollPPMCustomer(locations=msp), "EnrollPPMCustomer")
    again = msp_binding.read(body, EnrollPPMCustomer)
    back = auxiliary_agreement_config.to_cim(again.locations, GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(back))
    assert unordered_names(back) == unordered_names(
        AuxiliaryAgreementConfig(auxiliary_agreements=items)
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(ppm_locations(), min_size=1, max_size=2))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, items: list[PpmLocation]):
    back = auxiliary_agreement_config.to_msp(auxiliary_agreement_config.to_cim(items), GapReport())
    body = msp_binding.write(EnrollPPMCustomer(locations=back), "EnrollPPMCustomer")
    assert schemas.validate(body) == []


def test_the_meter_comes_back_with_its_utility():
    location = PpmLocation(
        object_id="P-1", meter_id=MeterID(value="M-9", utility="NWEC", meter_no="9")
    )
    (back,) = auxiliary_agreement_config.to_msp(
        auxiliary_agreement_config.to_cim([location]), GapReport()
    )
    assert back.meter_id == location.meter_id


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [(ENROLL, "cim", "RequestMessage"), (CIM_CREATED, "msp41", "Envelope")],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
    assert '"kind": "carried"' in result.stderr
