"""Profile EndDeviceConfig over MultiSpeak 5.0 (clause 9): electricMeter ⇄ CIM EndDevice.

Values asserted both ways (identity, serial number, manufacturer and model, status, connection,
AMI type, customer, usage point, seals, nameplate, gap entries); v5 output validated against the
official 5.0.7 and 5.0.4 schemas, CIM output against the XSD the project declares.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.end_device_assets import (
    CODEC_2013,
    AssetModel,
    ConnectDisconnectFunction,
    EndDevice,
    EndDeviceConfig,
    EndDeviceInfo,
    Manufacturer,
    Seal,
)
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Status
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, Verb
from mspcim.harmonize import end_device_config_v5_messages  # noqa: F401  (registers routes)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import end_device_config_v5
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.account import ServicePointID
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.identity import MeterID, Release, SingleIdentifier
from mspcim.multispeak.v50.identity import ObjectID as MspObjectID
from mspcim.multispeak.v50.meter import (
    AssetDetails,
    ElectricMeter,
    ElectricNameplate,
    GetMetersByMeterIDs,
    Meters,
    MetersChangedNotification,
    MeterSeal,
    UtilityInfo,
)
from mspcim.multispeak.v50.meter_history import Kind
from mspcim.soap import SoapVersion, build_envelope
from mspcim.validation import SchemaSet

T0 = datetime(2026, 1, 12, 8, tzinfo=UTC)
METER = "0f8fad5b-d9cb-469f-a165-70867728950e"
CUSTOMER = "1f8fad5b-d9cb-469f-a165-70867728950e"
POINT = "2f8fad5b-d9cb-469f-a165-70867728950e"


def meter(**changes: Any) -> ElectricMeter:
    values: dict[str, Any] = {
        "object_guid": METER,
        "primary_identifier": SingleIdentifier(value="M-4410", identifier_name="meterNo"),
        "comments": "Replaced after storm",
        "asset_status": Kind(value="InService"),
        "asset_details": AssetDetails(
            manufacturer="Itron", serial_number="SN-99812", catalog_number="C2SOD"
        ),
        "meter_connection_status": Kind(value="Connected"),
        "ami_device_type": "Centron II",
        "ami_vendor": "Itron",
        "utility_info": UtilityInfo(
            owner="REC",
            customer_id=MspObjectID(object_guid=CUSTOMER),
            service_point_id=ServicePointID(value=POINT, service_type="Electric"),
        ),
        "meter_seals": [
            MeterSeal(seal_number="S-1", seal_color="red", date_placed=T0),
            MeterSeal(seal_number="S-2"),
        ],
        "electric_nameplate": ElectricNameplate(
            kh=Decimal("7.2"), phases=1, form="2S", multiplier=Decimal(40)
        ),
    }
    return ElectricMeter(**{**values, **changes})


def test_a_v5_meter_becomes_an_end_device(declared: SchemaSet) -> None:
    report = GapReport()
    document = end_device_config_v5.to_cim([meter()], report, "/meters/electricMeters")
    assert declared.validate(CODEC_2013.write(document)) == []
    (device,) = document.end_devices
    assert (device.mrid, device.serial_number, device.amr_system) == (
        METER,
        "SN-99812",
        "Centron II",
    )
    assert device.description == "Replaced after storm"
    assert device.status == Status(value="InService")
    assert device.end_device_info == EndDeviceInfo(
        asset_model=AssetModel(model_number="C2SOD", manufacturer=Manufacturer(name="Itron"))
    )
    assert device.connect_disconnect_function == ConnectDisconnectFunction(is_connected=True)
    assert device.customer is not None and device.customer.mrid == CUSTOMER
    assert device.usage_point is not None and device.usage_point.mrid == POINT
    assert device.seals == [Seal(seal_number="S-1"), Seal(seal_number="S-2")]
    assert device.phase_count == 1
    assert device.electric_metering_function is not None
    assert device.electric_metering_function.billing_multiplier == Decimal(40)
    names = {name.type_name: name.name for name in device.end_device_names}
    assert names == {
        "primaryIdentifier:meterNo": "M-4410",
        "utilityInfo.owner": "REC",
        "meterSeal.S-1.sealColor": "red",
        "meterSeal.S-1.datePlaced": "2026-01-12T08:00:00Z",
        "electricNameplate.kh": "7.2",
        "electricNameplate.form": "2S",
        "AMIVendor": "Itron",
    }
    assert {entry.kind for entry in report.entries} == {GapKind.CARRIED}


@pytest.mark.parametrize(
    ("kind", "connected", "named"),
    [
        (Kind(value="Disconnected"), False, None),
        (Kind(value="DisconnectedNonPay"), False, "DisconnectedNonPay"),
        (Kind(value="Unknown"), None, "Unknown"),
    ],
)
def test_connection_states_follow_the_declared_table(
    kind: Kind, connected: bool | None, named: str | None
) -> None:
    (device,) = end_device_config_v5.to_cim([meter(meter_connection_status=kind)]).end_devices
    function = device.connect_disconnect_function
    assert (function.is_connected if function else None) == connected
    names = {name.type_name: name.name for name in device.end_device_names}
    assert names.get("meterConnectionStatus") == named
    (back,) = end_device_config_v5.to_msp(EndDeviceConfig(end_devices=[device]))
    assert back.meter_connection_status == kind


@pytest.mark.parametrize("release", list(Release))
def test_a_cim_end_device_becomes_a_valid_v5_meter(
    assert_schema_valid: Any, release: Release
) -> None:
    device = EndDevice(
        mrid="ED-7",
        serial_number="SN-1",
        asset_type="electricMeter",
        status=Status(value="Installed", reason="new"),
        seals=[Seal(seal_number="X9")],
        connect_disconnect_function=ConnectDisconnectFunction(is_connected=False),
    )
    report = GapReport()
    (result,) = end_device_config_v5.to_msp(EndDeviceConfig(end_devices=[device]), report)
    assert result.object_guid == derived_guid("ED-7")
    assert result.asset_details == AssetDetails(serial_number="SN-1")
    assert result.asset_status == Kind(value="Installed")
    assert result.meter_connection_status == Kind(value="Disconnected")
    assert result.meter_seals == [MeterSeal(seal_number="X9")]
    assert {item.ext_name: item.ext_value for item in result.extensions_list} == {
        "CIM.EndDevice.type": "electricMeter"
    }
    lost = {entry.path: entry.value for entry in report.entries if entry.kind is GapKind.LOST}
    assert lost == {"/EndDeviceConfig/EndDevice[1]/status/reason": "new"}
    call = MetersChangedNotification(meters=Meters(electric_meters=[result, meter()]))
    element = msp_binding.write(call, "MetersChangedNotification", release=release)
    assert_schema_valid(element, release=release.value)
    assert msp_binding.read(element, MetersChangedNotification) == call


def v5_header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="CIS", company="REC"), message_id="MSG-M", time_stamp=T0
    )


def envelope(body: etree._Element, header: RequestHeader) -> Any:
    element = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(header)])
    return xmlsafe.parse(etree.tostring(element))


def test_meters_changed_is_an_event_and_back(declared: SchemaSet, assert_schema_valid: Any) -> None:
    options = TranslateOptions(new_id=lambda: "NEW-ID")
    call = MetersChangedNotification(meters=Meters(electric_meters=[meter()]), transaction_id="T")
    body = msp_binding.write(call, "MetersChangedNotification")
    assert_schema_valid(envelope(body, v5_header()))
    message = find_msp50_route("MetersChangedNotification")(body, v5_header(), GapReport(), options)
    assert declared.validate(build_message(message)) == []
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CHANGED, "EndDeviceConfig")
    assert message.header.correlation_id == "T"
    back, header = find_cim_route50("EndDeviceConfig", MessageKind.EVENT)(
        message, GapReport(), options
    )
    assert_schema_valid(envelope(back, header))
    assert msp_binding.read(back, MetersChangedNotification) == call
    query = GetMetersByMeterIDs(meter_ids=[MeterID(object_guid=METER)])
    get = find_msp50_route("GetMetersByMeterIDs")(
        msp_binding.write(query, "GetMetersByMeterIDs"), v5_header(), GapReport(), options
    )
    assert get.request is not None
    assert get.request.ids == [ObjectID(METER, "uuid", "meterID", object_type="Meter")]
    created = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceConfig", message_id="E-2"),
        payload=message.payload,
    )
    body, _ = find_cim_route50("EndDeviceConfig", MessageKind.EVENT)(created, GapReport(), options)
    assert etree.QName(body).localname == "MetersCreatedNotification"


@settings(max_examples=60, deadline=None)
@given(
    serial=st.none() | st.text(alphabet="SN0123456789-", min_size=1, max_size=8),
    status=st.none() | st.sampled_from(["InService", "Retired"]).map(lambda v: Kind(value=v)),
    connection=st.none()
    | st.sampled_from(["Connected", "Disconnected", "DisconnectedNonPay"]).map(
        lambda v: Kind(value=v)
    ),
    seals=st.lists(
        st.builds(
            MeterSeal,
            seal_number=st.text(alphabet="S0123456789", min_size=1, max_size=5),
            seal_color=st.none() | st.sampled_from(["red", "blue"]),
        ),
        max_size=3,
        unique_by=lambda seal: seal.seal_number,
    ),
    phases=st.none() | st.integers(1, 3),
)
def test_v5_to_cim_to_v5_keeps_the_meter(
    serial: str | None,
    status: Kind | None,
    connection: Kind | None,
    seals: list[MeterSeal],
    phases: int | None,
) -> None:
    source = meter(
        asset_details=AssetDetails(serial_number=serial) if serial else None,
        asset_status=status,
        meter_connection_status=connection,
        meter_seals=seals,
        electric_nameplate=ElectricNameplate(phases=phases) if phases else None,
    )
    report = GapReport()
    document = end_device_config_v5.to_cim([source], report)
    assert {entry.kind for entry in report.entries} <= {GapKind.CARRIED}
    assert end_device_config_v5.to_msp(document, GapReport()) == [source]
