"""MultiSpeak 5.0 ``account`` and ``serviceAgreement``, and the operations that carry accounts.

As ``MultiSpeak.xsd`` 5.0.7 declares them. An ``account`` is an ``mspObject`` with the
customer it belongs to (``customerID``: GUID and primary identifier), its status, billing cycle
and terms, payment and bill dates and amounts, prepayment, shut-off date, the service locations
it serves (by identity) and, new in 5.0, its ``serviceAgreements``: the ``agreement`` under
which the customer is served at a location (tariff, revenue class, budget billing). Receivables,
the readings of the current bill, priorities, deposits and orders are not modelled:
``msp_binding.unread`` names them so a translation reports them.

Operations: NOT_Server ``AccountsChangedNotification``, ``AccountsCreatedNotification``;
CB_Server ``GetAccounts``, ``GetAccountsByAccountIDs``, ``GetAccountsByCustomerIDs``,
``GetAccountsByMeterIDs``, ``GetAccountsByServiceLocationIDsAndServiceType`` and responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from lxml import etree

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v50.customer import CB_SERVER, NOT_SERVER, array_of
from mspcim.multispeak.v50.identity import MeterID, MspObject, ObjectID
from mspcim.multispeak.v50.msp_binding import Form, Release, register_form, xml_list

__all__ = [
    "Account",
    "AccountStatus",
    "AccountStatusKind",
    "AccountsChangedNotification",
    "AccountsCreatedNotification",
    "GetAccounts",
    "GetAccountsByAccountIDs",
    "GetAccountsByCustomerIDs",
    "GetAccountsByMeterIDs",
    "GetAccountsByServiceLocationIDsAndServiceType",
    "GetAccountsResponse",
    "Money",
    "ServiceAgreement",
    "ServiceLocationReference",
    "ServicePointID",
]


class AccountStatusKind(StrEnum):
    """``accountStatusKind``: where an account stands."""

    UNKNOWN = "Unknown"
    ACTIVE = "Active"
    ACTIVE_NOT_BILLED = "ActiveNotBilled"
    INACTIVE = "Inactive"
    NON_PAY = "NonPay"
    NOT_FINAL = "NotFinal"
    PENDING_CONNECT = "PendingConnect"
    PENDING_CONNECT_NON_PAY = "PendingConnectNonPay"
    PENDING_DISCONNECT = "PendingDisconnect"
    PENDING_DISCONNECT_NON_PAY = "PendingDisconnectNonPay"
    OTHER = "Other"


@dataclass(slots=True, kw_only=True)
class AccountStatus:
    """``accountStatus``: an accountStatusKind, and its own name when it is Other."""

    value: AccountStatusKind = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class ServicePointID:
    """``servicePointID``: a service point's GUID and its service."""

    value: str = field(metadata=xml("."))
    service_type: str | None = field(default=None, metadata=xml("@serviceType"))


def _point_canonical(element: etree._Element) -> None:
    """5.0.4 → 5.0.7: the ``objectGUID`` attribute is the text (the 5.0.4 name has no place)."""
    guid = element.get("objectGUID")
    if guid is not None:
        element.text = guid
        del element.attrib["objectGUID"]


def _point_emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        element.set("objectGUID", element.text or "")


register_form(ServicePointID, Form(_point_canonical, _point_emit))


@dataclass(slots=True, kw_only=True)
class ServiceLocationReference(MspObject):
    """``serviceLocation`` as an account lists it: its identity (its data is not read)."""


@dataclass(slots=True, kw_only=True)
class ServiceAgreement(MspObject):
    """``serviceAgreement``: who is served where, on which tariff (an ``agreement``)."""

    description: str | None = field(default=None, metadata=xml("description"))
    customer_id: ObjectID | None = field(default=None, metadata=xml("customerID"))
    account_id: ObjectID | None = field(default=None, metadata=xml("accountID"))
    service_location_id: ObjectID | None = field(default=None, metadata=xml("serviceLocationID"))
    service_point_id: ServicePointID | None = field(default=None, metadata=xml("servicePointID"))
    revenue_class: str | None = field(default=None, metadata=xml("revenueClass"))
    tariff_id: ObjectID | None = field(default=None, metadata=xml("tariffID"))
    budget_billing_code: str | None = field(default=None, metadata=xml("budgetBillingCode"))


@dataclass(slots=True, kw_only=True)
class Account(MspObject):
    """``account``: a customer's billing account and the agreements it bills."""

    customer_id: ObjectID | None = field(default=None, metadata=xml("customerID"))
    service_locations: list[ServiceLocationReference] = field(
        default_factory=list, metadata=xml_list("serviceLocations", "serviceLocation")
    )
    account_status: AccountStatus | None = field(default=None, metadata=xml("accountStatus"))
    billing_cycle: str | None = field(default=None, metadata=xml("billingCycle"))
    budget_bill: str | None = field(default=None, metadata=xml("budgetBill"))
    payment_due_date: datetime | None = field(default=None, metadata=xml("paymentDueDate"))
    last_payment_date: datetime | None = field(default=None, metadata=xml("lastPaymentDate"))
    last_payment_amount: Money | None = field(default=None, metadata=xml("lastPaymentAmount"))
    bill_date: datetime | None = field(default=None, metadata=xml("billDate"))
    shut_off_date: datetime | None = field(default=None, metadata=xml("shutOffDate"))
    is_pre_pay: bool | None = field(default=None, metadata=xml("isPrePay"))
    billing_terms: str | None = field(default=None, metadata=xml("billingTerms"))
    calculated_current_bill_amount: Money | None = field(
        default=None, metadata=xml("calculatedCurrentBillAmount")
    )
    calculated_current_bill_date_time: datetime | None = field(
        default=None, metadata=xml("calculatedCurrentBillDateTime")
    )
    last_bill_amount: Money | None = field(default=None, metadata=xml("lastBillAmount"))
    calculated_used_yesterday: Money | None = field(
        default=None, metadata=xml("calculatedUsedYesterday")
    )
    service_agreements: list[ServiceAgreement] = field(
        default_factory=list, metadata=xml_list("serviceAgreements", "serviceAgreement")
    )


@dataclass(slots=True, kw_only=True)
class AccountsChangedNotification:
    """NOT_Server ``AccountsChangedNotification``: accounts whose data changed."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    accounts: list[Account] = field(
        default_factory=list, metadata=array_of("ArrayOfAccount", "account")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class AccountsCreatedNotification:
    """NOT_Server ``AccountsCreatedNotification``: accounts new to the sender."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    accounts: list[Account] = field(
        default_factory=list, metadata=array_of("ArrayOfAccount", "account")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class GetAccounts:
    """CB_Server ``GetAccounts``: every account, paged after ``lastReceived``."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAccountsResponse:
    """The response of every CB_Server account query: the accounts (``ArrayOfAccount``)."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    accounts: list[Account] = field(
        default_factory=list, metadata=array_of("ArrayOfAccount", "account")
    )


@dataclass(slots=True, kw_only=True)
class GetAccountsByAccountIDs:
    """CB_Server ``GetAccountsByAccountIDs``: accounts by their ids."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    account_ids: list[ObjectID] = field(
        default_factory=list, metadata=array_of("ArrayOfAccountID", "accountID")
    )


@dataclass(slots=True, kw_only=True)
class GetAccountsByCustomerIDs:
    """CB_Server ``GetAccountsByCustomerIDs``: the accounts of customers."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    customer_ids: list[ObjectID] = field(
        default_factory=list, metadata=array_of("ArrayOfCustomerID", "customerID")
    )


@dataclass(slots=True, kw_only=True)
class GetAccountsByMeterIDs:
    """CB_Server ``GetAccountsByMeterIDs``: the accounts meters are billed to."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=array_of("ArrayOfMeterID", "meterID")
    )


@dataclass(slots=True, kw_only=True)
class GetAccountsByServiceLocationIDsAndServiceType:
    """CB_Server ``GetAccountsByServiceLocationIDsAndServiceType``: who is billed where."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    service_location_ids: list[ObjectID] = field(
        default_factory=list, metadata=array_of("ArrayOfServiceLocationID", "serviceLocationID")
    )
    service_types: list[str] = field(
        default_factory=list, metadata=array_of("ArrayOfServiceType", "serviceType")
    )
