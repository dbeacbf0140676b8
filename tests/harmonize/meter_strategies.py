"""Hypothesis strategies for meters on both sides, limited to what a mapping carries both ways.

``electric_meters()`` draws MultiSpeak electricMeters without the values the tables declare
lost (vendor extensions, parent meters, billing status …); ``cim_meters()`` draws CIM Meters
without names of types MultiSpeak has no place for. Both round-trip through the tables exactly.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from mspcim.cim.end_device_assets import (
    AssetModel,
    ComFunction,
    ConnectDisconnectFunction,
    Customer,
    ElectricMeteringFunction,
    EndDeviceInfo,
    LifecycleDate,
    Manufacturer,
    ReadingType,
    Register,
    RemoteConnectDisconnectInfo,
    Seal,
    ServiceCategory,
    ServiceKind,
    ServiceLocation,
    UsagePoint,
)
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.meter_asset_config import Meter
from mspcim.harmonize.engine import Direction, translate
from mspcim.harmonize.profiles.end_device_functions import RECONNECT_SETTINGS, REGISTER
from mspcim.multispeak.v41.meter import (
    ConfiguredReadingType,
    ElectricLocationFields,
    ElectricMeter,
    ElectricNameplate,
    Frequency,
    MeterConnectionStatus,
    Module,
    RemoteReconnectSetting,
    ServiceID,
    UtilityInfo,
)
from mspcim.xsdtypes import format_decimal

KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
KW_MAX = "0.8.0.12.0.1.8.0.0.0.0.0.0.0.0.3.38.0"
KWH_TOU_A = "0.0.0.1.1.1.12.0.0.0.0.1.0.0.0.3.72.0"
CODES = (KWH, KW_MAX, KWH_TOU_A)

ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
words = (
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=16)
    .map(str.strip)
    .filter(bool)
)
times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
amounts = st.decimals(places=2, min_value=0, max_value=100_000, allow_nan=False)
counts = st.integers(min_value=0, max_value=9)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``strategy`` or None."""
    return st.none() | strategy


def _filled(obj: Any) -> bool:
    return any(getattr(obj, item.name) not in (None, [], "") for item in dataclasses.fields(obj))


# --- MultiSpeak


def configured_reading_type(code: str, field_name: str | None) -> ConfiguredReadingType:
    """A configuredReadingType as the mapping writes one for ``code`` (units, code attributes)."""
    names = [Name(name=field_name)] if field_name else []
    register = Register(reading_type=ReadingType(mrid=code, reading_type_names=names))
    result: ConfiguredReadingType = translate(REGISTER, register, Direction.TO_MSP)
    return result


modules = st.builds(
    Module,
    object_id=ids,
    firmware_version=optional(ids),
    manufacturer=optional(words),
    serial_number=optional(ids),
    module_type=optional(words),
    device_class=optional(words),
    facility_id=optional(ids),
    description=optional(words),
    in_service_date=optional(times),
    comments=optional(words),
    object_name=optional(words),
    utility=optional(ids),
)
service_ids = st.builds(
    ServiceID,
    value=ids,
    service_type=optional(st.sampled_from(["Electric", "Water", "Propane", "Sewer"])),
    object_id=optional(ids),
)
utility_infos = st.builds(
    UtilityInfo,
    owner=optional(words),
    district=optional(words),
    service_location_id=optional(ids),
    service_id=optional(service_ids),
    account_number=optional(ids),
    customer_id=optional(ids),
).filter(_filled)
nameplates = st.builds(
    ElectricNameplate,
    kh=optional(amounts),
    kr=optional(amounts),
    frequency=optional(
        st.builds(
            Frequency,
            value=st.sampled_from([Decimal(50), Decimal(60)]),
            units=optional(st.just("Hz")),
        )
    ),
    number_of_elements=optional(st.sampled_from(["1", "2", "3"])),
    base_type=optional(st.sampled_from(["S-base", "A-Base", "K-Base"])),
    accuracy_class=optional(st.sampled_from(["0.2", "0.5", "1.0"])),
    elements_voltage=optional(amounts.map(format_decimal)),
    supply_voltage=optional(st.sampled_from(["120", "240", "480"])),
    max_amperage=optional(amounts),
    test_amperage=optional(amounts),
    reg_ratio=optional(amounts),
    phases=optional(st.integers(1, 3)),
    wires=optional(st.integers(2, 4)),
    dials=optional(st.integers(4, 6)),
    form=optional(st.sampled_from(["1S", "2S", "12S", "16S"])),
    multiplier=optional(amounts),
    demand_mult=optional(amounts),
).filter(_filled)
location_fields = st.builds(
    ElectricLocationFields,
    substation_code=optional(ids),
    feeder_code=optional(ids),
    phase_code=optional(st.sampled_from(["A", "B", "C", "ABC"])),
    pole_no=optional(ids),
).filter(_filled)


def electric_meters() -> st.SearchStrategy[ElectricMeter]:
    """electricMeters holding only values the tables carry both ways."""
    return st.builds(
        ElectricMeter,
        object_id=optional(ids),
        utility=optional(ids),
        meter_no=optional(ids),
        comments=optional(words),
        object_name=optional(words),
        installed_date=optional(times),
        removed_date=optional(times),
        manufacturer=optional(words),
        catalog_number=optional(ids),
        serial_number=optional(ids),
        metrology_firmware_version=optional(ids),
        meter_type=optional(words),
        amr_device_type=optional(words),
        amr_vendor=optional(words),
        billing_cycle=optional(ids),
        meter_status_list=st.lists(words, max_size=1),
        module_list=st.lists(modules, max_size=2),
        utility_info=optional(utility_infos),
        meter_base_id=optional(ids),
        electric_nameplate=optional(nameplates),
        electric_location_fields=optional(location_fields),
        seal_number_list=st.lists(ids, max_size=2),
        meter_connection_status=optional(st.sampled_from(MeterConnectionStatus)),
        configured_reading_types=st.lists(
            st.builds(configured_reading_type, st.sampled_from(CODES), optional(words)),
            max_size=2,
        ),
        meter_comm_address=optional(ids),
        remote_reconnect_setting=optional(st.sampled_from(RemoteReconnectSetting)),
    )


# --- CIM


def _typed(types: list[str]) -> st.SearchStrategy[list[Name]]:
    """Names of distinct ``types``, as MultiSpeak values travel (authority MultiSpeak)."""
    return st.lists(st.sampled_from(types), unique=True, max_size=len(types)).flatmap(
        lambda chosen: st.tuples(*(ids for _ in chosen)).map(
            lambda texts: [
                Name.typed(text, kind, "MultiSpeak")
                for text, kind in zip(texts, chosen, strict=True)
            ]
        )
    )


com_functions = st.builds(
    ComFunction,
    mrid=ids,
    amr_router=optional(ids),
    firmware_id=optional(ids),
    two_way=optional(st.booleans()),
    com_function_names=_typed(["serialNumber", "moduleType", "manufacturer"]),
)
registers = st.builds(
    Register,
    mrid=optional(ids),
    left_digit_count=optional(counts),
    right_digit_count=optional(counts),
    register_names=_typed(["name"]),
    reading_type=st.builds(
        lambda code, label: ReadingType(
            mrid=code, reading_type_names=[Name(name=label)] if label else []
        ),
        st.sampled_from(CODES),
        optional(words),
    ),
)
usage_points = st.builds(
    UsagePoint,
    mrid=optional(ids),
    service_point_names=_typed(["serviceID"]),
    service_category=optional(
        st.builds(ServiceCategory, kind=st.sampled_from([ServiceKind.ELECTRICITY, ServiceKind.GAS]))
    ),
)
switches = st.builds(
    ConnectDisconnectFunction,
    is_connected=optional(st.booleans()),
    rcd_info=optional(
        st.sampled_from(list(RECONNECT_SETTINGS.values())).map(
            lambda flags: RemoteConnectDisconnectInfo(**flags)
        )
    ),
).filter(_filled)


def _with_address(functions: list[ComFunction], address: str | None) -> list[ComFunction]:
    """``functions`` with ``address`` on the first (MultiSpeak keeps one: meterCommAddress)."""
    if address is None:
        return functions
    if not functions:
        return [ComFunction(amr_address=address)]
    functions[0].amr_address = address
    return functions


def cim_meters() -> st.SearchStrategy[Meter]:
    """CIM Meters holding only values the tables carry both ways."""
    return st.builds(
        Meter,
        mrid=optional(ids),
        description=optional(words),
        amr_system=optional(words),
        asset_type=optional(words),
        phase_count=optional(st.integers(1, 3)),
        serial_number=optional(ids),
        end_device_names=_typed(["meterID", "utility", "objectName", "billingCycle"]),
        status=optional(
            st.builds(
                Status,
                value=words,
                date_time=optional(times),
                reason=optional(words),
                remark=optional(words),
            )
        ),
        lifecycle=optional(
            st.builds(
                LifecycleDate,
                installation_date=optional(times),
                removal_date=optional(times),
                retired_date=optional(times),
            ).filter(_filled)
        ),
        end_device_info=optional(
            st.builds(
                EndDeviceInfo,
                asset_model=st.builds(
                    AssetModel,
                    model_number=optional(ids),
                    model_version=optional(ids),
                    manufacturer=optional(st.builds(Manufacturer, name=words)),
                ).filter(_filled),
            )
        ),
        com_functions=st.builds(_with_address, st.lists(com_functions, max_size=2), optional(ids)),
        connect_disconnect_function=optional(switches),
        electric_metering_function=optional(
            st.builds(
                ElectricMeteringFunction,
                billing_multiplier=optional(amounts),
                current_rating=optional(amounts),
                demand_multiplier=optional(amounts),
                voltage_rating=optional(amounts),
            ).filter(_filled)
        ),
        registers=st.lists(registers, max_size=2),
        seals=st.lists(st.builds(Seal, seal_number=ids), max_size=2),
        customer=optional(st.builds(Customer, mrid=ids)),
        service_location=optional(st.builds(ServiceLocation, mrid=ids)),
        usage_point=optional(usage_points),
        form_number=optional(ids),
        k_h=optional(amounts),
        k_r=optional(amounts),
    )


def _name_key(name: Name) -> tuple[str, str]:
    return (name.type_name or "", name.name)


def unordered_names(obj: Any) -> Any:
    """``obj`` with every list of CIM Names sorted (their order has no meaning in CIM)."""
    if isinstance(obj, list):
        items = [unordered_names(item) for item in obj]
        if items and all(isinstance(item, Name) for item in items):
            return sorted(items, key=_name_key)
        return items
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(
            obj,
            **{
                item.name: unordered_names(getattr(obj, item.name))
                for item in dataclasses.fields(obj)
                if item.init
            },
        )
    return obj
