"""MultiSpeak 4.1 ``account`` and the operations that carry accounts.

``account`` as the 4.1.6 WSDLs declare it (an ``mspObject``: the customer it belongs to, its
billing cycle and terms, payment and bill dates and amounts, prepayment, shut-off date and the
service locations it serves). Its receivables, the readings of the current bill and its
service and work orders are not modelled: ``msp_binding.unread`` names them so a translation
reports them. A service location appears as ``ServiceLocationReference``: its ids only; the
location's own data travels in profile ServiceLocationConfig.

Operations: ``AccountChangedNotification`` (CD, CH, MDM, MR, NOT, OA servers) and the CB/MDM
queries ``GetAccountsByCustomerID``, ``GetAllAccounts``, ``GetAccountByMeterID`` and
``GetAccountByServiceLocationIDAndServiceType`` with their responses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v41.msp_binding import MeterID, MspObject, xml_list

__all__ = [
    "Account",
    "AccountChangedNotification",
    "GetAccountByMeterID",
    "GetAccountByMeterIDResponse",
    "GetAccountByServiceLocationIDAndServiceType",
    "GetAccountByServiceLocationIDAndServiceTypeResponse",
    "GetAccountsByCustomerID",
    "GetAccountsByCustomerIDResponse",
    "GetAllAccounts",
    "GetAllAccountsResponse",
    "ServiceLocationReference",
]


@dataclass(slots=True, kw_only=True)
class ServiceLocationReference(MspObject):
    """``serviceLocation`` as an account lists it: the location's ids (its data is not read)."""


@dataclass(slots=True, kw_only=True)
class Account(MspObject):
    """``account``: a customer's billing account."""

    customer_id: str | None = field(default=None, metadata=xml("customerID"))
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
    service_locations: list[ServiceLocationReference] = field(
        default_factory=list, metadata=xml_list("serviceLocations", "serviceLocation")
    )


@dataclass(slots=True, kw_only=True)
class AccountChangedNotification:
    """``AccountChangedNotification``: accounts whose data changed (``@verb`` says how)."""

    accounts: list[Account] = field(
        default_factory=list, metadata=xml_list("changedAccounts", "account")
    )


@dataclass(slots=True, kw_only=True)
class GetAccountsByCustomerID:
    """CB/MDM_Server ``GetAccountsByCustomerID``: the accounts of a customer."""

    customer_id: str | None = field(default=None, metadata=xml("customerID"))


@dataclass(slots=True, kw_only=True)
class GetAccountsByCustomerIDResponse:
    """``GetAccountsByCustomerIDResponse``: the customer's accounts."""

    accounts: list[Account] = field(
        default_factory=list, metadata=xml_list("GetAccountsByCustomerIDResult", "account")
    )


@dataclass(slots=True, kw_only=True)
class GetAllAccounts:
    """CB/MDM_Server ``GetAllAccounts``: every account, paged after ``lastReceived``."""

    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllAccountsResponse:
    """``GetAllAccountsResponse``: the accounts."""

    accounts: list[Account] = field(
        default_factory=list, metadata=xml_list("GetAllAccountsResult", "account")
    )


@dataclass(slots=True, kw_only=True)
class GetAccountByMeterID:
    """CB/MDM_Server ``GetAccountByMeterID``: the account a meter is billed to."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))


@dataclass(slots=True, kw_only=True)
class GetAccountByMeterIDResponse:
    """``GetAccountByMeterIDResponse``: the account, if known."""

    account: Account | None = field(default=None, metadata=xml("GetAccountByMeterIDResult"))


@dataclass(slots=True, kw_only=True)
class GetAccountByServiceLocationIDAndServiceType:
    """CB/MDM_Server ``GetAccountByServiceLocationIDAndServiceType``: who is billed there."""

    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    service_type: str = field(default="Electric", metadata=xml("serviceType"))


@dataclass(slots=True, kw_only=True)
class GetAccountByServiceLocationIDAndServiceTypeResponse:
    """``GetAccountByServiceLocationIDAndServiceTypeResponse``: the account, if known."""

    account: Account | None = field(
        default=None, metadata=xml("GetAccountByServiceLocationIDAndServiceTypeResult")
    )
