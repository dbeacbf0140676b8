"""MultiSpeak 4.1 ⇄ 5.0 operation renames (IEC TS 61968-14 Tables 75 and 76), declared as data.

v5 renamed most operations: objects in the plural and identifiers as lists
(``GetMeterByMeterID`` → ``GetMetersByMeterIDs``), notification verbs in the past tense of
create/change/delete (``MeterAddNotification`` → ``MetersCreatedNotification``,
``MeterRetireNotification`` → ``MetersDeletedNotification``), and every notification moved to
the ``NOT_Server`` endpoint (4.1 sent them to CB, MDM, OA … servers). ``RENAMES`` lists each 4.1
operation of the 4.1.6 WSDLs whose v5 counterpart has another name (or exists in one release
only), grouped by the v5 releases that declare it; ``KEPT`` those whose name did not change.
Derivation (no script is kept): every portType operation of the 4.1.6 WSDLs was matched
against the global elements of the 5.0.7 and 5.0.4 endpoint XSDs by the tense tables below and
by pluralising the object and its ``…ID`` arguments; the few semantic renames
(``ReadingChangedNotification``, ``MeterEventNotification``, ``EstablishReadingSchedules`` …)
were added by reading both schemas. The tests check every row against the WSDLs and XSDs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from mspcim.multispeak.v50.msp_binding import DEFAULT_RELEASE, Release

__all__ = [
    "KEPT",
    "PAST_TENSE",
    "PRESENT_TENSE",
    "RENAMES",
    "OperationRename",
    "v5_endpoint",
    "v5_operation",
    "v41_operations",
]

PRESENT_TENSE: Final[dict[str, str]] = {
    "Establish": "Create",
    "Modify": "Change",
    "Get": "Get",
    "Initiate": "Initiate",
    "Delete": "Delete",
    "Disable": "Disable",
    "Cancel": "Cancel",
}
"""Table 75: request verbs, v4.1 → v5 (present tense)."""

PAST_TENSE: Final[dict[str, str]] = {
    "Add": "Created",
    "Opened": "Created",
    "Changed": "Changed",
    "Remove": "Deleted",
    "Retire": "Deleted",
    "Exchange": "Exchanged",
    "Installed": "Installed",
}
"""Table 76: notification verbs, v4.1 → v5 (past tense)."""

ENDPOINT_RENAMES: Final[dict[str, str]] = {"HAN_Server": "PAN_Server"}
"""v4.1 endpoints that v5 renamed (home-area network → premises-area network)."""

_TABLE = """
[5.0.7 5.0.4]
AccountChangedNotification AccountsChangedNotification
CDDeviceAddNotification CDDevicesCreatedNotification
CDDeviceChangedNotification CDDevicesChangedNotification
CDDeviceExchangeNotification CDDevicesExchangedNotification
CDDeviceInstalledNotification CDDevicesInstalledNotification
CDDeviceRemoveNotification CDDevicesDeletedNotification
CDDeviceRetireNotification CDDevicesDeletedNotification
CDStateChangedNotification CDStatesChangedNotification
CDStateNotification CDStatesNotification
ChargeableDeviceChangedNotification ChargeableDevicesChangedNotification
CustomerChangedNotification CustomersChangedNotification
DRProgramAddNotification DRProgramsCreatedNotification
DRProgramChangedNotification DRProgramsChangedNotification
DRProgramEnrollmentNotification DRProgramEnrollmentsNotification
DRProgramUnenrollmentNotification DRProgramUnenrollmentsNotification
DeleteMeterGroup DeleteMeterGroups
DeleteReadingSchedule DeleteReadingSchedules
DeleteSchedule DeleteSchedules
DesignedWorkOrderNotification DesignedWorkOrdersNotification
DisableReadingSchedule DisableReadingSchedules
EstablishReadingSchedules CreateReadingSchedules
GetAccountByMeterID GetAccountsByMeterIDs
GetAccountByServiceLocationIDAndServiceType GetAccountsByServiceLocationIDsAndServiceType
GetAccountsByCustomerID GetAccountsByCustomerIDs
GetAllServiceLocationsByServiceType GetServiceLocationsByServiceTypes
GetBillingDetail GetBillingDetails
GetConfigurationGroupNamesByMeterID GetConfigurationGroupNamesByMeterIDs
GetCustomerByCustomerID GetCustomersByCustomerIDs
GetCustomerByMeterID GetCustomersByMeterIDs
GetLPReadingsByDateFormattedBlock GetMeterReadingsByDateFormattedBlock
GetLPReadingsByDateIntervalData GetMeterReadingsByDateIntervalData
GetLPReadingsByMeterIDFormattedBlock GetMeterReadingsByMeterIDsFormattedBlock
GetLPReadingsByMeterIDIntervalData GetMeterReadingsByMeterIDsIntervalData
GetLatestReadingByMeterID GetLatestMeterReadingsByMeterIDs
GetLatestReadings GetLatestMeterReadings
GetMeterByCustomerID GetMetersByCustomerIDs
GetMeterByMeterID GetMetersByMeterIDs
GetMeterByServiceLocationID GetMetersByServiceLocationIDs
GetMeterGroupNamesByMeterID GetMeterGroupNamesByMeterIDs
GetMeterHistoryByMeterID GetMeterHistoriesByMeterIDs
GetMetersBySiteID GetMetersBySiteIDs
GetPPMCustomer GetPPMCustomers
GetReadingScheduleByID GetReadingSchedulesByIDs
GetReadingsByBillingCycle GetMeterReadingsByBillingCycle
GetReadingsByDate GetMeterReadingsByDate
GetReadingsByMeterID GetMeterReadingsByMeterIDs
GetReadingsByUOMAndDate GetMeterReadingsByUOMAndDate
GetScheduleByID GetSchedulesByIDs
GetServiceLocationByAccountNumber GetServiceLocationsByAccountIDs
GetServiceLocationByCustomerID GetServiceLocationsByCustomerIDs
GetServiceLocationByMeterID GetServiceLocationsByMeterIDs
GetServiceLocationByPhaseCode GetServiceLocationsByPhaseCode
GetServiceLocationByServiceLocationID GetServiceLocationsByServiceLocationIDs
GetServiceOrderByServiceOrderID GetServiceOrdersByServiceOrderIDs
GetUsageByMeterID GetUsageByMeterIDs
GetUsageByServiceLocationID GetUsageByServiceLocationIDs
InitiateMeterExchange InitiateMeterExchanges
InitiateMeterInstallation InitiateMeterInstallations
InitiateMeterReadingsByMeterID InitiateMeterReadingsByMeterIDs
LMDeviceAddNotification LMDevicesCreatedNotification
LMDeviceChangedNotification LMDevicesChangedNotification
LMDeviceExchangeNotification LMDevicesExchangedNotification
LMDeviceInstalledNotification LMDevicesInstalledNotification
LMDeviceRemoveNotification LMDevicesDeletedNotification
LMDeviceRetireNotification LMDevicesDeletedNotification
ManufacturerSpecificCommandNotification ManufacturerSpecificCommandsNotification
MaterialItemChangedNotification MaterialItemsChangedNotification
MeterAddNotification MetersCreatedNotification
MeterChangedNotification MetersChangedNotification
MeterConfigurationNotification MeterConfigurationsNotification
MeterEventNotification EndDeviceEventsNotification
MeterExchangeNotification MetersExchangedNotification
MeterInstalledNotification MetersInstalledNotification
MeterRemoveNotification MetersDeletedNotification
MeterRetireNotification MetersDeletedNotification
ModifyCBDataForServiceLocations ChangeServiceLocationData
PoleChangedNotification PolesChangedNotification
PowerFactorManagementEventNotification PowerFactorManagementEventsNotification
ReadingScheduleResultNotification ReadingScheduleResultsNotification
SCADAAnalogChangedNotification SCADAAnalogsChangedNotification
SCADAPointChangedNotification SCADAPointsChangedNotification
SecurityLightChangedNotification SecurityLightsChangedNotification
ServiceLocationChangedNotification ServiceLocationsChangedNotification
ServiceOrderChangedNotification ServiceOrdersChangedNotification
ServiceOrderOpenedNotification ServiceOrdersCreatedNotification
StreetLightChangedNotification StreetLightsChangedNotification
SurgeArrestorChangedNotification SurgeArrestorsChangedNotification
SwitchingOrderChangedNotification SwitchingOrdersChangedNotification
ThermostatAddNotification ThermostatsCreatedNotification
ThermostatConfigurationNotification ThermostatConfigurationsNotification
ThermostatRemoveNotification ThermostatsDeletedNotification
ThermostatScheduleNotification ThermostatSchedulesNotification
ThresholdEventNotification ThresholdEventsNotification
TrafficLightChangedNotification TrafficLightsChangedNotification
TransformerBankChangedNotification TransformerBanksChangedNotification
UsageChangedNotification UsagesChangedNotification
WorkOrderChangedNotification WorkOrdersChangedNotification
[5.0.7]
CancelDemandResponseEvent CancelDemandResponseEvents
GetActiveOutages GetActiveOutages
GetAllLoadManagementDevices GetAllLoadManagementDevices
GetAllSubstationLoadControlStatuses GetAllSubstationLoadControlStatuses
GetAmountOfControllableLoad GetAmountOfControllableLoad
GetAmountOfControlledLoad GetAmountOfControlledLoad
GetCapBankSwitchStatusesBySwitchIDs GetCapBankSwitchStatusesBySwitchIDs
GetLoadManagementDeviceByMeterID GetLoadManagementDevicesByMeterIDs
GetLoadManagementDeviceByServiceLocationID GetLoadManagementDevicesByServiceLocationIDs
GetOutageReasonCodes GetOutageReasonCodes
GetReadingsByMeterIDListAndFieldNameIntervalData GetMeterReadingsByMeterIDsAndFieldNamesIntervalData
GetSupportedFieldNames GetSupportedFieldNames
InitiateCut InitiateCut
InitiateDemandResponseEvent InitiateDemandResponseEvents
InitiateDemandResponseEventStatusRequest InitiateDemandResponseEventStatusRequests
InitiateDemandResponseSetup InitiateDemandResponseSetup
InitiateLoadManagementEvent InitiateLoadManagementEvents
InitiateLoadManagementEvents InitiateLoadManagementEvents
InitiateManufacturerSpecificCommand InitiateManufacturerSpecificCommand
InitiatePowerFactorManagementEvent InitiatePowerFactorManagementEvents
InitiateThermostatConfiguration InitiateThermostatConfigurations
InitiateThermostatConfigurationRequest InitiateThermostatConfigurationRequests
InitiateThermostatSchedule InitiateThermostatSchedules
InitiateThermostatScheduleRequest InitiateThermostatScheduleRequests
IsLoadManagementActive IsLoadManagementActive
ReadingChangedNotification MeterReadingsNotification
[5.0.4]
AccumulatedValueChangedNotification AccumulatedValuesChangedNotification
BlinkAlarmNotification BlinkAlarmsNotification
CancelUsageMonitoring CancelUsageMonitoring
CircuitElementChangedNotification CircuitElementsChangedNotification
CustomersAffectedByOutageNotification CustomersAffectedByOutageNotification
DomainMembersChangedNotification DomainMembersChangedNotification
DomainNamesChangedNotification DomainNamesChangedNotification
GetCDMeterState GetCDMeterStates
GetCustomerByName GetCustomersByName
GetDomainMembers GetDomainMembers
GetLPReadingsByBillingCycle GetLPReadingsByBillingCycle
GetLPReadingsByBillingCycleIntervalData GetLPReadingsByBillingCycleIntervalData
GetLatestMeterReadingsByMeterGroupIntervalData GetLatestMeterReadingsByMeterGroupIntervalData
GetModifiedAMRMeters GetModifiedAMRMeters
GetModifiedCDMeters GetModifiedCDMeters
GetModifiedCustomers GetModifiedCustomers
GetModifiedMeters GetModifiedMeters
GetModifiedServiceLocations GetModifiedServiceLocations
InitiateLPMeterReadingsByMeterID InitiateLPMeterReadingsByMeterIDs
InitiateMeterReadingByObject InitiateMeterReadingsByObject
InitiateUsageMonitoring InitiateUsageMonitoring
MeterConnectivityNotification MeterConnectivityNotification
NumberCreatedNotification NumberCreatedNotification
ODDeviceChangedNotification ODDevicesChangedNotification
ODEventNotification ODEventsNotification
ReadingChangedNotification ReadingsChangedNotification
RemoveMetersFromConfigurationGroup RemoveMetersFromConfigurationGroup
UsageMonitoringNotification UsageMonitoringNotification
VoltageAlarmNotification VoltageAlarmsNotification
"""

_KEPT = """
CDStatesChangedNotification CDStatesNotification CancelPlannedOutage CancelThresholdMonitoring
ConnectivityChangedNotification DemandResponseSetupNotification EnableReadingSchedules
ExtendPayment FormattedBlockNotification GetAMRSupportedMeters GetAllCustomers GetAllElectricMeters
GetAllGasMeters GetAllMeters GetAllOtherMeters GetAllPropaneMeters GetAllSecurityLights
GetAllServiceLocations GetAllStreetLights GetAllWaterMeters GetBilledUsage
GetBillingAccountLoadDataByMonth GetBillingData GetConfigurationGroupMembers
GetConfigurationGroupNames GetConvenienceFees GetDomainNames GetFormattedBlockTemplates
GetMeterGroupMembers GetMeterGroupNames GetMetersByAMRType GetMetersByCustomerName
GetMetersBySearchString GetMethods GetNextNumber GetPPMBalanceAdjustments GetPPMPayments
GetReadingSchedules GetSchedules GetUsageByMonth InitiateBillingDeterminants InitiateCDStateRequest
InitiateConnectDisconnect InitiateDemandReset InitiateGroupMeterReading
InitiateHistoricalMeterReadingsByMeterIDAndDate InitiatePlannedOutage InitiateThresholdMonitoring
InsertMeterInConfigurationGroup InsertMeterInMeterGroup IntervalDataNotification IsAMRMeter
IsCDSupported LoadCycleTiersChangedNotification OutageReasonChangedNotification PingURL
PricingTiersChangedNotification RemoveMetersFromMeterGroup ReturnGeneratedNumber
ScheduleGroupMeterReading TemperatureTiersChangedNotification
"""

KEPT: Final[frozenset[str]] = frozenset(_KEPT.split())
"""4.1 operations whose name v5 kept (both releases); notifications still move to NOT_Server."""


@dataclass(frozen=True, slots=True)
class OperationRename:
    """One row: a v4.1 operation, its v5 name, and the v5 releases that declare that name."""

    operation41: str
    operation50: str
    releases: tuple[Release, ...]


def _rows(text: str) -> tuple[OperationRename, ...]:
    rows: list[OperationRename] = []
    releases: tuple[Release, ...] = ()
    for line in text.strip().splitlines():
        if line.startswith("["):
            releases = tuple(Release(value) for value in line.strip("[]").split())
            continue
        old, new = line.split()
        rows.append(OperationRename(old, new, releases))
    return tuple(rows)


RENAMES: Final = _rows(_TABLE)
"""Every renamed operation, in the order of the table."""


def v5_endpoint(endpoint41: str, operation50: str) -> str:
    """The v5 endpoint serving ``operation50``: NOT_Server for notifications, else the 4.1 one."""
    if operation50.endswith("Notification"):
        return "NOT_Server"
    return ENDPOINT_RENAMES.get(endpoint41, endpoint41)


def v5_operation(
    endpoint41: str, operation41: str, release: Release | str = DEFAULT_RELEASE
) -> tuple[str, str] | None:
    """(v5 endpoint, v5 operation) of a v4.1 operation in ``release``; None when v5 has none."""
    wanted = Release(release)
    for row in RENAMES:
        if row.operation41 == operation41 and wanted in row.releases:
            return v5_endpoint(endpoint41, row.operation50), row.operation50
    if operation41 in KEPT:
        return v5_endpoint(endpoint41, operation41), operation41
    return None


def v41_operations(operation50: str) -> tuple[str, ...]:
    """The v4.1 operations a v5 operation renames (several may merge: Remove and Retire)."""
    found = tuple(
        dict.fromkeys(row.operation41 for row in RENAMES if row.operation50 == operation50)
    )
    if found:
        return found
    return (operation50,) if operation50 in KEPT else ()
