"""MultiSpeak 4.1 ``ppmLocation``: a prepaid-metering customer's location, balances and deposit.

As the 4.1.6 WSDLs declare it (an ``mspObject``): service type, tax district, fuel cost
adjustment and fixed charge codes, the service location, priority balance, shared arrears,
total balance, the customer, the last reading, the deposit and its interest, the connect and
meter set dates, billing cycle and meter. The ``rate`` (profile PricingStructureConfig) and the
``initialRead`` (a meter reading) are not modelled: ``msp_binding.unread`` names them so a
translation reports them.

Operations: MDM_Server ``EnrollPPMCustomer`` and ``UnenrollPPMCustomer`` (both hold the
locations in ``newPPMCustomers``) and CB/MDM_Server ``GetPPMCustomer`` with its response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.customer import Customer
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v41.msp_binding import MeterID, MspObject, xml_list

__all__ = [
    "EnrollPPMCustomer",
    "GetPPMCustomer",
    "GetPPMCustomerResponse",
    "PpmLocation",
    "UnenrollPPMCustomer",
]


@dataclass(slots=True, kw_only=True)
class PpmLocation(MspObject):
    """``ppmLocation``: what a prepaid-metering customer owes and holds at one location."""

    service_type: str | None = field(default=None, metadata=xml("serviceType"))
    tax_dist: str | None = field(default=None, metadata=xml("taxDist"))
    fuel_cost_adj_code: str | None = field(default=None, metadata=xml("fuelCostAdjCode"))
    fixed_charge_codes: list[str] = field(
        default_factory=list, metadata=xml_list("fixedChargeCodeList", "fixedChargeCode")
    )
    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    priority_balance: Money | None = field(default=None, metadata=xml("priorityBalance"))
    shared_arrears: Money | None = field(default=None, metadata=xml("sharedArrears"))
    customer: Customer | None = field(default=None, metadata=xml("customer"))
    total_balance: Money | None = field(default=None, metadata=xml("totalBalance"))
    last_meter_read: int | None = field(default=None, metadata=xml("lastMeterRead"))
    last_reading_date: datetime | None = field(default=None, metadata=xml("lastReadingDate"))
    deposit_amount: Money | None = field(default=None, metadata=xml("depositAmount"))
    deposit_paid: Money | None = field(default=None, metadata=xml("depositPaid"))
    deposit_interest: Decimal | None = field(default=None, metadata=xml("depositInterest"))
    connect_date: datetime | None = field(default=None, metadata=xml("connectDate"))
    billing_cycle: str | None = field(default=None, metadata=xml("billingCycle"))
    meter_set_date: datetime | None = field(default=None, metadata=xml("meterSetDate"))
    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))


@dataclass(slots=True, kw_only=True)
class EnrollPPMCustomer:
    """MDM_Server ``EnrollPPMCustomer``: start prepaid metering for these locations."""

    locations: list[PpmLocation] = field(
        default_factory=list, metadata=xml_list("newPPMCustomers", "ppmLocation")
    )


@dataclass(slots=True, kw_only=True)
class UnenrollPPMCustomer:
    """MDM_Server ``UnenrollPPMCustomer``: end prepaid metering for these locations."""

    locations: list[PpmLocation] = field(
        default_factory=list, metadata=xml_list("newPPMCustomers", "ppmLocation")
    )


@dataclass(slots=True, kw_only=True)
class GetPPMCustomer:
    """CB/MDM_Server ``GetPPMCustomer``: the prepaid-metering location of an account."""

    account_number: str | None = field(default=None, metadata=xml("accountNumber"))


@dataclass(slots=True, kw_only=True)
class GetPPMCustomerResponse:
    """``GetPPMCustomerResponse``: the location, if known."""

    location: PpmLocation | None = field(default=None, metadata=xml("GetPPMCustomerResult"))
