"""MultiSpeak 4.1 ``customer`` (an ``mspPerson``) and the operations that carry customers.

``customer`` as the 4.1.6 WSDLs declare it: the person's names, government id and contact
information (``mspPerson``), then the doing-business-as name, special needs and accounts.
Service, work and maintenance orders and alternate contacts are not modelled:
``msp_binding.unread`` names them so a translation reports them.

Operations: ``CustomerChangedNotification`` (CD, CH, DR, EA, MDM, MR, NOT, OA servers) and the
CB/MDM queries ``GetCustomerByCustomerID``, ``GetAllCustomers``, ``GetCustomerByName`` and
``GetCustomerByMeterID`` with their responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.account import Account
from mspcim.multispeak.v41.address import ContactInfo
from mspcim.multispeak.v41.msp_binding import MeterID, MspObject, xml_list

__all__ = [
    "Customer",
    "CustomerChangedNotification",
    "GetAllCustomers",
    "GetAllCustomersResponse",
    "GetCustomerByCustomerID",
    "GetCustomerByCustomerIDResponse",
    "GetCustomerByMeterID",
    "GetCustomerByMeterIDResponse",
    "GetCustomerByName",
    "GetCustomerByNameResponse",
    "MspPerson",
]


@dataclass(slots=True, kw_only=True)
class MspPerson(MspObject):
    """``mspPerson``: a person's names, government id and contact information."""

    last_name: str | None = field(default=None, metadata=xml("lastName"))
    first_name: str | None = field(default=None, metadata=xml("firstName"))
    m_name: str | None = field(default=None, metadata=xml("mName"))
    prefix: str | None = field(default=None, metadata=xml("prefix"))
    suffix: str | None = field(default=None, metadata=xml("suffix"))
    government_id: str | None = field(default=None, metadata=xml("governmentID"))
    contact_info: ContactInfo | None = field(default=None, metadata=xml("contactInfo"))


@dataclass(slots=True, kw_only=True)
class Customer(MspPerson):
    """``customer``: a person or business the utility serves, with its accounts."""

    d_b_a_name: str | None = field(default=None, metadata=xml("dBAName"))
    special_needs: str | None = field(default=None, metadata=xml("specialNeeds"))
    accounts: list[Account] = field(default_factory=list, metadata=xml_list("accounts", "account"))


@dataclass(slots=True, kw_only=True)
class CustomerChangedNotification:
    """``CustomerChangedNotification``: customers whose data changed (``@verb`` says how)."""

    customers: list[Customer] = field(
        default_factory=list, metadata=xml_list("changedCustomers", "customer")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomerByCustomerID:
    """CB/MDM_Server ``GetCustomerByCustomerID``: one customer by id."""

    customer_id: str | None = field(default=None, metadata=xml("customerId"))


@dataclass(slots=True, kw_only=True)
class GetCustomerByCustomerIDResponse:
    """``GetCustomerByCustomerIDResponse``: the customer, if known."""

    customer: Customer | None = field(default=None, metadata=xml("GetCustomerByCustomerIDResult"))


@dataclass(slots=True, kw_only=True)
class GetAllCustomers:
    """CB/MDM_Server ``GetAllCustomers``: every customer, paged after ``lastReceived``."""

    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllCustomersResponse:
    """``GetAllCustomersResponse``: the customers."""

    customers: list[Customer] = field(
        default_factory=list, metadata=xml_list("GetAllCustomersResult", "customer")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomerByName:
    """CB/MDM_Server ``GetCustomerByName``: customers by first and last name."""

    first_name: str | None = field(default=None, metadata=xml("firstName"))
    last_name: str | None = field(default=None, metadata=xml("lastName"))


@dataclass(slots=True, kw_only=True)
class GetCustomerByNameResponse:
    """``GetCustomerByNameResponse``: the customers of that name."""

    customers: list[Customer] = field(
        default_factory=list, metadata=xml_list("GetCustomerByNameResult", "customer")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomerByMeterID:
    """CB/MDM_Server ``GetCustomerByMeterID``: the customer a meter serves."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))


@dataclass(slots=True, kw_only=True)
class GetCustomerByMeterIDResponse:
    """``GetCustomerByMeterIDResponse``: the customer, if known."""

    customer: Customer | None = field(default=None, metadata=xml("GetCustomerByMeterIDResult"))
