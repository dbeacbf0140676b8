"""The EndDeviceControls profile of IEC 61968-9: pivot dataclasses, both editions, outcome table.

The dataclasses mirror ``EndDeviceControls.xsd`` of the 2013 edition (2011 namespace) element for
element and in schema order, so ``Binding`` writes documents the official schema accepts. The
first edition has no public XSD: the same dataclasses under its namespace and first-edition names
(``EndDeviceAsset``, ``ServiceDeliveryPoint``) are its declaration, and the codec carries the XSD
they emit. Controls reference their EndDeviceControlType by the 4-part code
(``type.domain.subDomain.eventOrAction``); writing declares every referenced code once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.identified_object import (
    DateTimeInterval,
    IdentifiedObject,
    Name,
    NameType,
    NameTypeAuthority,
    first_name,
)
from mspcim.cim.payloads import Edition, PayloadCodec, register_payload
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "CONTROL_OUTCOMES",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "ControlOutcome",
    "EndDevice",
    "EndDeviceControl",
    "EndDeviceControlType",
    "EndDeviceControls",
    "Name",
    "NameType",
    "NameTypeAuthority",
    "Ref",
    "UsagePoint",
    "UsagePointName",
    "UsagePointNameType",
    "outcome_of",
]

NOUN: Final = "EndDeviceControls"
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile=NOUN)
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile=NOUN)


def _float(name: str) -> dict[str, str]:
    """Metadata of a Decimal field the schema types as a float (Minutes, PerCent …)."""
    return {"xml": name, "xsd": "xs:float"}


class RandomisationKind(StrEnum):
    """RandomisationKind: how the timing of a control is randomised."""

    DEFAULT = "default"
    END = "end"
    NONE = "none"
    START = "start"
    START_AND_END = "startAndEnd"


class TransmissionModeKind(StrEnum):
    """TransmissionModeKind of a PAN display control."""

    ANONYMOUS = "anonymous"
    BOTH = "both"
    NORMAL = "normal"


@dataclass(slots=True, kw_only=True)
class UsagePointNameType:
    """NameType of a UsagePoint name: the schema requires its NameTypeAuthority.

    Not the shared ``identified_object.NameType``, whose authority is optional as everywhere else.
    """

    description: str | None = field(default=None, metadata=xml("description"))
    name: str = field(metadata=xml("name"))
    name_type_authority: NameTypeAuthority = field(metadata=xml("NameTypeAuthority"))


@dataclass(slots=True, kw_only=True)
class UsagePointName:
    """Name of a UsagePoint (its NameType names its authority)."""

    name: str = field(metadata=xml("name"))
    name_type: UsagePointNameType | None = field(default=None, metadata=xml("NameType"))

    @property
    def type_name(self) -> str | None:
        """The NameType's name, if typed."""
        return self.name_type.name if self.name_type is not None else None


@dataclass(slots=True)
class Ref:
    """A reference to an object declared elsewhere in the document (``ref`` attribute)."""

    ref: str | None = field(default=None, metadata=xml("@ref"))


@dataclass(slots=True, kw_only=True)
class EndDevice(IdentifiedObject):
    """EndDevice receiving the control (the meter), named by mRID and Names."""

    def name_of(self, name_type: str | None) -> str | None:
        """The first name of ``name_type`` (untyped names when None)."""
        found = first_name(self.names, name_type)
        return found.name if found is not None else None


@dataclass(slots=True, kw_only=True)
class EndDeviceGroup(IdentifiedObject):
    """EndDeviceGroup receiving the control."""


@dataclass(slots=True)
class UsagePoint:
    """UsagePoint where the control applies (MultiSpeak's service location).

    Its names are ``UsagePointName``: the schema requires their NameType's authority.
    """

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    names: list[UsagePointName] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class UsagePointGroup(IdentifiedObject):
    """UsagePointGroup where the control applies."""


@dataclass(slots=True)
class EndDeviceTiming:
    """EndDeviceTiming: when and how long a control acts."""

    duration: Decimal | None = field(default=None, metadata=_float("duration"))
    duration_indefinite: bool | None = field(default=None, metadata=xml("durationIndefinite"))
    randomisation: RandomisationKind | None = field(default=None, metadata=xml("randomisation"))
    interval: DateTimeInterval | None = field(default=None, metadata=xml("interval"))


@dataclass(slots=True)
class EndDeviceAction:
    """EndDeviceAction: a command an end device performs on another device."""

    command: str | None = field(default=None, metadata=xml("command"))
    duration: Decimal | None = field(default=None, metadata=_float("duration"))
    duration_indefinite: bool | None = field(default=None, metadata=xml("durationIndefinite"))
    start_date_time: datetime | None = field(default=None, metadata=xml("startDateTime"))


@dataclass(slots=True)
class ControlledAppliance:
    """ControlledAppliance: the appliances a PAN demand response concerns."""

    is_electric_vehicle: bool | None = field(default=None, metadata=xml("isElectricVehicle"))
    is_exterior_lighting: bool | None = field(default=None, metadata=xml("isExteriorLighting"))
    is_generation_system: bool | None = field(default=None, metadata=xml("isGenerationSystem"))
    is_hvac_compressor_or_furnace: bool | None = field(
        default=None, metadata=xml("isHvacCompressorOrFurnace")
    )
    is_interior_lighting: bool | None = field(default=None, metadata=xml("isInteriorLighting"))
    is_irrigation_pump: bool | None = field(default=None, metadata=xml("isIrrigationPump"))
    is_managed_commercial_industrial_load: bool | None = field(
        default=None, metadata=xml("isManagedCommercialIndustrialLoad")
    )
    is_pool_pump_spa_jacuzzi: bool | None = field(
        default=None, metadata=xml("isPoolPumpSpaJacuzzi")
    )
    is_simple_misc_load: bool | None = field(default=None, metadata=xml("isSimpleMiscLoad"))
    is_smart_appliance: bool | None = field(default=None, metadata=xml("isSmartAppliance"))
    is_strip_and_baseboard_heater: bool | None = field(
        default=None, metadata=xml("isStripAndBaseboardHeater")
    )
    is_water_heater: bool | None = field(default=None, metadata=xml("isWaterHeater"))


@dataclass(slots=True)
class PanDemandResponse(EndDeviceAction):
    """PanDemandResponse: a demand response action sent to PAN devices."""

    avg_load_adjustment: Decimal | None = field(default=None, metadata=_float("avgLoadAdjustment"))
    cancel_control_mode: str | None = field(default=None, metadata=xml("cancelControlMode"))
    cancel_date_time: datetime | None = field(default=None, metadata=xml("cancelDateTime"))
    cancel_now: bool | None = field(default=None, metadata=xml("cancelNow"))
    cooling_offset: Decimal | None = field(default=None, metadata=_float("coolingOffset"))
    cooling_setpoint: Decimal | None = field(default=None, metadata=_float("coolingSetpoint"))
    criticality_level: str | None = field(default=None, metadata=xml("criticalityLevel"))
    duty_cycle: Decimal | None = field(default=None, metadata=_float("dutyCycle"))
    enrollment_group: str | None = field(default=None, metadata=xml("enrollmentGroup"))
    heating_offset: Decimal | None = field(default=None, metadata=_float("heatingOffset"))
    heating_setpoint: Decimal | None = field(default=None, metadata=_float("heatingSetpoint"))
    appliance: ControlledAppliance | None = field(default=None, metadata=xml("appliance"))


@dataclass(slots=True)
class PanDisplay(EndDeviceAction):
    """PanDisplay: a text message shown on PAN devices."""

    confirmation_required: bool | None = field(default=None, metadata=xml("confirmationRequired"))
    priority: str | None = field(default=None, metadata=xml("priority"))
    text_message: str | None = field(default=None, metadata=xml("textMessage"))
    transmission_mode: TransmissionModeKind | None = field(
        default=None, metadata=xml("transmissionMode")
    )


@dataclass(slots=True)
class PanPricingDetail:
    """PanPricingDetail: one price sent to PAN devices."""

    alternate_cost_delivered: Decimal | None = field(
        default=None, metadata=_float("alternateCostDelivered")
    )
    alternate_cost_unit: str | None = field(default=None, metadata=xml("alternateCostUnit"))
    current_time_date: datetime | None = field(default=None, metadata=xml("currentTimeDate"))
    generation_price: Decimal | None = field(default=None, metadata=xml("generationPrice"))
    generation_price_ratio: Decimal | None = field(
        default=None, metadata=_float("generationPriceRatio")
    )
    price: Decimal | None = field(default=None, metadata=xml("price"))
    price_ratio: Decimal | None = field(default=None, metadata=_float("priceRatio"))
    price_tier: int | None = field(default=None, metadata=xml("priceTier"))
    price_tier_count: int | None = field(default=None, metadata=xml("priceTierCount"))
    price_tier_label: str | None = field(default=None, metadata=xml("priceTierLabel"))
    rate_label: str | None = field(default=None, metadata=xml("rateLabel"))
    register_tier: str | None = field(default=None, metadata=xml("registerTier"))
    unit_of_measure: str | None = field(default=None, metadata=xml("unitOfMeasure"))


@dataclass(slots=True)
class PanPricing(EndDeviceAction):
    """PanPricing: pricing information sent to PAN devices."""

    provider_id: int | None = field(default=None, metadata=xml("providerID"))
    pan_pricing_details: list[PanPricingDetail] = field(
        default_factory=list, metadata=xml("PanPricingDetails")
    )


@dataclass(slots=True, kw_only=True)
class EndDeviceControl:
    """EndDeviceControl: instructs end devices (meters) to perform one action."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    dr_program_level: int | None = field(default=None, metadata=xml("drProgramLevel"))
    dr_program_mandatory: bool | None = field(default=None, metadata=xml("drProgramMandatory"))
    issuer_id: str | None = field(default=None, metadata=xml("issuerID"))
    issuer_tracking_id: str | None = field(default=None, metadata=xml("issuerTrackingID"))
    price_signal: Decimal | None = field(default=None, metadata=_float("priceSignal"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    pan_demand_response: PanDemandResponse | None = field(
        default=None, metadata=xml("PanDemandResponse")
    )
    pan_display: PanDisplay | None = field(default=None, metadata=xml("PanDisplay"))
    pan_pricing: PanPricing | None = field(default=None, metadata=xml("PanPricing"))
    end_device_control_type: Ref = field(metadata=xml("EndDeviceControlType"))
    """The control's EndDeviceControlType; ``ref`` is the 4-part code."""
    end_device_groups: list[EndDeviceGroup] = field(
        default_factory=list, metadata=xml("EndDeviceGroups")
    )
    end_devices: list[EndDevice] = field(default_factory=list, metadata=xml("EndDevices"))
    primary_device_timing: EndDeviceTiming | None = field(
        default=None, metadata=xml("primaryDeviceTiming")
    )
    secondary_device_timing: EndDeviceTiming | None = field(
        default=None, metadata=xml("secondaryDeviceTiming")
    )
    usage_point_groups: list[UsagePointGroup] = field(
        default_factory=list, metadata=xml("UsagePointGroups")
    )
    usage_points: list[UsagePoint] = field(default_factory=list, metadata=xml("UsagePoints"))

    @property
    def code(self) -> str:
        """The EndDeviceControlType code of this control (``''`` when unreferenced)."""
        return self.end_device_control_type.ref or ""


@dataclass(slots=True, kw_only=True)
class EndDeviceControlType:
    """EndDeviceControlType: the meaning of a control, its mRID being the 4-part code."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    domain: str | None = field(default=None, metadata=xml("domain"))
    event_or_action: str | None = field(default=None, metadata=xml("eventOrAction"))
    sub_domain: str | None = field(default=None, metadata=xml("subDomain"))
    type: str | None = field(default=None, metadata=xml("type"))
    names: Ref = field(default_factory=Ref, metadata=xml("Names"))


@dataclass(slots=True)
class EndDeviceControls:
    """The EndDeviceControls profile document: controls plus the control types they use."""

    end_device_controls: list[EndDeviceControl] = field(
        default_factory=list, metadata=xml("EndDeviceControl")
    )
    end_device_control_types: list[EndDeviceControlType] = field(
        default_factory=list, metadata=xml("EndDeviceControlType")
    )


# --- what a control should lead to


@dataclass(frozen=True, slots=True)
class ControlOutcome:
    """The EndDeviceEventType codes a device reports after one EndDeviceControlType."""

    control: str
    succeeded: str
    failed: str | None
    """None where the code system names no failure event for the control."""


CONTROL_OUTCOMES: Final[tuple[ControlOutcome, ...]] = (
    ControlOutcome("3.31.0.23", "3.31.0.68", "3.31.0.84"),  # disconnect → disconnected
    ControlOutcome("3.31.0.18", "3.31.0.42", "3.31.0.67"),  # connect → connected
    ControlOutcome("3.31.0.5", "3.31.0.11", "3.31.0.226"),  # armForClosure → armedForClosure
    ControlOutcome("3.31.0.6", "3.31.0.12", "3.31.0.222"),  # armForOpen → armedForOpen
    ControlOutcome("3.31.0.26", "3.31.0.76", "3.31.0.221"),  # enable → enabled
    ControlOutcome("3.31.0.22", "3.31.0.66", "3.31.0.220"),  # disable → disabled
    ControlOutcome("3.31.0.298", "3.31.0.39", None),  # open → opened
    ControlOutcome("3.31.0.299", "3.31.0.16", None),  # close → closed
)
"""RCD switch controls of an electric meter and the events that report their outcome."""

_OUTCOMES = {outcome.control: outcome for outcome in CONTROL_OUTCOMES}


def outcome_of(control_code: str) -> ControlOutcome | None:
    """The outcome events of ``control_code`` (None for a control the table does not know)."""
    return _OUTCOMES.get(control_code)


# --- the two editions

BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition: element names as in the official XSD."""
BINDING_2009: Final = Binding(
    NAMESPACE_2009,
    renames={
        "EndDevices": "EndDeviceAssets",
        "EndDevice": "EndDeviceAsset",
        "UsagePoints": "ServiceDeliveryPoints",
        "UsagePoint": "ServiceDeliveryPoint",
    },
)
"""The first edition, declared by the project: first-edition class names."""


def _control_type(code: EndDeviceEventTypeCode) -> EndDeviceControlType:
    type_, domain, sub_domain, event_or_action = code.literals()
    return EndDeviceControlType(
        mrid=code.text,
        domain=domain,
        event_or_action=event_or_action,
        sub_domain=sub_domain,
        type=type_,
        names=Ref(code.describe()),
    )


def _code(text: str, where: str) -> EndDeviceEventTypeCode:
    try:
        return EndDeviceEventTypeCode.parse(text)
    except MappingError as exc:
        raise MappingError(exc.reason, xpath=where) from None


def _declared(document: EndDeviceControls) -> EndDeviceControls:
    """``document`` with one EndDeviceControlType per referenced code (given ones kept)."""
    declared = {item.mrid for item in document.end_device_control_types}
    types = list(document.end_device_control_types)
    for index, control in enumerate(document.end_device_controls, start=1):
        if control.code and control.code not in declared:
            where = f"/EndDeviceControls/EndDeviceControl[{index}]/EndDeviceControlType/@ref"
            types.append(_control_type(_code(control.code, where)))
            declared.add(control.code)
    return EndDeviceControls(document.end_device_controls, types)


def _resolved(document: EndDeviceControls) -> EndDeviceControls:
    """Controls whose type ref names a declared type by another mRID get that type's code."""
    codes: dict[str, str] = {}
    for index, item in enumerate(document.end_device_control_types, start=1):
        fields = [item.type, item.domain, item.sub_domain, item.event_or_action]
        if item.mrid and all(fields):
            try:
                codes[item.mrid] = EndDeviceEventTypeCode.from_literals(
                    *(text or "" for text in fields)
                ).text
            except MappingError as exc:
                raise MappingError(
                    exc.reason, xpath=f"/EndDeviceControls/EndDeviceControlType[{index}]"
                ) from None
    for index, control in enumerate(document.end_device_controls, start=1):
        ref = control.code
        where = f"/EndDeviceControls/EndDeviceControl[{index}]/EndDeviceControlType/@ref"
        if not ref:
            raise MessageFormatError(
                "EndDeviceControl has no EndDeviceControlType ref", xpath=where
            )
        control.end_device_control_type = Ref(codes.get(ref) or _code(ref, where).text)
    return document


def _reader(binding: Binding) -> Callable[[etree._Element], EndDeviceControls]:
    def read(element: etree._Element) -> EndDeviceControls:
        if element.tag != f"{{{binding.namespace}}}{NOUN}":
            raise MessageFormatError(
                f"expected {NOUN} in {binding.namespace!r}, got {element.tag!r}", xpath=f"/{NOUN}"
            )
        return _resolved(binding.read(element, EndDeviceControls))

    return read


def _writer(binding: Binding) -> Callable[[EndDeviceControls], etree._Element]:
    def write(document: EndDeviceControls) -> etree._Element:
        return binding.write(_declared(document), NOUN)

    return write


def declared_schema_2009() -> etree._Element:
    """The XSD of the first-edition EndDeviceControls profile as the project declares it."""
    return BINDING_2009.xsd(
        EndDeviceControls, NOUN, "IEC 61968-9:2009 EndDeviceControls, as declared by mspcim"
    )


CODEC_2013: Final = register_payload(
    PayloadCodec(
        noun=NOUN,
        edition=Edition.CIM2013,
        tag=f"{{{NAMESPACE_2013}}}{NOUN}",
        read=_reader(BINDING_2013),
        write=_writer(BINDING_2013),
        official_schema="iec61968-9-2011/EndDeviceControls.xsd",
    )
)
"""The 2013 EndDeviceControls payload in the registry."""

CODEC_2009: Final = register_payload(
    PayloadCodec(
        noun=NOUN,
        edition=Edition.CIM2009,
        tag=f"{{{NAMESPACE_2009}}}{NOUN}",
        read=_reader(BINDING_2009),
        write=_writer(BINDING_2009),
        declared_schema=declared_schema_2009,
    )
)
"""The 2009 EndDeviceControls payload, with the XSD the project declares for it."""
