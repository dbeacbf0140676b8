"""Profile PANPricing over MultiSpeak 5.0 (clause 9): priceTierStructure ⇄ CIM PanPricing.

Values asserted both ways (tiers, prices as Decimal, units, registers, start time, the PAN
interface, correlation ids, gap entries); v5 output validated against the official 5.0.7
schemas, CIM output against the official 61968-9 (2011) EndDeviceControls schema.
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
from mspcim.cim.end_device_controls import (
    CODEC_2013,
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    PanPricing,
    PanPricingDetail,
    Ref,
)
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.exceptions import MappingError
from mspcim.harmonize import pan_pricing_v5_messages  # noqa: F401  (registers the v5 routes)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import pan_pricing_v5 as profile
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.pan import (
    InitiatePANPricing,
    PANInterfaceID,
    PANPricingNotification,
    PriceBin,
    PriceTier,
    PriceTierStructure,
    Uom,
)
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 6, 1, tzinfo=UTC)
GATEWAY = "0f8fad5b-d9cb-469f-a165-70867728950e"


def pricing(**extra: Any) -> InitiatePANPricing:
    return InitiatePANPricing(
        price_tier_structure=PriceTierStructure(
            start_time=T0,
            price_tiers=[
                PriceTier(
                    rate_identifier="T1",
                    rate_label="Off-peak",
                    price=Money(value=Decimal("0.0812")),
                    units=Uom(value="kWh"),
                    register=1,
                ),
                PriceTier(
                    rate_identifier="T2",
                    rate_label="Peak",
                    price=Money(value=Decimal("0.22501")),
                    units=Uom(value="Other", other_kind="kWh per slot"),
                    register=2,
                ),
            ],
            price_bins=[
                PriceBin(bin_identifier="1", rate_identifier="T1"),
                PriceBin(bin_identifier="2", rate_identifier="T2"),
            ],
        ),
        pan_interface_id=PANInterfaceID(value=GATEWAY, device_name="HAN-7"),
        response_url="http://cis.example/multispeak/v50/NOT_Server",
        transaction_id="TX-41",
        **extra,
    )


def v5_header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="DRMS", company="REC"),
        message_id="MSG-41",
        time_stamp=T0,
        default_currency_code="USD",
    )


def envelope(body: etree._Element, header: RequestHeader) -> Any:
    element = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(header)])
    return xmlsafe.parse(etree.tostring(element))


def options() -> TranslateOptions:
    return TranslateOptions(new_id=lambda: "NEW-ID")


def test_initiate_pan_pricing_becomes_a_create_end_device_controls(
    assert_schema_valid: Any,
) -> None:
    body = msp_binding.write(pricing(expiration_time=T0), "InitiatePANPricing")
    assert_schema_valid(envelope(body, v5_header()))
    report = GapReport()
    message = find_msp50_route("InitiatePANPricing")(body, v5_header(), report, options())
    assert_schema_valid(build_message(message))
    assert message.kind is MessageKind.REQUEST and message.header is not None
    header = message.header
    assert (header.verb, header.noun, header.async_reply_flag) == (
        Verb.CREATE,
        "EndDeviceControls",
        True,
    )
    assert (header.correlation_id, header.reply_address) == (
        "TX-41",
        "http://cis.example/multispeak/v50/NOT_Server",
    )
    (control,) = CODEC_2013.read(message.payload[0]).end_device_controls
    assert control.end_device_control_type == Ref(profile.PAN_PRICING)
    assert control.end_devices == [
        EndDevice(mrid=GATEWAY, names=[Name.typed("HAN-7", "deviceName", "MultiSpeak")])
    ]
    assert control.pan_pricing is not None
    assert control.pan_pricing.start_date_time == T0
    first, second = control.pan_pricing.pan_pricing_details
    assert (first.price_tier, first.price_tier_count, first.price_tier_label) == (1, 2, "T1")
    assert (first.price, first.unit_of_measure, first.register_tier) == (
        Decimal("0.0812"),
        "kWh",
        "1",
    )
    assert (second.price, second.unit_of_measure, second.rate_label) == (
        Decimal("0.22501"),
        "kWh per slot",
        "Peak",
    )
    expiry = [entry for entry in report.entries if entry.path.endswith("/expirationTime")]
    assert [(entry.kind, entry.profile) for entry in expiry] == [(GapKind.LOST, "PANPricing")]


def test_a_pan_pricing_request_becomes_initiate_pan_pricing(assert_schema_valid: Any) -> None:
    body = msp_binding.write(pricing(), "InitiatePANPricing")
    message = find_msp50_route("InitiatePANPricing")(body, v5_header(), GapReport(), options())
    back, header = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert etree.QName(back).localname == "InitiatePANPricing"
    assert_schema_valid(envelope(back, header))
    assert msp_binding.read(back, InitiatePANPricing) == pricing()


def test_a_connect_disconnect_request_still_goes_to_its_own_translation() -> None:
    control = EndDeviceControl(
        end_device_control_type=Ref("3.31.0.23"), end_devices=[EndDevice(mrid=GATEWAY)]
    )
    message = Message(
        MessageKind.REQUEST,
        Header(
            Verb.CREATE,
            "EndDeviceControls",
            message_id="CD-1",
            correlation_id="TX-1",
            timestamp=T0,
        ),
        payload=[CODEC_2013.write(EndDeviceControls(end_device_controls=[control]))],
    )
    body, _ = find_cim_route50("EndDeviceControls", MessageKind.REQUEST)(
        message, GapReport(), options()
    )
    assert etree.QName(body).localname == "InitiateConnectDisconnect"


def test_price_bins_and_foreign_currencies_are_reported() -> None:
    call = pricing()
    assert call.price_tier_structure is not None
    call.price_tier_structure.price_bins = [PriceBin(bin_identifier="B1", rate_identifier="T2")]
    call.price_tier_structure.price_tiers[0].price = Money(
        value=Decimal("0.1"), currency_code="EUR"
    )
    report = GapReport()
    shared = TranslationState(
        report=report, profile="PANPricing", state={"default_currency": "USD"}
    )
    translate(profile.PAN_PRICING_CONTROL, call, Direction.TO_CIM, shared, "/InitiatePANPricing")
    lost = {entry.path: entry.value for entry in report.entries if entry.kind is GapKind.LOST}
    base = "/InitiatePANPricing/priceTierStructure"
    assert set(lost) == {f"{base}/priceBins", f"{base}/priceTiers/priceTier[1]/price/@currencyCode"}
    assert lost[f"{base}/priceTiers/priceTier[1]/price/@currencyCode"] == "EUR"


def test_a_pan_pricing_event_becomes_a_pan_pricing_notification(assert_schema_valid: Any) -> None:
    control = EndDeviceControl(
        end_device_control_type=Ref(profile.PAN_PRICING),
        end_devices=[EndDevice(mrid=GATEWAY)],
        pan_pricing=PanPricing(
            start_date_time=T0,
            provider_id=42,
            pan_pricing_details=[
                PanPricingDetail(price=Decimal("0.3"), price_tier=2, price_tier_count=2),
                PanPricingDetail(
                    price=Decimal("0.1"), price_tier=1, price_tier_count=2, price_tier_label="A"
                ),
            ],
        ),
    )
    event = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceControls", message_id="EV-9", correlation_id="TX-9"),
        payload=[CODEC_2013.write(EndDeviceControls(end_device_controls=[control]))],
    )
    report = GapReport()
    body, header = find_cim_route50("EndDeviceControls", MessageKind.EVENT)(
        event, report, options()
    )
    assert_schema_valid(envelope(body, header))
    call = msp_binding.read(body, PANPricingNotification)
    assert call.transaction_id == "TX-9"
    assert call.price_tier_structure is not None
    tiers = call.price_tier_structure.price_tiers
    assert [(tier.rate_identifier, tier.price) for tier in tiers] == [
        ("A", Money(value=Decimal("0.1"))),
        ("2", Money(value=Decimal("0.3"))),
    ]
    extensions = {
        item.ext_name: item.ext_value for item in call.price_tier_structure.extensions_list
    }
    assert extensions == {"CIM.PanPricing.providerID": "42"}
    changed = [entry for entry in report.entries if entry.profile == "PANPricing"]
    assert [(entry.path.rsplit("/", 1)[-1], entry.kind) for entry in changed] == [
        ("priceTierLabel", GapKind.CHANGED),
        ("providerID", GapKind.CARRIED),
    ]
    back = find_msp50_route("PANPricingNotification")(body, header, GapReport(), options())
    assert back.kind is MessageKind.EVENT
    (again,) = CODEC_2013.read(back.payload[0]).end_device_controls
    assert again.pan_pricing is not None and again.pan_pricing.provider_id == 42


def test_prices_without_a_start_are_refused_clearly() -> None:
    control = EndDeviceControl(
        end_device_control_type=Ref(profile.PAN_PRICING), pan_pricing=PanPricing()
    )
    with pytest.raises(MappingError, match="startDateTime"):
        translate(profile.PAN_PRICING_CONTROL, control, Direction.TO_MSP, None, "/EndDeviceControl")


units = st.sampled_from(["kWh", "Dollar", "cubic feet"]).map(lambda unit: Uom(value=unit)) | (
    st.text(alphabet="xyz ", min_size=1, max_size=6).map(
        lambda text: Uom(value="Other", other_kind=text)
    )
)
tiers = st.builds(
    PriceTier,
    rate_identifier=st.text(alphabet="ABT123", min_size=1, max_size=4),
    rate_label=st.none() | st.text(alphabet="abc -", min_size=1, max_size=8),
    price=st.none() | st.builds(Money, value=st.decimals(min_value=0, max_value=10, places=5)),
    units=st.none() | units,
    register=st.none() | st.integers(0, 9),
)


@settings(max_examples=60, deadline=None)
@given(
    tiers=st.lists(tiers, min_size=1, max_size=4),
    start=st.datetimes(timezones=st.just(UTC)).map(lambda at: at.replace(microsecond=0)),
)
def test_v5_to_cim_to_v5_keeps_every_price(tiers: list[PriceTier], start: datetime) -> None:
    call = InitiatePANPricing(
        price_tier_structure=PriceTierStructure(
            start_time=start, price_tiers=tiers, price_bins=profile.default_bins(tiers)
        ),
        pan_interface_id=PANInterfaceID(value=GATEWAY),
    )
    report = GapReport()
    shared = TranslationState(report=report, profile="PANPricing")
    control = translate(profile.PAN_PRICING_CONTROL, call, Direction.TO_CIM, shared, "")
    assert report.entries == []
    back = translate(profile.PAN_PRICING_CONTROL, control, Direction.TO_MSP, None, "")
    assert back == call
