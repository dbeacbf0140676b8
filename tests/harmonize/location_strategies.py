"""Hypothesis strategies for service locations, service points and meter history, both sides.

They draw only what the tables of profiles 8.21, 8.22, 8.26–8.29 map both ways (no vendor
extensions, no parent sections, no MultiSpeak ``@verb``), so a round trip must give them back
equal. ``msp_normal`` rereads MultiSpeak objects through the binding (typed as read from XML);
``unordered_names`` (``meter_strategies``) sorts CIM Names, whose order has no meaning.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from annex_a_strategies import cim_phones, cim_street_addresses, msp_addresses
from hypothesis import strategies as st
from meter_strategies import ids, optional, times, words

from mspcim.cim.activity_records import ActivityRecord, Asset
from mspcim.cim.common_classes import ElectronicAddress
from mspcim.cim.customer_meter_data_set import CustomerAccount, CustomerAgreement, LinkedMeter
from mspcim.cim.end_device_assets import Customer, ServiceKind
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.service_category_config import ServiceCategory
from mspcim.cim.service_delivery_point_config import (
    LinkedServiceLocation,
    PricingStructure,
    UsagePoint,
)
from mspcim.cim.service_location_config import PositionPoint, ServiceLocation
from mspcim.harmonize.service_point_codecs import PHASE_CODES
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.address import (
    AddressItem,
    ContactInfo,
    EMailAddress,
    EMailType,
    PhoneNumber,
    PhoneType,
    TelephoneNumber,
)
from mspcim.multispeak.v41.electric_service import ElectricService, NodeIdentifier, PowerStatus
from mspcim.multispeak.v41.meter import EaLoc, ElectricLocationFields, GpsPoint, ServiceID
from mspcim.multispeak.v41.meter_history import ActionTaken, MeterHistoryEvent
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.multispeak.v41.point_object import GPSLocation, TimeZone
from mspcim.multispeak.v41.service_location import Network
from mspcim.multispeak.v41.service_location import ServiceLocation as MspServiceLocation
from mspcim.xsdtypes import format_decimal

_T = TypeVar("_T")

degrees = st.decimals(places=7, min_value=-180, max_value=180, allow_nan=False)
heights = st.decimals(places=2, min_value=-100, max_value=9000, allow_nan=False)
amounts = st.decimals(places=3, min_value=0, max_value=100_000, allow_nan=False)


def filled(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T]:
    """``strategy`` without objects whose every field is empty (they come back as None)."""
    return strategy.filter(
        lambda obj: any(
            getattr(obj, item.name) not in (None, [], "")
            for item in dataclasses.fields(obj)  # type: ignore[arg-type]
        )
    )


def msp_normal(obj: Any, name: str = "x") -> Any:
    """``obj`` written and read back by the MultiSpeak binding (types as XML gives them)."""
    return msp_binding.read(msp_binding.write(obj, name), type(obj))


# --- MultiSpeak

gps_points = st.builds(GpsPoint, latitude=degrees, longitude=degrees, altitude=optional(heights))
gps_locations = st.builds(
    GPSLocation, latitude=degrees, longitude=degrees, gps_validity=optional(st.booleans())
)
time_zones = st.builds(
    TimeZone,
    utc_offset=st.decimals(places=1, min_value=-12, max_value=14, allow_nan=False),
    value=st.sampled_from(["", "CST", "EST"]),
    dst_enabled=optional(st.booleans()),
)
ea_locs = st.builds(EaLoc, value=ids, noun=optional(ids), object_id=optional(ids))
location_fields = filled(
    st.builds(
        ElectricLocationFields,
        substation_code=optional(ids),
        substation_name=optional(words),
        feeder_code=optional(ids),
        bus=optional(ids),
        phase_code=optional(st.sampled_from([*PHASE_CODES, "Unknown"])),
        ea_loc=optional(ea_locs),
        transformer_bank_id=optional(ids),
        linemen_service_area=optional(words),
        pole_no=optional(ids),
    )
)
nodes = st.builds(NodeIdentifier, value=ids, name=optional(ids), object_id=optional(ids))


def electric_services(location: str | None = None) -> st.SearchStrategy[ElectricService]:
    """electricServices (at ``location`` when given) with everything profile 8.28 maps."""
    return st.builds(
        ElectricService,
        object_id=optional(ids),
        comments=optional(words),
        object_name=optional(ids),
        section_id=optional(ids),
        from_node_id=optional(nodes),
        to_node_id=optional(nodes),
        customer_id=optional(ids),
        account_number=optional(ids),
        service_location_id=st.just(location) if location else optional(ids),
        meter_base_id=optional(ids),
        electric_meter_id=optional(ids),
        electric_location_fields=optional(location_fields),
        outage_status=optional(st.sampled_from(PowerStatus)),
        special_needs=optional(words),
        is_cogeneration_site=optional(st.booleans()),
        wo_number=optional(ids),
        revenue_class=optional(ids),
        service_status=optional(words),
        billing_cycle=optional(ids),
        route=optional(ids),
        connect_date=optional(times),
        disconnect_date=optional(times),
        rate_code=optional(ids),
        service_sub_type=optional(words),
    )


msp_phones = st.builds(
    PhoneNumber,
    phone=cim_phones.map(lambda phone: TelephoneNumber(**dataclasses.asdict(phone))),
    phone_type=optional(st.sampled_from(PhoneType)),
    priority_order=optional(st.integers(1, 9)),
)
emails = st.builds(
    EMailAddress,
    e_mail=st.emails().filter(lambda text: len(text) < 60),
    e_mail_type=optional(st.sampled_from(EMailType)),
)
contacts = filled(
    st.builds(
        ContactInfo,
        e_mail_list=st.lists(emails, max_size=2),
        address_list=st.lists(
            st.builds(AddressItem, address=filled(msp_addresses), address_type=optional(words)),
            max_size=1,
        ),
    )
)
networks = filled(
    st.builds(Network, county=optional(words), township=optional(ids), lot=optional(ids))
)


@st.composite
def msp_service_locations(draw: st.DrawFn) -> MspServiceLocation:
    """serviceLocations with their electricServices, as profile 8.29 maps them."""
    location = draw(optional(ids))
    return MspServiceLocation(
        object_id=location,
        comments=draw(optional(words)),
        object_name=draw(optional(ids)),
        gps_point=draw(optional(gps_points)),
        gps_location=draw(optional(gps_locations)),
        grid_location=draw(optional(ids)),
        rotation=draw(optional(st.decimals(places=1, min_value=0, max_value=359, allow_nan=False))),
        facility_id=draw(optional(ids)),
        time_zone=draw(optional(time_zones)),
        customer_id=draw(optional(ids)),
        description=draw(optional(words)),
        facility_name=draw(optional(words)),
        service_address=draw(optional(filled(msp_addresses))),
        sic=draw(optional(ids)),
        site_id=draw(optional(ids)),
        network=draw(optional(networks)),
        electric_service_list=draw(st.lists(electric_services(location), max_size=2)),
        phone_list=draw(st.lists(msp_phones, max_size=2)),
        special_needs=draw(optional(words)),
        contact_info=draw(optional(contacts)),
    )


@st.composite
def meter_history_events(draw: st.DrawFn) -> MeterHistoryEvent:
    """meterHistoryEvents with everything profile 8.21 maps."""
    meter = MeterID(value=draw(ids), object_id=draw(optional(ids.map(lambda text: f"g-{text}"))))
    return MeterHistoryEvent(
        object_id=draw(optional(ids)),
        comments=draw(optional(words)),
        gps_point=draw(optional(gps_points)),
        grid_location=draw(optional(ids)),
        time_zone=draw(optional(time_zones)),
        event_time=draw(optional(times)),
        actions_taken=draw(st.lists(st.sampled_from(ActionTaken), max_size=3)),
        information_list=draw(st.lists(words, max_size=3)),
        meter_id=draw(optional(st.just(meter))),
        customer_id=draw(optional(ids)),
        account_id=draw(optional(ids)),
        service_location_id=draw(optional(ids)),
        service_id=draw(
            optional(st.builds(ServiceID, value=ids, service_type=st.just("Electric")))
        ),
        meter_base_id=draw(optional(ids)),
        meter_status_list=draw(st.lists(ids, max_size=1)),
    )


# --- CIM


def typed(types: list[str]) -> st.SearchStrategy[list[Name]]:
    """Names of distinct ``types``, as MultiSpeak values travel (authority MultiSpeak)."""
    return st.lists(st.sampled_from(types), unique=True, max_size=len(types)).flatmap(
        lambda chosen: st.tuples(*(ids for _ in chosen)).map(
            lambda texts: [
                Name.typed(text, kind, "MultiSpeak")
                for text, kind in zip(texts, chosen, strict=True)
            ]
        )
    )


def _agreement(customer: str | None, account: str | None) -> CustomerAgreement | None:
    if customer is None and account is None:
        return None
    return CustomerAgreement(
        customer=Customer(mrid=customer) if customer is not None else None,
        customer_account=CustomerAccount(
            customer_account_names=[Name.typed(account, "accountNumber", "MultiSpeak")]
        )
        if account is not None
        else None,
    )


def cim_usage_points(location: str | None = None) -> st.SearchStrategy[UsagePoint]:
    """UsagePoints (at ServiceLocation ``location`` when given) that profile 8.28 maps back."""
    return st.builds(
        UsagePoint,
        mrid=optional(ids),
        check_billing=optional(st.booleans()),
        grounded=optional(st.booleans()),
        is_virtual=optional(st.booleans()),
        nominal_service_voltage=optional(amounts),
        outage_region=optional(ids),
        phase_code=optional(st.sampled_from(sorted(PHASE_CODES.values()))),
        rated_current=optional(amounts),
        read_cycle=optional(ids),
        read_route=optional(ids),
        service_delivery_remark=optional(words),
        service_priority=optional(ids),
        service_point_names=typed(
            ["sectionID", "meterBaseID", "electricLocationFields.feederCode", "revenueClass"]
        ),
        service_category=st.builds(
            ServiceCategory,
            kind=st.just(ServiceKind.ELECTRICITY),
            service_category_names=typed(["serviceSubType"]),
        ),
        service_location=st.just(LinkedServiceLocation(mrid=location))
        if location
        else optional(st.builds(LinkedServiceLocation, mrid=ids)),
        customer_agreement=st.builds(_agreement, optional(ids), optional(ids)),
        meters=st.lists(
            st.builds(
                LinkedMeter,
                end_device_names=ids.map(lambda text: [Name.typed(text, "meterID", "MultiSpeak")]),
            ),
            max_size=1,
        ),
        pricing_structures=st.lists(st.builds(PricingStructure, code=ids), max_size=1),
    )


positions = st.builds(
    PositionPoint,
    x_position=degrees.map(format_decimal),
    y_position=degrees.map(format_decimal),
    z_position=optional(heights.map(format_decimal)),
)


@st.composite
def cim_service_locations(draw: st.DrawFn) -> ServiceLocation:
    """ServiceLocations with their UsagePoints that profile 8.29 maps back."""
    location = draw(optional(ids))
    phone1 = draw(optional(cim_phones))
    email1 = draw(optional(st.emails()))
    return ServiceLocation(
        mrid=location,
        access_method=draw(optional(words)),
        description=draw(optional(words)),
        direction=draw(optional(words)),
        geo_info_reference=draw(optional(ids)),
        needs_inspection=draw(optional(st.booleans())),
        site_access_problem=draw(optional(words)),
        type=draw(optional(ids)),
        main_address=draw(optional(filled(cim_street_addresses))),
        secondary_address=draw(optional(filled(cim_street_addresses))),
        phone1=phone1,
        phone2=draw(optional(cim_phones)) if phone1 is not None else None,
        electronic_address=ElectronicAddress(email1=email1, web=draw(optional(ids)))
        if email1 is not None
        else None,
        service_location_names=draw(
            typed(["customerID", "facilityName", "network.county", "comments", "SIC"])
        ),
        position_points=draw(st.lists(positions, max_size=1)),
        usage_points=draw(st.lists(cim_usage_points(location), max_size=2)),
    )


@st.composite
def cim_activity_records(draw: st.DrawFn) -> ActivityRecord:
    """ActivityRecords that profile 8.21 maps back (their type an actionTaken or not)."""
    meter = draw(ids)
    return ActivityRecord(
        mrid=draw(optional(ids)),
        created_date_time=draw(optional(times)),
        description=draw(optional(words)),
        reason=draw(optional(words)),
        severity=draw(optional(ids)),
        type=draw(optional(st.sampled_from([*(a.value for a in ActionTaken), "sealBroken"]))),
        activity_record_names=draw(typed(["customerID", "serviceLocationID", "meterBaseID"])),
        status=draw(optional(st.builds(Status, value=ids, reason=optional(words)))),
        assets=[
            Asset(
                mrid=draw(optional(ids.map(lambda text: f"g-{text}"))),
                asset_names=[Name.typed(meter, "meterID", "MultiSpeak")],
            )
        ]
        if draw(st.booleans())
        else [],
    )
