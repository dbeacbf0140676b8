"""Hypothesis strategies for the customer profiles: MultiSpeak customers, accounts, ppmLocations.

Each strategy holds only what its profile maps both ways (values that travel as Names or
extensionsItems included), so a round trip must give it back equal. Amounts carry a currency
other than the message default, or none, as a MultiSpeak sender writes them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from annex_a_strategies import msp_addresses, phrases, street_lines, texts
from hypothesis import strategies as st

from mspcim.multispeak.v41.account import Account, ServiceLocationReference
from mspcim.multispeak.v41.address import (
    Address,
    AddressItem,
    ContactInfo,
    EMailAddress,
    EMailType,
    OtherContactItem,
    PhoneNumber,
    PhoneType,
    TelephoneNumber,
)
from mspcim.multispeak.v41.customer import Customer
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.multispeak.v41.ppm_location import PpmLocation

optional = st.none() | texts
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
amounts = st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2)
money = st.builds(Money, value=amounts, currency_code=st.sampled_from([None, "EUR", "CAD"]))
names = st.text(alphabet="ABCDEFGHJKLMNPRSTVWZabcdefghijkmnoprstuvwz", min_size=1, max_size=10)

phones = st.builds(
    PhoneNumber,
    phone=st.builds(
        TelephoneNumber,
        area_code=st.from_regex(r"[2-9]\d{2}", fullmatch=True),
        country_code=st.none() | st.just("1"),
        local_number=st.from_regex(r"[2-9]\d{2}-\d{4}", fullmatch=True),
        extension=st.none() | st.from_regex(r"\d{1,4}", fullmatch=True),
    ),
    phone_type=st.none() | st.sampled_from(list(PhoneType)),
    priority_order=st.none() | st.integers(1, 9),
)
emails = st.builds(
    EMailAddress,
    e_mail=st.builds(lambda user: f"{user}@example.org", names),
    e_mail_type=st.none() | st.sampled_from(list(EMailType)),
    priority_order=st.none() | st.integers(1, 9),
)


addresses = msp_addresses.filter(lambda address: address != Address())


@st.composite
def address_lists(draw: st.DrawFn) -> list[AddressItem]:
    """A street address (any type but a postal one), then perhaps a mailing one, in that order."""
    items = [
        AddressItem(
            address=draw(addresses),
            address_type=draw(st.sampled_from([None, "Service", "Home"])),
            priority_order=draw(st.none() | st.integers(1, 9)),
        )
        for _ in range(draw(st.integers(0, 1)))
    ]
    if draw(st.booleans()):
        items.append(AddressItem(address=draw(addresses), address_type="Mailing"))
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
)


@st.composite
def person_names(draw: st.DrawFn) -> tuple[str | None, str | None, str | None]:
    """(last, first, middle): plain ones, and ones that do not split back (two-word first names)."""
    last = draw(st.none() | names)
    first = draw(st.none() | names | st.builds(lambda a, b: f"{a} {b}", names, names))
    middle = draw(st.none() | names)
    return last, first, middle


@st.composite
def customers(draw: st.DrawFn) -> Customer:
    """A MultiSpeak customer holding only what CustomerConfig maps both ways."""
    last, first, middle = draw(person_names())
    return Customer(
        object_id=draw(texts),
        comments=draw(st.none() | phrases),
        object_name=draw(optional),
        utility=draw(optional),
        last_name=last,
        first_name=first,
        m_name=middle,
        prefix=draw(st.none() | st.sampled_from(["Mr", "Ms", "Dr"])),
        suffix=draw(st.none() | st.sampled_from(["Jr", "III"])),
        government_id=draw(optional),
        contact_info=draw(st.none() | contacts.filter(lambda c: c != ContactInfo())),
        d_b_a_name=draw(st.none() | phrases),
        special_needs=draw(st.none() | phrases),
        accounts=draw(
            st.lists(st.builds(Account, object_id=texts, object_name=optional), max_size=2)
        ),
    )


locations = st.lists(
    st.builds(ServiceLocationReference, object_id=texts, object_name=optional), max_size=2
)


@st.composite
def accounts(draw: st.DrawFn) -> Account:
    """A MultiSpeak account holding only what CustomerAccountConfig maps both ways."""
    return Account(
        object_id=draw(texts),
        comments=draw(st.none() | phrases),
        object_name=draw(optional),
        utility=draw(optional),
        customer_id=draw(optional),
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
    )


@st.composite
def agreement_accounts(draw: st.DrawFn) -> Account:
    """A MultiSpeak account holding only what CustomerAgreementConfig maps (the agreement's)."""
    return Account(
        object_id=draw(texts),
        customer_id=draw(optional),
        shut_off_date=draw(st.none() | moments),
        is_pre_pay=draw(st.none() | st.booleans()),
        service_locations=draw(locations),
    )


@st.composite
def ppm_locations(draw: st.DrawFn) -> PpmLocation:
    """A MultiSpeak ppmLocation holding only what AuxiliaryAgreementConfig maps both ways."""
    meter = draw(st.none() | st.builds(MeterID, value=texts, utility=optional))
    return PpmLocation(
        object_id=draw(texts),
        comments=draw(st.none() | phrases),
        object_name=draw(optional),
        utility=draw(optional),
        service_type=draw(st.none() | st.sampled_from(["Electric", "Gas", "Water", "Propane"])),
        tax_dist=draw(optional),
        fuel_cost_adj_code=draw(optional),
        fixed_charge_codes=draw(st.lists(texts, max_size=3)),
        service_location_id=draw(optional),
        priority_balance=draw(st.none() | money),
        shared_arrears=draw(st.none() | money),
        customer=draw(st.none() | st.builds(Customer, object_id=texts, object_name=optional)),
        total_balance=draw(st.none() | money),
        last_meter_read=draw(st.none() | st.integers(0, 999_999)),
        last_reading_date=draw(st.none() | moments),
        deposit_amount=draw(st.none() | money),
        deposit_paid=draw(st.none() | money),
        deposit_interest=draw(st.none() | st.decimals(places=3, min_value=0, max_value=100)),
        connect_date=draw(st.none() | moments),
        billing_cycle=draw(optional),
        meter_set_date=draw(st.none() | moments),
        meter_id=meter,
    )


__all__ = [
    "accounts",
    "agreement_accounts",
    "contacts",
    "customers",
    "money",
    "ppm_locations",
    "street_lines",
]
