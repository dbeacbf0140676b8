"""Profile 8.5–8.11 EndDeviceAssets: electricMeter ⇄ EndDevice, its functions and registers."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from meter_strategies import KW_MAX, KWH, cim_meters, electric_meters, unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.end_device_assets import (
    CODEC_2009,
    ComFunction,
    ConnectDisconnectFunction,
    EndDevice,
    EndDeviceConfig,
    ReadingType,
    Register,
    RemoteConnectDisconnectInfo,
)
from mspcim.cim.identified_object import Name
from mspcim.cli import app
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import end_device_assets
from mspcim.harmonize.profiles.end_device_functions import (
    COM_FUNCTION,
    CONNECTION_STATES,
    ELECTRIC_METERING_FUNCTION,
    RECONNECT_SETTINGS,
    REGISTER,
)
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter import (
    ConfiguredReadingType,
    ElectricMeter,
    ElectricNameplate,
    MeterConnectionStatus,
    Module,
    ReadingTypeCode,
    RemoteReconnectSetting,
)
from mspcim.multispeak.v41.meter_operations import MeterChangedNotification
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "end_device_assets"
CHANGED_2009 = FIXTURES / "end_device_assets_changed_2009.xml"


# --- 8.6 ComFunction


def test_a_module_is_a_com_function_with_its_meter_values_as_names():
    module = Module(
        object_id="mod-1",
        firmware_version="3.11.2",
        serial_number="RF-1",
        module_type="RF mesh",
        verb="Change",
    )
    state = TranslationState()
    function: ComFunction = translate(COM_FUNCTION, module, Direction.TO_CIM, state, "/module")
    assert (function.mrid, function.firmware_id) == ("mod-1", "3.11.2")
    assert {n.type_name: n.name for n in function.com_function_names} == {
        "serialNumber": "RF-1",
        "moduleType": "RF mesh",
    }
    assert [(entry.path, entry.kind) for entry in state.report.lost] == [
        ("/module/@verb", GapKind.LOST)
    ]


def test_cim_only_com_function_values_travel_in_the_module_extensions():
    function = ComFunction(mrid="mod-1", amr_router="COL-7", two_way=True)
    state = TranslationState()
    module: Module = translate(COM_FUNCTION, function, Direction.TO_MSP, state)
    carried = {item.ext_name: (item.ext_value, item.ext_type) for item in module.extensions_list}
    assert carried == {
        "CIM.ComFunction.amrRouter": ("COL-7", "string"),
        "CIM.ComFunction.twoWay": ("true", "boolean"),
    }
    assert translate(COM_FUNCTION, module, Direction.TO_CIM) == function
    assert state.report.lost == []
    assert {entry.kind for entry in state.report} == {GapKind.CARRIED}


def test_the_comm_address_is_the_first_com_functions_address():
    meter = ElectricMeter(meter_no="M-1", meter_comm_address="10.1.1.1")
    (device,) = end_device_assets.to_cim([meter]).end_devices
    assert device.com_functions == [ComFunction(amr_address="10.1.1.1")]
    report = GapReport()
    extra = ComFunction(mrid="m2", amr_address="10.1.1.2")
    device.com_functions.append(extra)
    (back,) = end_device_assets.to_msp(EndDeviceConfig(end_devices=[device]), report)
    assert back.meter_comm_address == "10.1.1.1"
    assert [module.object_id for module in back.module_list] == ["m2"]
    assert [(entry.value, entry.kind) for entry in report] == [("10.1.1.2", GapKind.LOST)]


# --- 8.7 ConnectDisconnectFunction


@pytest.mark.parametrize("status", list(MeterConnectionStatus))
def test_every_connection_status_maps_and_comes_back(status: MeterConnectionStatus):
    (device,) = end_device_assets.to_cim(
        [ElectricMeter(meter_connection_status=status)]
    ).end_devices
    expected = CONNECTION_STATES[status]
    function = device.connect_disconnect_function
    assert (function.is_connected if function else None) == expected
    (back,) = end_device_assets.to_msp(EndDeviceConfig(end_devices=[device]))
    assert back.meter_connection_status is status


@pytest.mark.parametrize("setting", list(RemoteReconnectSetting))
def test_every_reconnect_setting_maps_and_comes_back(setting: RemoteReconnectSetting):
    (device,) = end_device_assets.to_cim(
        [ElectricMeter(remote_reconnect_setting=setting)]
    ).end_devices
    if setting in RECONNECT_SETTINGS:
        assert device.connect_disconnect_function is not None
        info = device.connect_disconnect_function.rcd_info
        assert info is not None
        flags = {k: v for k, v in dataclasses.asdict(info).items() if v is not None}
        assert flags == RECONNECT_SETTINGS[setting]
    else:
        assert {n.type_name: n.name for n in device.end_device_names} == {
            "remoteReconnectSetting": setting.value
        }
    (back,) = end_device_assets.to_msp(EndDeviceConfig(end_devices=[device]))
    assert back.remote_reconnect_setting is setting


def test_rcd_flags_no_setting_has_are_reported():
    device = EndDevice(
        connect_disconnect_function=ConnectDisconnectFunction(
            is_connected=True,
            rcd_info=RemoteConnectDisconnectInfo(is_arm_connect=True, is_energy_limiting=True),
        )
    )
    report = GapReport()
    (back,) = end_device_assets.to_msp(EndDeviceConfig(end_devices=[device]), report)
    assert back.meter_connection_status is MeterConnectionStatus.CONNECTED
    assert back.remote_reconnect_setting is None
    assert [entry.reason for entry in report.lost] == ["no remoteReconnectSetting has these flags"]


# --- 8.8 ElectricMeteringFunction


def test_nameplate_multipliers_and_ratings_are_the_metering_function():
    nameplate = ElectricNameplate(
        multiplier=Decimal(40),
        demand_mult=Decimal(4),
        max_amperage=Decimal(20),
        elements_voltage="120 V",
    )
    function = translate(ELECTRIC_METERING_FUNCTION, nameplate, Direction.TO_CIM)
    assert (function.billing_multiplier, function.demand_multiplier) == (Decimal(40), Decimal(4))
    assert (function.current_rating, function.voltage_rating) == (Decimal(20), Decimal(120))


def test_a_voltage_that_is_not_a_number_is_reported_lost():
    meter = ElectricMeter(electric_nameplate=ElectricNameplate(elements_voltage="120/240"))
    report = GapReport()
    (device,) = end_device_assets.to_cim([meter], report).end_devices
    assert device.electric_metering_function is None
    (entry,) = report.lost
    assert (entry.path, entry.value) == (
        "/electricMeter[1]/electricNameplate/elementsVoltage",
        "120/240",
    )


def test_the_end_device_carries_kh_kr_and_form_as_names():
    meter = ElectricMeter(electric_nameplate=ElectricNameplate(kh=Decimal("7.2"), form="2S"))
    report = GapReport()
    (device,) = end_device_assets.to_cim([meter], report).end_devices
    assert {n.type_name: n.name for n in device.end_device_names} == {
        "electricNameplate.kh": "7.2",
        "electricNameplate.form": "2S",
    }
    assert {entry.kind for entry in report} == {GapKind.CARRIED}
    (back,) = end_device_assets.to_msp(EndDeviceConfig(end_devices=[device]))
    assert back.electric_nameplate == meter.electric_nameplate


# --- 8.10, 8.11 ReadingType and Register


def test_a_configured_reading_type_is_a_register_with_its_reading_type_code():
    given_code = ConfiguredReadingType(
        units="kWh", field_name="Total kWh", reading_type_code=ReadingTypeCode(name="kWh del")
    )
    register: Register = translate(REGISTER, given_code, Direction.TO_CIM)
    assert register.reading_type is not None
    assert register.reading_type.mrid == "0.0.0.1.0.1.12.0.0.0.0.0.0.0.0.3.72.0"
    assert [(n.type_name, n.name) for n in register.reading_type.reading_type_names] == [
        (None, "Total kWh"),
        ("readingTypeCode.name", "kWh del"),
    ]
    demand = ConfiguredReadingType(units="kW", reading_type="Demand")
    register = translate(REGISTER, demand, Direction.TO_CIM)
    assert register.reading_type is not None and register.reading_type.mrid == KW_MAX


def test_a_register_becomes_a_configured_reading_type_with_the_code_and_its_fields():
    register = Register(
        left_digit_count=5,
        reading_type=ReadingType(mrid=KWH, reading_type_names=[Name(name="Total kWh")]),
    )
    configured: ConfiguredReadingType = translate(REGISTER, register, Direction.TO_MSP)
    assert configured.units == "kWh"
    assert configured.field_name == "Total kWh"
    assert configured.reading_type_code is not None
    assert configured.reading_type_code.value == KWH
    assert configured.reading_type_code.displayable_uom == "72"
    carried = {item.ext_name: item.ext_value for item in configured.extensions_list}
    assert carried == {"CIM.Register.leftDigitCount": "5"}
    assert translate(REGISTER, configured, Direction.TO_CIM) == register


# --- 8.9 EndDeviceAsset, whole messages


def test_an_end_device_config_event_of_2009_becomes_a_meter_changed_notification(
    declared: SchemaSet,
):
    result = translate_document(xmlsafe.parse(CHANGED_2009.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == "MeterChangedNotification"
    call = msp_binding.read(body, MeterChangedNotification)
    assert call.meters is not None
    (meter,) = call.meters.electric_meters
    assert (meter.object_id, meter.meter_no, meter.serial_number) == (
        "d2c1b0a9-1111-4222-8333-444455556666",
        "40017721",
        "IT-88120457",
    )
    assert meter.meter_connection_status is MeterConnectionStatus.DISCONNECTED
    assert meter.electric_nameplate is not None
    assert meter.electric_nameplate.multiplier == Decimal(1)
    assert [crt.field_name for crt in meter.configured_reading_types] == ["Total kWh"]
    assert [entry for entry in result.gaps if entry.kind is GapKind.LOST] == []


def test_the_2009_fixture_is_read_and_rewritten_in_2013_through_the_pivot(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CHANGED_2009.read_bytes()), "cim2013")
    assert declared.validate(result.document, edition="2013") == []
    payload = result.document.find(f"{{{ns.MESSAGE}}}Payload")[0]
    assert payload.tag == "{http://iec.ch/TC57/2011/EndDeviceConfig#}EndDeviceConfig"


def test_mspcim_translate_on_the_fixture(declared: SchemaSet):
    result = CliRunner().invoke(app, ["translate", str(CHANGED_2009), "--to", "msp41"])
    assert result.exit_code == 0, result.stderr
    assert declared.validate(xmlsafe.parse(result.stdout_bytes)) == []
    assert "IEC 61968-100 EventMessage changed EndDeviceAssets" in result.stderr


def test_the_fixture_is_valid_against_the_declared_2009_profile(declared: SchemaSet):
    document = xmlsafe.parse(CHANGED_2009.read_bytes())
    assert declared.validate(document, edition="2009") == []
    payload = document.find(f"{{{ns.MESSAGE}}}Payload")[0]
    assert CODEC_2009.read(payload).end_devices[0].serial_number == "IT-88120457"


@settings(max_examples=50, deadline=None)
@given(st.lists(electric_meters(), min_size=1, max_size=2))
def test_multispeak_to_end_devices_and_back_property(meters: list[ElectricMeter]):
    report = GapReport()
    document = end_device_assets.to_cim(meters, report)
    assert report.lost == []
    back = end_device_assets.to_msp(CODEC_2009.read(CODEC_2009.write(document)))
    assert back == meters


@settings(max_examples=50, deadline=None)
@given(st.lists(cim_meters(), min_size=1, max_size=2))
def test_end_devices_to_multispeak_and_back_property(meters):
    devices = [
        EndDevice(
            **{item.name: getattr(meter, item.name) for item in dataclasses.fields(EndDevice)}
        )
        for meter in meters
    ]
    report = GapReport()
    electric = end_device_assets.to_msp(EndDeviceConfig(end_devices=devices), report)
    assert report.lost == []
    back = end_device_assets.to_cim(electric)
    assert unordered_names(back) == unordered_names(EndDeviceConfig(end_devices=devices))
