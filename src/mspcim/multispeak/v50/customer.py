"""MultiSpeak 5.0 ``customer`` (an ``mspPerson``) and the operations that carry customers.

As ``MultiSpeak.xsd`` 5.0.7 declares it: the ``mspObject`` identity (``@objectGUID``,
``primaryIdentifier``), the person's names, government id and ``contactInfo``, then the
doing-business-as name, accounts and service agreements (referred to by their identity) and
service priorities. Hazards, alternate contacts, service and work orders are not modelled:
``msp_binding.unread`` names them so a translation reports them.

Operations: NOT_Server ``CustomersChangedNotification``, ``CustomersCreatedNotification``;
CB_Server ``GetAllCustomers``, ``GetCustomersByCustomerIDs``, ``GetCustomersByMeterIDs`` and
their responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, Final

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.contact_info import ContactInfo
from mspcim.multispeak.v50.identity import MeterID, MspObject, ObjectID
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "CB_SERVER",
    "NOT_SERVER",
    "AccountReference",
    "Customer",
    "CustomersChangedNotification",
    "CustomersCreatedNotification",
    "GetAllCustomers",
    "GetAllCustomersResponse",
    "GetCustomersByCustomerIDs",
    "GetCustomersByCustomerIDsResponse",
    "GetCustomersByMeterIDs",
    "GetCustomersByMeterIDsResponse",
    "ServiceAgreementReference",
    "ServicePriority",
    "ServicePriorityKind",
    "ServicePriorityType",
    "array_of",
]

CB_SERVER: Final = ns.MSP50_WSDL.format(endpoint="CB_Server")
"""Namespace of the CB_Server operations."""
NOT_SERVER: Final = ns.MSP50_WSDL.format(endpoint="NOT_Server")
"""Namespace of the NOT_Server operations."""


def array_of(name: str, item: str) -> dict[str, str]:
    """Field metadata of an endpoint's ``ArrayOf…`` wrapper of ``item`` (commonArrays) elements."""
    return xml_list(name, item, ns.MSP50_ARRAYS)


class ServicePriorityKind(StrEnum):
    """``servicePriorityKind``: why a customer is served first."""

    UNKNOWN = "Unknown"
    OUTAGE_PRIORITY = "OutagePriority"
    PRIORITY_CUSTOMER = "PriorityCustomer"
    EMERGENCY_SERVICES = "EmergencyServices"
    MEDICAL_NECESSITY = "MedicalNecessity"
    OTHER = "Other"


@dataclass(slots=True, kw_only=True)
class ServicePriorityType:
    """``servicePriorityType``: a servicePriorityKind, and its own name when it is Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50

    value: ServicePriorityKind = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class ServicePriority:
    """``servicePriority``: a special priority condition of a customer (medical, VIP …)."""

    service_priority_type: ServicePriorityType = field(metadata=xml("servicePriorityType"))
    service_priority_subtype: str | None = field(
        default=None, metadata=xml("servicePrioritySubtype")
    )
    description: str | None = field(default=None, metadata=xml("description"))


@dataclass(slots=True, kw_only=True)
class AccountReference(MspObject):
    """``account`` as a customer lists it: its identity (its data is profile 9's account)."""


@dataclass(slots=True, kw_only=True)
class ServiceAgreementReference(MspObject):
    """``serviceAgreement`` as a customer lists it: its identity only."""


@dataclass(slots=True, kw_only=True)
class Customer(MspObject):
    """``customer``: a person or business the utility serves, with its accounts."""

    last_name: str | None = field(default=None, metadata=xml("lastName"))
    first_name: str | None = field(default=None, metadata=xml("firstName"))
    m_name: str | None = field(default=None, metadata=xml("middleName"))
    prefix: str | None = field(default=None, metadata=xml("prefix"))
    suffix: str | None = field(default=None, metadata=xml("suffix"))
    government_id: str | None = field(default=None, metadata=xml("governmentID"))
    contact_info: ContactInfo | None = field(default=None, metadata=xml("contactInfo"))
    d_b_a_name: str | None = field(default=None, metadata=xml("dBAName"))
    accounts: list[AccountReference] = field(
        default_factory=list, metadata=xml_list("accounts", "account", ns.MSP50)
    )
    service_priorities: list[ServicePriority] = field(
        default_factory=list,
        metadata=xml_list("servicePriorities", "servicePriority", ns.MSP50),
    )
    service_agreements: list[ServiceAgreementReference] = field(
        default_factory=list,
        metadata=xml_list("serviceAgreements", "serviceAgreement", ns.MSP50),
    )


@dataclass(slots=True, kw_only=True)
class CustomersChangedNotification:
    """NOT_Server ``CustomersChangedNotification``: customers whose data changed."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    customers: list[Customer] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomer", "customer")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class CustomersCreatedNotification:
    """NOT_Server ``CustomersCreatedNotification``: customers new to the sender."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    customers: list[Customer] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomer", "customer")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class GetAllCustomers:
    """CB_Server ``GetAllCustomers``: every customer, paged after ``lastReceived``."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllCustomersResponse:
    """``GetAllCustomersResponse``: the customers."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    customers: list[Customer] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomer", "customer")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomersByCustomerIDs:
    """CB_Server ``GetCustomersByCustomerIDs``: customers by their ids."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    customer_ids: list[ObjectID] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomerID", "customerID")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomersByCustomerIDsResponse:
    """``GetCustomersByCustomerIDsResponse``: the customers known."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    customers: list[Customer] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomer", "customer")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomersByMeterIDs:
    """CB_Server ``GetCustomersByMeterIDs``: the customers the meters serve."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=array_of("ArrayOfMeterID", "meterID")
    )


@dataclass(slots=True, kw_only=True)
class GetCustomersByMeterIDsResponse:
    """``GetCustomersByMeterIDsResponse``: the customers known."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    customers: list[Customer] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomer", "customer")
    )
