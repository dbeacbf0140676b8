"""The operation catalogue: each MultiSpeak operation the gateway serves, and its CIM message.

Declared as data (IEC TS 61968-14 clause 4.4 actors and the Annex B conversation): operation
name → endpoint, exchange pattern, CIM Verb and Noun. The gateway routes by it and answers
``GetMethods`` from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mspcim.exceptions import UnknownOperationError

__all__ = ["OPERATIONS", "Exchange", "Operation", "operation", "operations_of"]


class Exchange(StrEnum):
    """How an operation is answered."""

    LOCAL = "answered by the gateway itself"
    REQUEST_REPLY = "synchronous request-reply through the CIM side"
    ASYNC_REQUEST = "accepted at once, answered later by a notification to responseURL"
    NOTIFICATION = "one-way notification"


@dataclass(frozen=True, slots=True)
class Operation:
    """One MultiSpeak 4.1 operation and its CIM counterpart."""

    name: str
    endpoint: str
    exchange: Exchange
    cim_verb: str | None = None
    cim_noun: str | None = None
    reply_operation: str | None = None
    """For asynchronous requests: the operation that later carries the answer."""


OPERATIONS: tuple[Operation, ...] = (
    Operation("PingURL", "MR_Server", Exchange.LOCAL),
    Operation("GetMethods", "MR_Server", Exchange.LOCAL),
    Operation(
        "InitiateMeterReadingsByMeterID",
        "MR_Server",
        Exchange.ASYNC_REQUEST,
        "get",
        "MeterReadings",
        reply_operation="ReadingChangedNotification",
    ),
    Operation(
        "GetLatestReadingByMeterID", "MR_Server", Exchange.REQUEST_REPLY, "get", "MeterReadings"
    ),
    Operation(
        "ReadingChangedNotification", "CB_Server", Exchange.NOTIFICATION, "created", "MeterReadings"
    ),
    Operation(
        "ReadingChangedNotification",
        "MDM_Server",
        Exchange.NOTIFICATION,
        "created",
        "MeterReadings",
    ),
    *(
        Operation(name, "MR_Server", Exchange.REQUEST_REPLY, "get", "MeterReadings")
        for name in (
            "GetLPReadingsByMeterIDFormattedBlock",
            "GetLPReadingsByMeterIDIntervalData",
            "GetReadingsByMeterIDListAndFieldNameIntervalData",
        )
    ),
    *(
        Operation(name, endpoint, Exchange.NOTIFICATION, "created", "MeterReadings")
        for endpoint in ("CB_Server", "MDM_Server", "NOT_Server")
        for name in ("FormattedBlockNotification", "IntervalDataNotification")
    ),
    Operation("PingURL", "CD_Server", Exchange.LOCAL),
    Operation("GetMethods", "CD_Server", Exchange.LOCAL),
    Operation(
        "InitiateConnectDisconnect",
        "CD_Server",
        Exchange.ASYNC_REQUEST,
        "create",
        "EndDeviceControls",
        reply_operation="CDStateChangedNotification",
    ),
    Operation(
        "CDStateChangedNotification",
        "CB_Server",
        Exchange.NOTIFICATION,
        "created",
        "EndDeviceEvents",
    ),
    Operation(
        "CDStateChangedNotification",
        "MDM_Server",
        Exchange.NOTIFICATION,
        "created",
        "EndDeviceEvents",
    ),
    *(
        Operation(name, endpoint, Exchange.LOCAL)
        for endpoint in ("CB_Server", "MDM_Server", "NOT_Server", "OA_Server")
        for name in ("PingURL", "GetMethods")
    ),
    *(
        Operation(
            "MeterEventNotification", endpoint, Exchange.NOTIFICATION, "created", "EndDeviceEvents"
        )
        for endpoint in ("CB_Server", "MDM_Server", "NOT_Server")
    ),
    *(
        Operation(name, "MR_Server", Exchange.REQUEST_REPLY, verb, "MeterReadSchedule")
        for name, verb in (
            ("EstablishReadingSchedules", "create"),
            ("EnableReadingSchedules", "change"),
            ("DisableReadingSchedule", "change"),
            ("DeleteReadingSchedule", "delete"),
            ("GetReadingSchedules", "get"),
            ("GetReadingScheduleByID", "get"),
        )
    ),
    Operation(
        "InsertMeterInConfigurationGroup",
        "MR_Server",
        Exchange.ASYNC_REQUEST,
        "create",
        "EndDeviceFirmware",
        reply_operation="MeterConfigurationNotification",
    ),
    Operation(
        "RemoveMetersFromConfigurationGroup",
        "MR_Server",
        Exchange.REQUEST_REPLY,
        "delete",
        "EndDeviceFirmware",
    ),
    *(
        Operation(
            "MeterConfigurationNotification",
            endpoint,
            Exchange.NOTIFICATION,
            "changed",
            "EndDeviceFirmware",
        )
        for endpoint in ("CB_Server", "MDM_Server", "NOT_Server")
    ),
    *(
        Operation(name, "MR_Server", Exchange.REQUEST_REPLY, "get", "MeterSystemEvents")
        for name in (
            "GetHistoryLogByMeterID",
            "GetHistoryLogsByDate",
            "GetHistoryLogsByMeterIDAndEventCode",
            "GetHistoryLogsByDateAndEventCode",
        )
    ),
    *(
        Operation(
            "HistoryLogChangedNotification",
            endpoint,
            Exchange.NOTIFICATION,
            "created",
            "MeterSystemEvents",
        )
        for endpoint in ("CB_Server", "MDM_Server", "NOT_Server", "OA_Server")
    ),
    Operation(
        "InitiateMeterExchange",
        "MR_Server",
        Exchange.ASYNC_REQUEST,
        "create",
        "MeterServiceRequests",
        reply_operation="MeterExchangeNotification",
    ),
    *(
        Operation(
            "MeterExchangeNotification",
            endpoint,
            Exchange.NOTIFICATION,
            "created",
            "MeterServiceRequests",
        )
        for endpoint in ("MR_Server", "CB_Server", "NOT_Server")
    ),
    *(
        Operation(name, endpoint, Exchange.NOTIFICATION, verb, "MeterServiceRequests")
        for endpoint in ("MR_Server", "MDM_Server", "NOT_Server")
        for name, verb in (
            ("ServiceOrderOpenedNotification", "created"),
            ("ServiceOrderChangedNotification", "changed"),
            ("ServiceOrderClosedNotification", "closed"),
        )
    ),
    *(
        Operation(
            "GetServiceOrderByServiceOrderID",
            endpoint,
            Exchange.REQUEST_REPLY,
            "get",
            "MeterServiceRequests",
        )
        for endpoint in ("CB_Server", "MDM_Server")
    ),
    *(
        Operation(name, endpoint, Exchange.NOTIFICATION, verb, "MeterConfig")
        for endpoint in ("MR_Server", "MDM_Server", "NOT_Server")
        for name, verb in (
            ("MeterAddNotification", "created"),
            ("MeterChangedNotification", "changed"),
            ("MeterRemoveNotification", "deleted"),
            ("MeterRetireNotification", "deleted"),
        )
    ),
    *(
        Operation(
            "MeterInstalledNotification", endpoint, Exchange.NOTIFICATION, "changed", "MeterConfig"
        )
        for endpoint in ("CB_Server", "MDM_Server", "NOT_Server")
    ),
    *(
        Operation(name, endpoint, Exchange.REQUEST_REPLY, "get", noun)
        for endpoint in ("CB_Server", "MDM_Server")
        for name, noun in (
            ("GetMeterByMeterID", "MeterConfig"),
            ("GetAllMeters", "MeterConfig"),
            ("GetMeterByServiceLocationID", "CustomerMeterDataSet"),
            ("GetMeterByCustomerID", "CustomerMeterDataSet"),
        )
    ),
    *(
        Operation(name, endpoint, Exchange.NOTIFICATION, "changed", "ServiceLocationConfig")
        for name, endpoints in (
            (
                "ServiceLocationChangedNotification",
                ("MR_Server", "MDM_Server", "OA_Server", "CD_Server", "NOT_Server"),
            ),
            ("ServiceLocationNetworkChangedNotification", ("CB_Server", "NOT_Server")),
        )
        for endpoint in endpoints
    ),
    *(
        Operation(name, endpoint, Exchange.REQUEST_REPLY, verb, noun)
        for endpoint in ("CB_Server", "MDM_Server")
        for name, verb, noun in (
            ("ModifyCBDataForServiceLocations", "change", "ServiceLocationConfig"),
            ("GetServiceLocationByServiceLocationID", "get", "ServiceLocationConfig"),
            ("GetServiceLocationByMeterID", "get", "ServiceLocationConfig"),
            ("GetServiceLocationByCustomerID", "get", "ServiceLocationConfig"),
            ("GetServiceLocationByAccountNumber", "get", "ServiceLocationConfig"),
            ("GetServiceLocationByPhaseCode", "get", "ServiceLocationConfig"),
            ("GetAllServiceLocations", "get", "ServiceLocationConfig"),
            ("GetAllServiceLocationsByServiceType", "get", "ServiceLocationConfig"),
            ("GetMeterHistoryByMeterID", "get", "ActivityRecords"),
        )
    ),
    *(
        Operation(
            "RateChangedNotification",
            endpoint,
            Exchange.NOTIFICATION,
            "changed",
            "PricingStructureConfig",
        )
        for endpoint in ("MR_Server", "MDM_Server", "NOT_Server")
    ),
    Operation(
        "ProcessPaymentTransaction", "CB_Server", Exchange.REQUEST_REPLY, "execute", "ReceiptRecord"
    ),
    *(
        Operation(name, endpoint, Exchange.REQUEST_REPLY, verb, noun)
        for endpoint in ("CB_Server", "MDM_Server")
        for name, verb, noun in (
            ("CommitPaymentTransaction", "create", "ReceiptRecord"),
            ("GetPPMPayments", "get", "ReceiptRecord"),
            ("AdjustPPMBalance", "create", "TransactionRecord"),
            ("GetPPMBalanceAdjustments", "get", "TransactionRecord"),
        )
    ),
    *(
        Operation(name, endpoint, Exchange.NOTIFICATION, "changed", noun)
        for endpoint in ("CD_Server", "MDM_Server", "MR_Server", "NOT_Server", "OA_Server")
        for name, noun in (
            ("CustomerChangedNotification", "CustomerConfig"),
            ("AccountChangedNotification", "CustomerAccountConfig"),
        )
    ),
    *(
        Operation(name, endpoint, Exchange.REQUEST_REPLY, "get", noun)
        for endpoint in ("CB_Server", "MDM_Server")
        for name, noun in (
            ("GetCustomerByCustomerID", "CustomerConfig"),
            ("GetAllCustomers", "CustomerConfig"),
            ("GetCustomerByName", "CustomerConfig"),
            ("GetCustomerByMeterID", "CustomerConfig"),
            ("GetAccountsByCustomerID", "CustomerAccountConfig"),
            ("GetAllAccounts", "CustomerAccountConfig"),
            ("GetAccountByMeterID", "CustomerAccountConfig"),
            ("GetAccountByServiceLocationIDAndServiceType", "CustomerAgreementConfig"),
            ("GetPPMCustomer", "AuxiliaryAgreementConfig"),
        )
    ),
    Operation(
        "EnrollPPMCustomer",
        "MDM_Server",
        Exchange.REQUEST_REPLY,
        "create",
        "AuxiliaryAgreementConfig",
    ),
    Operation(
        "UnenrollPPMCustomer",
        "MDM_Server",
        Exchange.REQUEST_REPLY,
        "delete",
        "AuxiliaryAgreementConfig",
    ),
)

_INDEX = {(op.endpoint, op.name): op for op in OPERATIONS}


def operation(endpoint: str, name: str) -> Operation:
    """The catalogue entry of ``endpoint``'s operation ``name`` (UnknownOperationError if none)."""
    try:
        return _INDEX[(endpoint, name)]
    except KeyError:
        raise UnknownOperationError(
            f"{endpoint} does not offer operation {name!r}", xpath=f"/Envelope/Body/{name}"
        ) from None


def operations_of(endpoint: str) -> list[str]:
    """Names of the operations ``endpoint`` serves, in catalogue order."""
    return [op.name for op in OPERATIONS if op.endpoint == endpoint]
