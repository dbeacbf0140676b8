"""Hypothesis strategies for the clause-9 customer profiles: MultiSpeak 5.0 objects.

Each strategy holds only what its profile maps both ways (values that travel as Names or
extensionsItems included), so a round trip must give it back equal. Kinds ``Unknown`` are left
out (they are no kind), as are ``@otherKind`` of phone and e-mail kinds (no place in the CIM).
"""

from __future__ import annotations

import dataclasses

from annex_a_strategies import cim_street_addresses, msp_addresses, phrases, texts
from customer_strategies import moments, money, names, person_names
from hypothesis import strategies as st

from mspcim.cim.common_classes import ElectronicAddress
from mspcim.cim.common_classes import TelephoneNumber as CimTelephoneNumber
from mspcim.cim.customer_config import Customer as CimCustomer
from mspcim.cim.customer_config import CustomerKind
from mspcim.cim.customer_meter_data_set import CustomerAccount as CimCustomerAccount
from mspcim.cim.identified_object import Name, Status
from mspcim.multispeak.v41.address import Address as Address41
from mspcim.multispeak.v50.account import (
    Account,
    AccountStatus,
    AccountStatusKind,
    ServiceAgreement,
    ServiceLocationReference,
    ServicePointID,
)
from mspcim.multispeak.v50.contact_info import (
    Address,
    AddressItem,
    AddressKind,
    AddressType,
    ContactInfo,
    DetailedAddressFields,
    EMailAddress,
    EMailType,
    EMailTypeKind,
    OtherContactItem,
    PhoneNumber,
    PhoneType,
    PhoneTypeKind,
    TelephoneNumber,
)
from mspcim.multispeak.v50.customer import (
    AccountReference,
    Customer,
    ServicePriority,
    ServicePriorityKind,
    ServicePriorityType,
)
from mspcim.multispeak.v50.identity import ObjectID, SingleIdentifier

optional = st.none() | texts
guids = st.uuids().map(str)
identifiers = st.builds(
    SingleIdentifier,
    value=texts,
    identifier_name=st.sampled_from(["customerID", "accountNumber", "agreementID"]),
    identifier_label=st.none() | st.sampled_from(["Customer number", "Account"]),
)
object_ids = st.builds(ObjectID, object_guid=guids, primary_identifier=st.none() | identifiers)

phones = st.builds(
    PhoneNumber,
    phone=st.builds(
        TelephoneNumber,
        area_code=st.from_regex(r"[2-9]\d{2}", fullmatch=True),
        country_code=st.none() | st.just("1"),
        local_number=st.from_regex(r"[2-9]\d{2}-\d{4}", fullmatch=True),
        extension=st.none() | st.from_regex(r"\d{1,4}", fullmatch=True),
    ),
    phone_type=st.none()
    | st.builds(
        PhoneType,
        value=st.sampled_from([kind for kind in PhoneTypeKind if kind != PhoneTypeKind.UNKNOWN]),
    ),
    priority_order=st.none() | st.integers(1, 9),
)
emails = st.builds(
    EMailAddress,
    e_mail=st.builds(lambda user: f"{user}@example.org", names),
    e_mail_type=st.none()
    | st.builds(
        EMailType,
        value=st.sampled_from([kind for kind in EMailTypeKind if kind != EMailTypeKind.UNKNOWN]),
    ),
    priority_order=st.none() | st.integers(1, 9),
)


def _v5_address(address: Address41) -> Address:
    detail = address.detailed_address_fields
    values = {spec.name: getattr(address, spec.name) for spec in dataclasses.fields(Address41)}
    if detail is not None:
        fields = dataclasses.fields(DetailedAddressFields)
        values["detailed_address_fields"] = DetailedAddressFields(
            **{spec.name: getattr(detail, spec.name) for spec in fields}
        )
    return Address(**values)


addresses = msp_addresses.filter(lambda address: address != Address41()).map(_v5_address)
street_kinds = st.none() | st.sampled_from(
    [
        AddressType(value=AddressKind.SERVICE),
        AddressType(value=AddressKind.HEADQUARTERS),
        AddressType(value=AddressKind.OTHER, other_kind="Summer home"),
    ]
)


@st.composite
def address_lists(draw: st.DrawFn) -> list[AddressItem]:
    """A street address (of a non-postal kind), then perhaps a mailing one, in that order."""
    items = [
        AddressItem(
            address=draw(addresses),
            address_type=draw(street_kinds),
            priority_order=draw(st.none() | st.integers(1, 9)),
        )
        for _ in range(draw(st.integers(0, 1)))
    ]
    if draw(st.booleans()):
        mailing = AddressType(value=AddressKind.MAILING)
        items.append(AddressItem(address=draw(addresses), address_type=mailing))
    return items


contacts = st.builds(
    ContactInfo,
    phone_list=st.lists(phones, max_size=2),
    e_mail_list=st.lists(emails, max_size=2),
    address_list=address_lists(),
    other_contact_information=st.lists(
        st.builds(
            OtherContactItem,
            details=texts,
            info_type=st.sampled_from(["ElectronicAddress.web", "ElectronicAddress.radio"]),
        ),
        max_size=1,
    ),
).filter(lambda contact: contact != ContactInfo())

needs = st.builds(
    ServicePriority,
    service_priority_type=st.builds(
        ServicePriorityType,
        value=st.sampled_from(
            [
                ServicePriorityKind.MEDICAL_NECESSITY,
                ServicePriorityKind.EMERGENCY_SERVICES,
                ServicePriorityKind.OUTAGE_PRIORITY,
            ]
        ),
    ),
    service_priority_subtype=st.none() | texts,
    description=phrases,
)
vip = ServicePriority(
    service_priority_type=ServicePriorityType(value=ServicePriorityKind.PRIORITY_CUSTOMER)
)


@st.composite
def customers(draw: st.DrawFn) -> Customer:
    """A MultiSpeak 5.0 customer holding only what CustomerConfig maps both ways."""
    last, first, middle = draw(person_names())
    priorities = [draw(needs)] if draw(st.booleans()) else []
    if draw(st.booleans()):
        priorities.append(vip)
    return Customer(
        object_guid=draw(guids),
        primary_identifier=draw(identifiers),
        secondary_identifier=draw(st.none() | identifiers),
        comments=draw(st.none() | phrases),
        utility=draw(optional),
        last_name=last,
        first_name=first,
        m_name=middle,
        prefix=draw(st.none() | st.sampled_from(["Mr", "Ms", "Dr"])),
        suffix=draw(st.none() | st.sampled_from(["Jr", "III"])),
        government_id=draw(optional),
        contact_info=draw(st.none() | contacts),
        d_b_a_name=draw(st.none() | phrases),
        service_priorities=priorities,
        accounts=draw(
            st.lists(
                st.builds(AccountReference, object_guid=guids, primary_identifier=identifiers),
                max_size=2,
            )
        ),
    )


locations = st.lists(
    st.builds(ServiceLocationReference, object_guid=guids, primary_identifier=identifiers),
    max_size=2,
)
statuses = st.builds(
    AccountStatus,
    value=st.sampled_from(list(AccountStatusKind)),
    other_kind=st.none() | texts,
)


@st.composite
def accounts(draw: st.DrawFn) -> Account:
    """A MultiSpeak 5.0 account holding only what CustomerAccountConfig maps both ways."""
    agreements = (
        [ServiceAgreement(object_guid=draw(guids), primary_identifier=draw(identifiers))]
        if draw(st.booleans())
        else []
    )
    return Account(
        object_guid=draw(guids),
        primary_identifier=draw(identifiers),
        comments=draw(st.none() | phrases),
        utility=draw(optional),
        customer_id=draw(st.none() | object_ids),
        account_status=draw(st.none() | statuses),
        billing_cycle=draw(optional),
        budget_bill=draw(optional),
        payment_due_date=draw(st.none() | moments),
        last_payment_date=draw(st.none() | moments),
        last_payment_amount=draw(st.none() | money),
        bill_date=draw(st.none() | moments),
        shut_off_date=draw(st.none() | moments),
        is_pre_pay=draw(st.none() | st.booleans()),
        billing_terms=draw(optional),
        calculated_current_bill_amount=draw(st.none() | money),
        calculated_current_bill_date_time=draw(st.none() | moments),
        last_bill_amount=draw(st.none() | money),
        calculated_used_yesterday=draw(st.none() | money),
        service_locations=draw(locations),
        service_agreements=agreements,
    )


service_agreements = st.builds(
    ServiceAgreement,
    object_guid=guids,
    primary_identifier=identifiers,
    secondary_identifier=st.none() | identifiers,
    comments=st.none() | phrases,
    utility=optional,
    description=st.none() | phrases,
    customer_id=st.none() | object_ids,
    service_location_id=st.none() | object_ids,
    service_point_id=st.none()
    | st.builds(ServicePointID, value=guids, service_type=st.none() | st.just("Electric")),
    revenue_class=optional,
    tariff_id=st.none() | object_ids,
    budget_billing_code=optional,
)


@st.composite
def agreement_accounts(draw: st.DrawFn) -> Account:
    """A MultiSpeak 5.0 account listing agreements (its identity only: the agreements' data)."""
    return Account(
        object_guid=draw(guids),
        primary_identifier=draw(identifiers),
        service_agreements=draw(st.lists(service_agreements, min_size=1, max_size=2)),
    )


# --- the CIM side: what MultiSpeak 5.0 can hold all of

cim_words = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZ", min_size=1, max_size=8)
cim_phones = st.builds(
    CimTelephoneNumber,
    area_code=st.from_regex(r"[2-9]\d{2}", fullmatch=True),
    local_number=st.from_regex(r"[2-9]\d{2}-\d{4}", fullmatch=True),
)
cim_customers = st.builds(
    CimCustomer,
    mrid=cim_words | guids,
    description=st.none() | cim_words,
    name=st.none() | st.builds(lambda last, first: f"{last}, {first}", cim_words, cim_words),
    electronic_address=st.none()
    | st.builds(
        ElectronicAddress,
        email1=cim_words,
        email2=st.none() | cim_words,
        web=st.none() | cim_words,
    ),
    kind=st.none() | st.sampled_from(list(CustomerKind)),
    phone1=st.none() | cim_phones,
    phone2=st.none() | cim_phones,
    postal_address=st.none() | cim_street_addresses,
    puc_number=st.none() | cim_words,
    special_need=st.none() | cim_words,
    status=st.none() | st.builds(Status, value=cim_words, reason=st.none() | cim_words),
    street_address=st.none() | cim_street_addresses,
    vip=st.none() | st.just(True),
    customer_names=st.lists(
        st.builds(
            Name.typed,
            cim_words,
            st.sampled_from(["dBAName", "governmentID", "prefix", "utility"]),
            st.just("MultiSpeak"),
        ),
        max_size=3,
        unique_by=lambda name: name.type_name,
    ),
    customer_accounts=st.lists(st.builds(CimCustomerAccount, mrid=cim_words), max_size=2),
).filter(lambda customer: customer.phone1 is not None or customer.phone2 is None)
"""CIM customers MultiSpeak 5.0 can hold all of (a phone2 needs a phone1: lists have no slots;
a false vip is no servicePriority)."""
