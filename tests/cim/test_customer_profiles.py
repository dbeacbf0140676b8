"""The customer profiles as the project declares them: both editions written, read and valid.

CustomerConfig (8.3), CustomerAccountConfig (8.1), CustomerAgreementConfig (8.2) and
AuxiliaryAgreementConfig: each document is written against the XSD its codec declares, read
back equal, refused in the other edition's namespace; amounts are xs:decimal, never a float.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim import (
    auxiliary_agreement_config,
    customer_account_config,
    customer_agreement_config,
    customer_config,
)
from mspcim.cim.auxiliary_agreement_config import (
    AuxiliaryAccount,
    AuxiliaryAgreement,
    AuxiliaryAgreementConfig,
    Due,
)
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.common_classes import (
    ElectronicAddress,
    StreetAddress,
    StreetDetail,
    TelephoneNumber,
    TownDetail,
)
from mspcim.cim.customer_account_config import CustomerAccount, CustomerAccountConfig
from mspcim.cim.customer_account_config import CustomerAgreement as AccountAgreement
from mspcim.cim.customer_agreement_config import CustomerAgreement, CustomerAgreementConfig
from mspcim.cim.customer_config import Customer, CustomerConfig, CustomerKind
from mspcim.cim.customer_meter_data_set import CustomerAccount as AccountReference
from mspcim.cim.end_device_assets import Customer as CustomerReference
from mspcim.cim.end_device_assets import ServiceCategory, ServiceKind, ServiceLocation
from mspcim.cim.identified_object import DateTimeInterval, Name, Status
from mspcim.cim.transaction_record import Money
from mspcim.exceptions import MappingError, MessageFormatError

XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
WHEN = datetime(2026, 4, 5, 10, 0, tzinfo=UTC)
MODULES = [
    customer_config,
    customer_account_config,
    customer_agreement_config,
    auxiliary_agreement_config,
]


def full_customer() -> Customer:
    return Customer(
        mrid="CU-77811",
        description="farm customer",
        name="Okafor, Chidi Emeka",
        electronic_address=ElectronicAddress(email1="c@example.net", web="https://example.net"),
        kind=CustomerKind.RESIDENTIAL_FARM_SERVICE,
        phone1=TelephoneNumber(area_code="20", country_code="44", local_number="7946 0958"),
        postal_address=StreetAddress(po_box="77", town_detail=TownDetail(name="Lodi")),
        puc_number="PUC-55-1021",
        special_need="oxygen",
        status=Status(value="active", date_time=WHEN),
        street_address=StreetAddress(
            postal_code="53711",
            street_detail=StreetDetail(number="4410", name="Old Sauk", type="Road"),
            town_detail=TownDetail(name="Madison", state_or_province="WI"),
        ),
        vip=True,
        customer_names=[Name.typed("Okafor Farms LLC", "dBAName", "MultiSpeak")],
        customer_accounts=[AccountReference(mrid="100-4522-01")],
    )


def full_account() -> CustomerAccount:
    return CustomerAccount(
        mrid="100-4522-01",
        name="Okafor farm",
        billing_cycle="12",
        budget_bill="level",
        last_bill_amount=Money(value=Decimal("0.30"), unit="EUR"),
        customer_account_names=[Name.typed("0.10 EUR", "lastPaymentAmount", "MultiSpeak")],
        customer=CustomerReference(mrid="CU-77811"),
        customer_agreements=AccountAgreement(
            mrid="AG-1", is_pre_pay=True, service_locations=[ServiceLocation(mrid="SL-1")]
        ),
    )


def full_agreement() -> CustomerAgreement:
    return CustomerAgreement(
        mrid="AG-1",
        is_pre_pay=True,
        load_mgmt="water heater cycling",
        shut_off_date_time=WHEN,
        sign_date=date(2026, 4, 1),
        validity_interval=DateTimeInterval(start=WHEN),
        customer=CustomerReference(mrid="CU-77811"),
        customer_account=AccountReference(mrid="100-4522-01"),
        service_category=ServiceCategory(kind=ServiceKind.ELECTRICITY),
        service_locations=[ServiceLocation(mrid="SL-1"), ServiceLocation(mrid="SL-2")],
    )


def full_auxiliary() -> AuxiliaryAgreement:
    return AuxiliaryAgreement(
        mrid="PPM-1",
        arrears_interest=Decimal("1.5"),
        aux_cycle="monthly",
        fixed_amount=Money(value=Decimal("10.00"), unit="USD"),
        vend_portion=Decimal("25"),
        validity_interval=DateTimeInterval(start=WHEN),
        auxiliary_agreement_names=[Name.typed("DANE-04", "taxDist", "MultiSpeak")],
        auxiliary_accounts=AuxiliaryAccount(
            balance=Money(value=Decimal("120.10"), unit="USD"),
            due=Due(arrears=Money(value=Decimal("0.20"), unit="USD")),
        ),
        customer_agreement=full_agreement(),
    )


DOCUMENTS: list[tuple[Any, Any]] = [
    (customer_config, CustomerConfig(customers=[full_customer()])),
    (customer_account_config, CustomerAccountConfig(customer_accounts=[full_account()])),
    (customer_agreement_config, CustomerAgreementConfig(customer_agreements=[full_agreement()])),
    (auxiliary_agreement_config, AuxiliaryAgreementConfig(auxiliary_agreements=[full_auxiliary()])),
]


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize(
    ("module", "document"), DOCUMENTS, ids=lambda item: getattr(item, "NOUN", "")
)
def test_a_full_document_is_written_valid_and_read_back(module, document, edition):
    codec = module.CODEC_2013 if edition is Edition.CIM2013 else module.CODEC_2009
    element = codec.write(document)
    etree.XMLSchema(codec.declared_schema()).assertValid(element)
    assert codec.read(element) == document
    namespace = module.NAMESPACE_2013 if edition is Edition.CIM2013 else module.NAMESPACE_2009
    assert element.tag == f"{{{namespace}}}{module.NOUN}"


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.NOUN)
def test_the_registry_knows_both_editions_by_one_noun(module):
    assert payload_codec(module.NOUN, Edition.CIM2013) is module.CODEC_2013
    assert payload_codec(module.NOUN, Edition.CIM2009) is module.CODEC_2009
    assert payload_for_tag(f"{{{module.NAMESPACE_2009}}}{module.NOUN}") is module.CODEC_2009
    assert f"http://iec.ch/TC57/2011/{module.NOUN}#" == module.NAMESPACE_2013
    assert f"http://iec.ch/TC57/2009/{module.NOUN}#" == module.NAMESPACE_2009
    assert module.CODEC_2013.official_schema is None
    assert "declared by mspcim" in etree.tostring(module.CODEC_2009.declared_schema()).decode()


def test_the_declared_schemas_state_types_multiplicities_and_enumerations():
    schema = customer_config.CODEC_2013.declared_schema()
    customer = schema.xpath("xs:complexType[@name='Customer']", namespaces=XS)[0]
    elements = {e.get("name"): e for e in customer.xpath("xs:sequence/xs:element", namespaces=XS)}
    assert elements["vip"].get("type") == "xs:boolean"
    assert elements["phone1"].get("type") == "m:TelephoneNumber"
    assert elements["Names"].get("maxOccurs") == "unbounded"
    assert elements["CustomerAccounts"].get("maxOccurs") == "unbounded"
    kinds = elements["kind"].xpath(".//xs:enumeration/@value", namespaces=XS)
    assert "residentialFarmService" in kinds and "windMachine" in kinds
    account = customer_account_config.CODEC_2009.declared_schema()
    money = account.xpath("xs:complexType[@name='Money']", namespaces=XS)[0]
    assert money.xpath("xs:simpleContent/xs:extension/@base", namespaces=XS) == ["xs:decimal"]
    auxiliary = auxiliary_agreement_config.CODEC_2013.declared_schema()
    agreement = auxiliary.xpath("xs:complexType[@name='AuxiliaryAgreement']", namespaces=XS)[0]
    types = {e.get("name"): e.get("type") for e in agreement.xpath(".//xs:element", namespaces=XS)}
    assert types["vendPortion"] == types["arrearsInterest"] == "xs:decimal"
    assert "xs:float" not in etree.tostring(auxiliary).decode()
    assert "xs:double" not in etree.tostring(auxiliary).decode()


def test_amounts_keep_every_digit():
    document = CustomerAccountConfig(
        customer_accounts=[
            CustomerAccount(
                last_bill_amount=Money(value=Decimal("0.10") + Decimal("0.20"), unit="USD")
            )
        ]
    )
    element = customer_account_config.CODEC_2013.write(document)
    assert element[0][0].text == "0.30"
    read = customer_account_config.CODEC_2013.read(element)
    assert read.customer_accounts[0].last_bill_amount == Money(value=Decimal("0.30"), unit="USD")


def test_a_document_of_another_edition_is_refused_with_its_place():
    element = customer_config.CODEC_2013.write(CustomerConfig(customers=[full_customer()]))
    with pytest.raises(MessageFormatError) as caught:
        customer_config.CODEC_2009.read(element)
    assert caught.value.xpath == "/CustomerConfig"


def test_bad_values_name_their_path():
    element = customer_config.CODEC_2013.write(CustomerConfig(customers=[full_customer()]))
    namespace = customer_config.NAMESPACE_2013
    element.find(f"{{{namespace}}}Customer/{{{namespace}}}kind").text = "alien"
    with pytest.raises(MappingError) as caught:
        customer_config.CODEC_2013.read(element)
    assert caught.value.xpath == "/CustomerConfig/Customer[1]/kind[1]"


texts = st.text(alphabet="ABCDEFGHJK0123456789-", min_size=1, max_size=12)
amounts = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4)
customers = st.builds(
    Customer,
    mrid=st.none() | texts,
    name=st.none() | texts,
    kind=st.none() | st.sampled_from(list(CustomerKind)),
    vip=st.none() | st.booleans(),
    phone1=st.none() | st.builds(TelephoneNumber, area_code=texts, local_number=texts),
    customer_names=st.lists(st.builds(Name.typed, texts, texts), max_size=2),
    customer_accounts=st.lists(st.builds(AccountReference, mrid=texts), max_size=2),
)
accounts = st.builds(
    CustomerAccount,
    mrid=st.none() | texts,
    last_bill_amount=st.none()
    | st.builds(Money, value=amounts, unit=st.sampled_from([None, "USD"])),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(customers, max_size=3), st.lists(accounts, max_size=3), st.sampled_from(list(Edition))
)
def test_round_trip_property(items, account_items, edition):
    for module, document in (
        (customer_config, CustomerConfig(customers=items)),
        (customer_account_config, CustomerAccountConfig(customer_accounts=account_items)),
    ):
        codec = module.CODEC_2013 if edition is Edition.CIM2013 else module.CODEC_2009
        element = codec.write(document)
        assert etree.XMLSchema(codec.declared_schema()).validate(element)
        assert codec.read(element) == document
