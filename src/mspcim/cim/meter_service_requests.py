"""The MeterServiceRequests profile of IEC 61968-9: work on meters (install, exchange, remove…).

The pivot mirrors ``iec61968-9-2011/MeterServiceRequests.xsd`` element for element, so the 2013
``Binding`` writes documents that validate against the official schema. That schema opens the
document with a ``Header`` of the (pre-FDIS) message type; the 2013 codec writes it from the
document's ``verb`` and the noun, and reads its verb back. The 2009 edition is declared by the
project (no public schema): the same classes under first-edition names (``MeterAsset``,
``ServiceDeliveryPoint``), without that embedded header, its XSD emitted by ``Binding.xsd``.
Values the profile has no element for travel as Header/Property (``properties``, never written).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import DateTimeInterval, IdentifiedObject, Name, Status
from mspcim.cim.message import MessageProperty
from mspcim.cim.payloads import Edition, PayloadCodec, register_payload
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NOUN",
    "ActivityRecord",
    "Customer",
    "CustomerAgreement",
    "CustomerKind",
    "Meter",
    "MeterMultiplier",
    "MeterMultiplierKind",
    "MeterReading",
    "MeterServiceRequests",
    "MeterServiceWork",
    "PhaseCode",
    "Reading",
    "ReadingQuality",
    "ReadingQualityType",
    "ReadingReasonKind",
    "ReadingType",
    "Ref",
    "ServiceLocation",
    "ServiceMultiplier",
    "ServiceMultiplierKind",
    "StreetAddress",
    "StreetDetail",
    "TownDetail",
    "UsagePoint",
    "WorkKind",
]

NOUN: Final = "MeterServiceRequests"


def _float(name: str) -> dict[str, str]:
    """Metadata of a Decimal field the schema types as a float (Voltage, CurrentFlow …)."""
    return {"xml": name, "xsd": "xs:float"}


class MeterMultiplierKind(StrEnum):
    """MeterMultiplierKind."""

    CT_RATIO = "ctRatio"
    K_E = "kE"
    K_H = "kH"
    K_R = "kR"
    PT_RATIO = "ptRatio"
    TRANSFORMER_RATIO = "transformerRatio"


class ServiceMultiplierKind(StrEnum):
    """ServiceMultiplierKind."""

    CT_RATIO = "ctRatio"
    PT_RATIO = "ptRatio"
    TRANSFORMER_RATIO = "transformerRatio"


class ReadingReasonKind(StrEnum):
    """ReadingReasonKind: why a reading was taken."""

    BILLING = "billing"
    DEMAND_RESET = "demandReset"
    INQUIRY = "inquiry"
    INSTALLATION = "installation"
    LOAD_MANAGEMENT = "loadManagement"
    LOAD_RESEARCH = "loadResearch"
    MOVE_IN = "moveIn"
    MOVE_OUT = "moveOut"
    OTHER = "other"
    REMOVAL = "removal"
    SERVICE_CONNECT = "serviceConnect"
    SERVICE_DISCONNECT = "serviceDisconnect"


class WorkKind(StrEnum):
    """WorkKind: what the work is."""

    CONSTRUCTION = "construction"
    DISCONNECT = "disconnect"
    INSPECTION = "inspection"
    MAINTENANCE = "maintenance"
    METER = "meter"
    OTHER = "other"
    RECONNECT = "reconnect"
    REPAIR = "repair"
    SERVICE = "service"
    TEST = "test"


class CustomerKind(StrEnum):
    """CustomerKind."""

    COMMERCIAL_INDUSTRIAL = "commercialIndustrial"
    ENERGY_SERVICE_SCHEDULER = "energyServiceScheduler"
    ENERGY_SERVICE_SUPPLIER = "energyServiceSupplier"
    INTERNAL_USE = "internalUse"
    OTHER = "other"
    PUMPING_LOAD = "pumpingLoad"
    RESIDENTIAL = "residential"
    RESIDENTIAL_AND_COMMERCIAL = "residentialAndCommercial"
    RESIDENTIAL_AND_STREETLIGHT = "residentialAndStreetlight"
    RESIDENTIAL_FARM_SERVICE = "residentialFarmService"
    RESIDENTIAL_STREETLIGHT_OTHERS = "residentialStreetlightOthers"
    WIND_MACHINE = "windMachine"


class PhaseCode(StrEnum):
    """PhaseCode of a usage point."""

    A = "A"
    AB = "AB"
    ABC = "ABC"
    ABCN = "ABCN"
    ABN = "ABN"
    AC = "AC"
    ACN = "ACN"
    AN = "AN"
    B = "B"
    BC = "BC"
    BCN = "BCN"
    BN = "BN"
    C = "C"
    CN = "CN"
    N = "N"
    S1 = "s1"
    S12 = "s12"
    S12N = "s12N"
    S1N = "s1N"
    S2 = "s2"
    S2N = "s2N"


@dataclass(slots=True, kw_only=True)
class Ref:
    """A reference to an object declared elsewhere in the document, by ``ref``."""

    ref: str = field(metadata=xml("@ref"))


@dataclass(slots=True, kw_only=True)
class ReadingQuality:
    """ReadingQuality: a quality flag of one reading."""

    comment: str | None = field(default=None, metadata=xml("comment"))
    source: str | None = field(default=None, metadata=xml("source"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    reading_quality_type: Ref = field(metadata=xml("ReadingQualityType"))


@dataclass(slots=True, kw_only=True)
class Reading:
    """Reading: one value of one ReadingType (the profile requires its time)."""

    reason: ReadingReasonKind | None = field(default=None, metadata=xml("reason"))
    reported_date_time: datetime | None = field(default=None, metadata=xml("reportedDateTime"))
    source: str | None = field(default=None, metadata=xml("source"))
    time_stamp: datetime = field(metadata=xml("timeStamp"))
    value: Decimal | None = field(default=None, metadata=_float("value"))
    reading_qualities: list[ReadingQuality] = field(
        default_factory=list, metadata=xml("ReadingQualities")
    )
    reading_type: Ref = field(metadata=xml("ReadingType"))
    time_period: DateTimeInterval | None = field(default=None, metadata=xml("timePeriod"))


@dataclass(slots=True, kw_only=True)
class MeterReading:
    """MeterReading: readings taken from the meter as part of the work."""

    readings: list[Reading] = field(default_factory=list, metadata=xml("Readings"))
    values_interval: DateTimeInterval | None = field(default=None, metadata=xml("valuesInterval"))


@dataclass(slots=True, kw_only=True)
class MeterMultiplier:
    """MeterMultiplier: a ratio or constant of the meter."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    kind: MeterMultiplierKind = field(metadata=xml("kind"))
    value: Decimal = field(metadata=_float("value"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class Meter:
    """Meter: the meter worked on (installed, or the one removed as ``OldMeter``)."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    amr_system: str | None = field(default=None, metadata=xml("amrSystem"))
    form_number: str | None = field(default=None, metadata=xml("formNumber"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    meter_multipliers: list[MeterMultiplier] = field(
        default_factory=list, metadata=xml("MeterMultipliers")
    )
    meter_readings: list[MeterReading] = field(default_factory=list, metadata=xml("MeterReadings"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class ActivityRecord:
    """ActivityRecord: something that happened during the work, and when."""

    created_date_time: datetime = field(metadata=xml("createdDateTime"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    severity: str | None = field(default=None, metadata=xml("severity"))
    type: str = field(metadata=xml("type"))


@dataclass(slots=True, kw_only=True)
class CustomerAgreement(IdentifiedObject):
    """CustomerAgreement of the customer served."""


@dataclass(slots=True, kw_only=True)
class Customer:
    """Customer served by the meter worked on."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    kind: CustomerKind | None = field(default=None, metadata=xml("kind"))
    puc_number: str | None = field(default=None, metadata=xml("pucNumber"))
    special_need: str | None = field(default=None, metadata=xml("specialNeed"))
    vip: bool | None = field(default=None, metadata=xml("vip"))
    customer_agreements: list[CustomerAgreement] = field(
        default_factory=list, metadata=xml("CustomerAgreements")
    )
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    status: Status | None = field(default=None, metadata=xml("status"))


@dataclass(slots=True, kw_only=True)
class StreetDetail:
    """StreetDetail of an address."""

    address_general: str | None = field(default=None, metadata=xml("addressGeneral"))
    building_name: str | None = field(default=None, metadata=xml("buildingName"))
    code: str | None = field(default=None, metadata=xml("code"))
    name: str | None = field(default=None, metadata=xml("name"))
    number: str | None = field(default=None, metadata=xml("number"))
    prefix: str | None = field(default=None, metadata=xml("prefix"))
    suffix: str | None = field(default=None, metadata=xml("suffix"))
    suite_number: str | None = field(default=None, metadata=xml("suiteNumber"))
    type: str | None = field(default=None, metadata=xml("type"))
    within_town_limits: bool | None = field(default=None, metadata=xml("withinTownLimits"))


@dataclass(slots=True, kw_only=True)
class TownDetail:
    """TownDetail of an address."""

    code: str | None = field(default=None, metadata=xml("code"))
    country: str | None = field(default=None, metadata=xml("country"))
    name: str | None = field(default=None, metadata=xml("name"))
    section: str | None = field(default=None, metadata=xml("section"))
    state_or_province: str | None = field(default=None, metadata=xml("stateOrProvince"))


@dataclass(slots=True, kw_only=True)
class StreetAddress:
    """StreetAddress: street and town."""

    street_detail: StreetDetail | None = field(default=None, metadata=xml("streetDetail"))
    town_detail: TownDetail | None = field(default=None, metadata=xml("townDetail"))


@dataclass(slots=True, kw_only=True)
class ServiceLocation:
    """ServiceLocation of the usage point: access and address."""

    access_method: str | None = field(default=None, metadata=xml("accessMethod"))
    needs_inspection: bool | None = field(default=None, metadata=xml("needsInspection"))
    site_access_problem: str | None = field(default=None, metadata=xml("siteAccessProblem"))
    main_address: StreetAddress | None = field(default=None, metadata=xml("mainAddress"))


@dataclass(slots=True, kw_only=True)
class ServiceMultiplier:
    """ServiceMultiplier: a ratio of the service."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    kind: ServiceMultiplierKind = field(metadata=xml("kind"))
    value: Decimal = field(metadata=_float("value"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class UsagePoint:
    """UsagePoint where the work happens."""

    check_billing: bool | None = field(default=None, metadata=xml("checkBilling"))
    grounded: bool | None = field(default=None, metadata=xml("grounded"))
    is_virtual: bool | None = field(default=None, metadata=xml("isVirtual"))
    nominal_service_voltage: Decimal | None = field(
        default=None, metadata=_float("nominalServiceVoltage")
    )
    phase_code: PhaseCode | None = field(default=None, metadata=xml("phaseCode"))
    rated_current: Decimal | None = field(default=None, metadata=_float("ratedCurrent"))
    rated_power: Decimal | None = field(default=None, metadata=_float("ratedPower"))
    service_delivery_remark: str | None = field(default=None, metadata=xml("serviceDeliveryRemark"))
    service_priority: str | None = field(default=None, metadata=xml("servicePriority"))
    service_location: ServiceLocation | None = field(default=None, metadata=xml("ServiceLocation"))
    service_multipliers: list[ServiceMultiplier] = field(
        default_factory=list, metadata=xml("ServiceMultipliers")
    )


@dataclass(slots=True, kw_only=True)
class MeterServiceWork:
    """MeterServiceWork: one piece of work on a meter (``Meter`` is required)."""

    kind: WorkKind | None = field(default=None, metadata=xml("kind"))
    last_modified_date_time: datetime | None = field(
        default=None, metadata=xml("lastModifiedDateTime")
    )
    priority: str | None = field(default=None, metadata=xml("priority"))
    request_date_time: datetime | None = field(default=None, metadata=xml("requestDateTime"))
    type: str | None = field(default=None, metadata=xml("type"))
    activity_records: list[ActivityRecord] = field(
        default_factory=list, metadata=xml("ActivityRecords")
    )
    customers: list[Customer] = field(default_factory=list, metadata=xml("Customers"))
    meter: Meter = field(default_factory=Meter, metadata=xml("Meter"))
    old_meter: Meter | None = field(default=None, metadata=xml("OldMeter"))
    status: Status | None = field(default=None, metadata=xml("status"))
    usage_point: UsagePoint | None = field(default=None, metadata=xml("UsagePoint"))
    properties: list[MessageProperty] = field(default_factory=list)
    """Values with no element in the profile; they travel as the message's Header/Property."""


@dataclass(slots=True, kw_only=True)
class ReadingQualityType:
    """ReadingQualityType: a quality code ``system.category.index`` and its name."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    category: str | None = field(default=None, metadata=xml("category"))
    sub_category: str | None = field(default=None, metadata=xml("subCategory"))
    system_id: str | None = field(default=None, metadata=xml("systemId"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class ReadingType:
    """ReadingType: the 18-field code (as mRID) and its fields."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    accumulation: str | None = field(default=None, metadata=xml("accumulation"))
    aggregate: str | None = field(default=None, metadata=xml("aggregate"))
    commodity: str | None = field(default=None, metadata=xml("commodity"))
    consumption_tier: int | None = field(default=None, metadata=xml("consumptionTier"))
    cpp: int | None = field(default=None, metadata=xml("cpp"))
    currency: str | None = field(default=None, metadata=xml("currency"))
    flow_direction: str | None = field(default=None, metadata=xml("flowDirection"))
    macro_period: str | None = field(default=None, metadata=xml("macroPeriod"))
    measurement_kind: str | None = field(default=None, metadata=xml("measurementKind"))
    measuring_period: str | None = field(default=None, metadata=xml("measuringPeriod"))
    multiplier: str | None = field(default=None, metadata=xml("multiplier"))
    phases: str | None = field(default=None, metadata=xml("phases"))
    tou: int | None = field(default=None, metadata=xml("tou"))
    unit: str | None = field(default=None, metadata=xml("unit"))
    argument: Ref | None = field(default=None, metadata=xml("argument"))
    interharmonic: Ref | None = field(default=None, metadata=xml("interharmonic"))
    names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class MeterServiceRequests:
    """The MeterServiceRequests document: work items and the codes their readings use."""

    meter_service_works: list[MeterServiceWork] = field(
        default_factory=list, metadata=xml("MeterServiceWork")
    )
    reading_quality_types: list[ReadingQualityType] = field(
        default_factory=list, metadata=xml("ReadingQualityType")
    )
    reading_types: list[ReadingType] = field(default_factory=list, metadata=xml("ReadingType"))
    verb: str = "create"
    """Verb of the Header the 2013 schema embeds in the document (the message's verb)."""


BINDING_2013: Final = Binding(ns.CIM_2011_PROFILE.format(profile=NOUN), "m")
"""IEC 61968-9:2013 (2011 namespace), the official schema's names."""

RENAMES_2009: Final = {
    "Meter": "MeterAsset",
    "OldMeter": "OldMeterAsset",
    "UsagePoint": "ServiceDeliveryPoint",
}
"""First-edition names for the 2013 ones."""

BINDING_2009: Final = Binding(ns.CIM_2009_PROFILE.format(profile=NOUN), "m", RENAMES_2009)
"""IEC 61968-9:2009, as the project declares it."""


def declared_schema_2009() -> etree._Element:
    """The XSD of the 2009 MeterServiceRequests profile as the project declares it."""
    return BINDING_2009.xsd(
        MeterServiceRequests, NOUN, f"IEC 61968-9:2009 {NOUN}, as declared by mspcim"
    )


def _codec(binding: Binding, edition: Edition, header: bool, **schema: Any) -> PayloadCodec:
    tag = f"{{{binding.namespace}}}{NOUN}"
    q = f"{{{ns.MESSAGE_WWW}}}"

    def read(element: etree._Element) -> MeterServiceRequests:
        if element.tag != tag:
            raise MessageFormatError(
                f"expected {NOUN} in {binding.namespace!r}, got {element.tag!r}", xpath=f"/{NOUN}"
            )
        document = binding.read(element, MeterServiceRequests)
        verb = element.findtext(f"{{{binding.namespace}}}Header/{q}Verb")
        if verb:
            document.verb = verb.strip()
        return document

    def write(document: MeterServiceRequests) -> etree._Element:
        element = binding.write(document, NOUN)
        if header:
            embedded = etree.Element(
                f"{{{binding.namespace}}}Header", nsmap={"msg": ns.MESSAGE_WWW}
            )
            etree.SubElement(embedded, f"{q}Verb").text = document.verb
            etree.SubElement(embedded, f"{q}Noun").text = NOUN
            element.insert(0, embedded)
        return element

    return register_payload(PayloadCodec(NOUN, edition, tag, read, write, **schema))


CODEC_2013: Final = _codec(
    BINDING_2013,
    Edition.CIM2013,
    True,
    official_schema="iec61968-9-2011/MeterServiceRequests.xsd",
)
"""The 2013 MeterServiceRequests payload in the registry (official schema)."""

CODEC_2009: Final = _codec(
    BINDING_2009, Edition.CIM2009, False, declared_schema=declared_schema_2009
)
"""The 2009 MeterServiceRequests payload in the registry (declared schema)."""
