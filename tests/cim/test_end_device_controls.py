"""The EndDeviceControls profile: 2013 documents valid against the official XSD, 2009 against the
declared one, both read back equal; control types declared once; outcome codes from the code system.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_controls import (
    CODEC_2009,
    CODEC_2013,
    CONTROL_OUTCOMES,
    NAMESPACE_2009,
    NAMESPACE_2013,
    ControlledAppliance,
    DateTimeInterval,
    EndDevice,
    EndDeviceControl,
    EndDeviceControls,
    EndDeviceControlType,
    EndDeviceGroup,
    EndDeviceTiming,
    Name,
    NameType,
    NameTypeAuthority,
    PanDemandResponse,
    PanDisplay,
    PanPricing,
    PanPricingDetail,
    RandomisationKind,
    Ref,
    TransmissionModeKind,
    UsagePoint,
    UsagePointGroup,
    UsagePointName,
    UsagePointNameType,
    declared_schema_2009,
    outcome_of,
)
from mspcim.cim.end_device_event_type import EndDeviceEventOrAction, EndDeviceEventTypeCode
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Verb
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.validation import SchemaSet

WHEN = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)
DISCONNECT = "3.31.0.23"
CONNECT = "3.31.0.18"


def meter_name(value: str, name_type: str = "meterID") -> Name:
    return Name(
        name=value,
        name_type=NameType(
            name=name_type, name_type_authority=NameTypeAuthority(name="MultiSpeak")
        ),
    )


def full_control() -> EndDeviceControl:
    """A control using every part of the 2013 schema (a PAN display as the action)."""
    return EndDeviceControl(
        mrid="ctl-1",
        dr_program_level=0,
        dr_program_mandatory=True,
        issuer_id="CIS",
        issuer_tracking_id="TX-9",
        price_signal=Decimal("0.125"),
        reason="NonPayment",
        pan_display=PanDisplay(
            command="show",
            duration=Decimal("15"),
            duration_indefinite=False,
            start_date_time=WHEN,
            confirmation_required=True,
            priority="high",
            text_message="Your power will be disconnected",
            transmission_mode=TransmissionModeKind.BOTH,
        ),
        end_device_control_type=Ref(DISCONNECT),
        end_device_groups=[EndDeviceGroup(mrid="g-1", names=[Name(name="Feeder 7")])],
        end_devices=[
            EndDevice(
                mrid="guid-1", names=[meter_name("M1001"), meter_name("Electric", "serviceType")]
            ),
            EndDevice(names=[meter_name("M1002")]),
        ],
        primary_device_timing=EndDeviceTiming(
            duration=Decimal("60"),
            duration_indefinite=False,
            randomisation=RandomisationKind.START_AND_END,
            interval=DateTimeInterval(end=WHEN.replace(hour=10), start=WHEN),
        ),
        secondary_device_timing=EndDeviceTiming(duration_indefinite=True),
        usage_point_groups=[UsagePointGroup(names=[Name(name="Route 3")])],
        usage_points=[
            UsagePoint(
                mrid="up-1",
                names=[
                    UsagePointName(
                        name="SL-77",
                        name_type=UsagePointNameType(
                            name="serviceLocationID",
                            name_type_authority=NameTypeAuthority(name="MultiSpeak"),
                        ),
                    )
                ],
            )
        ],
    )


def pan_controls() -> list[EndDeviceControl]:
    demand = PanDemandResponse(
        command="shed",
        avg_load_adjustment=Decimal("-10"),
        cancel_control_mode="randomized",
        cancel_date_time=WHEN,
        cancel_now=False,
        cooling_offset=Decimal("2"),
        cooling_setpoint=Decimal("26.5"),
        criticality_level="5",
        duty_cycle=Decimal("80"),
        enrollment_group="3",
        heating_offset=Decimal("1.5"),
        heating_setpoint=Decimal("18"),
        appliance=ControlledAppliance(is_water_heater=True, is_pool_pump_spa_jacuzzi=False),
    )
    pricing = PanPricing(
        provider_id=42,
        pan_pricing_details=[
            PanPricingDetail(
                alternate_cost_delivered=Decimal("0.4"),
                alternate_cost_unit="kg CO2/kWh",
                current_time_date=WHEN,
                generation_price=Decimal("0.07"),
                generation_price_ratio=Decimal("1.1"),
                price=Decimal("0.21"),
                price_ratio=Decimal("1.2"),
                price_tier=2,
                price_tier_count=4,
                price_tier_label="peak",
                rate_label="TOU-A",
                register_tier="2",
                unit_of_measure="kWh",
            )
        ],
    )
    return [
        EndDeviceControl(
            end_device_control_type=Ref("12.0.0.0"), pan_demand_response=demand, end_devices=[]
        ),
        EndDeviceControl(end_device_control_type=Ref("12.0.0.0"), pan_pricing=pricing),
    ]


@pytest.fixture(scope="module")
def schema_2009(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("declared") / "EndDeviceControls-2009.xsd"
    path.write_bytes(etree.tostring(declared_schema_2009()))
    return path


@pytest.fixture
def schemas_with_2009(schemas: SchemaSet, schema_2009: Path, tmp_path: Path) -> SchemaSet:
    return SchemaSet(schemas.root, cache_dir=tmp_path, extra={NAMESPACE_2009: schema_2009})


def reparse(element: etree._Element) -> etree._Element:
    return xmlsafe.parse(etree.tostring(element))


# --- 2013: the official schema


def test_full_document_is_valid_and_reads_back_equal(assert_schema_valid) -> None:
    document = EndDeviceControls([full_control(), *pan_controls()])

    element = CODEC_2013.write(document)

    assert element.tag == f"{{{NAMESPACE_2013}}}EndDeviceControls"
    assert_schema_valid(element, edition="2013")
    back = CODEC_2013.read(reparse(element))
    assert back.end_device_controls == document.end_device_controls


def test_every_referenced_code_is_declared_once_with_its_literals(assert_schema_valid) -> None:
    document = EndDeviceControls(
        [
            EndDeviceControl(end_device_control_type=Ref(DISCONNECT)),
            EndDeviceControl(end_device_control_type=Ref(CONNECT)),
            EndDeviceControl(end_device_control_type=Ref(DISCONNECT)),
        ]
    )

    element = CODEC_2013.write(document)

    assert_schema_valid(element)
    types = CODEC_2013.read(element).end_device_control_types
    assert [item.mrid for item in types] == [DISCONNECT, CONNECT]
    assert types[0] == EndDeviceControlType(
        mrid=DISCONNECT,
        domain="rcdSwitch",
        event_or_action="disconnect",
        sub_domain="notApplicable",
        type="electricMeter",
        names=Ref("electricMeter rcdSwitch disconnect"),
    )
    assert types[1].event_or_action == "connect"
    assert document.end_device_control_types == [], "the caller's document is left as it was"


def test_a_type_declared_under_a_vendor_mrid_is_resolved_to_its_code() -> None:
    element = etree.fromstring(
        f"""<m:EndDeviceControls xmlns:m="{NAMESPACE_2013}">
          <m:EndDeviceControl><m:EndDeviceControlType ref="vendor-77"/></m:EndDeviceControl>
          <m:EndDeviceControlType>
            <m:mRID>vendor-77</m:mRID><m:domain>rcdSwitch</m:domain>
            <m:eventOrAction>connect</m:eventOrAction><m:subDomain>0</m:subDomain>
            <m:type>electricMeter</m:type><m:Names ref="vendor connect"/>
          </m:EndDeviceControlType>
        </m:EndDeviceControls>"""
    )

    document = CODEC_2013.read(element)

    assert [control.code for control in document.end_device_controls] == [CONNECT]
    assert document.end_device_control_types[0].mrid == "vendor-77"


def test_given_declarations_are_kept_and_not_repeated() -> None:
    given_type = EndDeviceControlType(mrid=CONNECT, type="electricMeter", names=Ref("mine"))
    document = EndDeviceControls(
        [EndDeviceControl(end_device_control_type=Ref(CONNECT))], [given_type]
    )

    back = CODEC_2013.read(CODEC_2013.write(document))

    assert back.end_device_control_types == [given_type]


@pytest.mark.parametrize(
    ("xml", "message", "where"),
    [
        (
            '<m:EndDeviceControl><m:EndDeviceControlType ref="3.31.x.23"/></m:EndDeviceControl>',
            "'subDomain' is not a decimal integer",
            "/EndDeviceControls/EndDeviceControl[1]/EndDeviceControlType/@ref",
        ),
        (
            "<m:EndDeviceControl><m:EndDeviceControlType/></m:EndDeviceControl>",
            "no EndDeviceControlType ref",
            "/EndDeviceControls/EndDeviceControl[1]/EndDeviceControlType/@ref",
        ),
        (
            "<m:EndDeviceControl><m:mRID>c</m:mRID></m:EndDeviceControl>",
            "EndDeviceControlType is required",
            "/EndDeviceControls/EndDeviceControl[1]/EndDeviceControlType",
        ),
        (
            "<m:EndDeviceControl><m:EndDeviceControlType ref='x'/></m:EndDeviceControl>"
            "<m:EndDeviceControlType><m:mRID>x</m:mRID><m:domain>nowhere</m:domain>"
            "<m:eventOrAction>connect</m:eventOrAction><m:subDomain>0</m:subDomain>"
            "<m:type>3</m:type><m:Names/></m:EndDeviceControlType>",
            "unknown literal 'nowhere'",
            "/EndDeviceControls/EndDeviceControlType[1]",
        ),
    ],
    ids=["bad-code", "no-ref", "no-type", "bad-declaration"],
)
def test_bad_control_types_are_refused_with_their_place(xml: str, message: str, where: str) -> None:
    element = etree.fromstring(
        f'<m:EndDeviceControls xmlns:m="{NAMESPACE_2013}">{xml}</m:EndDeviceControls>'
    )

    with pytest.raises((MappingError, MessageFormatError)) as raised:
        CODEC_2013.read(element)

    assert message in raised.value.reason
    assert raised.value.xpath == where


def test_writing_an_unparsable_code_names_the_control() -> None:
    document = EndDeviceControls(
        [
            EndDeviceControl(end_device_control_type=Ref(CONNECT)),
            EndDeviceControl(end_device_control_type=Ref("99.31.0.23")),
        ]
    )

    with pytest.raises(MappingError) as raised:
        CODEC_2013.write(document)

    assert "'type' has unknown value 99" in raised.value.reason
    assert raised.value.xpath == "/EndDeviceControls/EndDeviceControl[2]/EndDeviceControlType/@ref"


def test_a_document_of_another_profile_is_refused() -> None:
    element = etree.Element(f"{{{NAMESPACE_2009}}}EndDeviceControls")

    with pytest.raises(MessageFormatError, match="expected EndDeviceControls"):
        CODEC_2013.read(element)


# --- the registry


def test_both_editions_are_registered() -> None:
    assert payload_codec("EndDeviceControls", Edition.CIM2013) is CODEC_2013
    assert payload_codec("EndDeviceControls", Edition.CIM2009) is CODEC_2009
    assert payload_for_tag(f"{{{NAMESPACE_2013}}}EndDeviceControls") is CODEC_2013
    assert payload_for_tag(f"{{{NAMESPACE_2009}}}EndDeviceControls") is CODEC_2009
    assert CODEC_2013.official_schema == "iec61968-9-2011/EndDeviceControls.xsd"
    assert CODEC_2013.declared_schema is None
    assert CODEC_2009.official_schema is None


# --- 2009: the declared schema


def test_2009_uses_first_edition_names_and_its_declared_schema(schema_2009: Path) -> None:
    document = EndDeviceControls([full_control(), *pan_controls()])

    element = CODEC_2009.write(document)

    schema = etree.XMLSchema(etree.parse(str(schema_2009)))
    assert schema.validate(element), schema.error_log
    names = {etree.QName(node).localname for node in element.iter()}
    assert {"EndDeviceAssets", "ServiceDeliveryPoints"} <= names
    assert not {"EndDevices", "UsagePoints"} & names
    assert CODEC_2009.read(reparse(element)).end_device_controls == document.end_device_controls


def test_declared_schema_refuses_what_the_official_one_refuses(schema_2009: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(schema_2009)))
    element = CODEC_2009.write(
        EndDeviceControls([EndDeviceControl(end_device_control_type=Ref(CONNECT))])
    )
    etree.SubElement(element[0], f"{{{NAMESPACE_2009}}}colour").text = "red"

    assert not schema.validate(element)
    bad_enum = CODEC_2009.write(
        EndDeviceControls(
            [
                EndDeviceControl(
                    end_device_control_type=Ref(CONNECT),
                    primary_device_timing=EndDeviceTiming(randomisation=RandomisationKind.END),
                )
            ]
        )
    )
    bad_enum.find(f".//{{{NAMESPACE_2009}}}randomisation").text = "sometimes"
    assert not schema.validate(bad_enum)


@pytest.mark.parametrize(
    ("edition", "form"),
    [
        (Edition.CIM2013, EnvelopeForm.IEC61968_100),
        (Edition.CIM2013, EnvelopeForm.NOUN_WRAPPER),
        (Edition.CIM2009, EnvelopeForm.IEC61968_100),
    ],
    ids=["2013-100", "2013-noun", "2009-100"],
)
def test_create_request_is_valid_in_every_envelope(schemas_with_2009, edition, form) -> None:
    """(The noun-wrapper messages of the 61968-9:2013 WSDLs carry 2013 payloads only.)"""
    document = EndDeviceControls([full_control()])
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CREATE, "EndDeviceControls", timestamp=WHEN, message_id="m-1"),
        payload=[payload_codec("EndDeviceControls", edition).write(document)],
        form=form,
    )

    element = build_message(message)

    assert schemas_with_2009.validate(element) == []
    back = read_message(reparse(element))
    (payload,) = back.payload
    codec = payload_for_tag(payload.tag)
    assert codec is not None and codec.edition is edition
    assert codec.read(payload).end_device_controls == document.end_device_controls


# --- outcomes


def test_outcome_codes_are_rcd_switch_codes_of_an_electric_meter() -> None:
    for outcome in CONTROL_OUTCOMES:
        for text in (outcome.control, outcome.succeeded, outcome.failed):
            if text is None:
                continue
            code = EndDeviceEventTypeCode.parse(text)
            assert code.is_documented, text
            assert code.text == text
            assert code.describe().startswith("electricMeter rcdSwitch ")
    assert len({outcome.control for outcome in CONTROL_OUTCOMES}) == len(CONTROL_OUTCOMES)


@pytest.mark.parametrize(
    ("control", "succeeded", "failed"),
    [
        (DISCONNECT, EndDeviceEventOrAction.DISCONNECTED, EndDeviceEventOrAction.DISCONNECTFAILED),
        (CONNECT, EndDeviceEventOrAction.CONNECTED, EndDeviceEventOrAction.CONNECTFAILED),
    ],
)
def test_connect_and_disconnect_outcomes(control, succeeded, failed) -> None:
    outcome = outcome_of(control)

    assert outcome is not None
    assert EndDeviceEventTypeCode.parse(outcome.succeeded).event_or_action is succeeded
    assert outcome.failed is not None
    assert EndDeviceEventTypeCode.parse(outcome.failed).event_or_action is failed
    assert outcome_of("3.26.0.85") is None


# --- round trips of generated documents

_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " -_.:/", max_size=12)
_DECIMAL = st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_CODES = st.sampled_from([outcome.control for outcome in CONTROL_OUTCOMES])


def _names() -> st.SearchStrategy[list[Name]]:
    name_type = st.builds(
        NameType,
        name=_TEXT,
        description=st.none() | _TEXT,
        name_type_authority=st.none() | st.builds(NameTypeAuthority, name=_TEXT),
    )
    return st.lists(st.builds(Name, name=_TEXT, name_type=st.none() | name_type), max_size=3)


def _usage_point_names() -> st.SearchStrategy[list[UsagePointName]]:
    name_type = st.builds(
        UsagePointNameType,
        name=_TEXT,
        description=st.none() | _TEXT,
        name_type_authority=st.builds(NameTypeAuthority, name=_TEXT, description=st.none() | _TEXT),
    )
    return st.lists(
        st.builds(UsagePointName, name=_TEXT, name_type=st.none() | name_type), max_size=3
    )


def _controls() -> st.SearchStrategy[EndDeviceControl]:
    return st.builds(
        EndDeviceControl,
        mrid=st.none() | _TEXT,
        dr_program_level=st.none() | st.integers(-5, 5),
        dr_program_mandatory=st.none() | st.booleans(),
        issuer_id=st.none() | _TEXT,
        issuer_tracking_id=st.none() | _TEXT,
        price_signal=st.none() | _DECIMAL,
        reason=st.none() | _TEXT,
        end_device_control_type=_CODES.map(Ref),
        end_devices=st.lists(
            st.builds(EndDevice, mrid=st.none() | _TEXT, names=_names()), max_size=3
        ),
        usage_points=st.lists(
            st.builds(UsagePoint, mrid=st.none() | _TEXT, names=_usage_point_names()), max_size=2
        ),
        primary_device_timing=st.none()
        | st.builds(
            EndDeviceTiming,
            duration=st.none() | _DECIMAL,
            duration_indefinite=st.none() | st.booleans(),
            randomisation=st.none() | st.sampled_from(RandomisationKind),
            interval=st.none()
            | st.builds(DateTimeInterval, end=st.none() | _WHEN, start=st.none() | _WHEN),
        ),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(controls=st.lists(_controls(), max_size=4))
def test_generated_documents_round_trip_in_both_editions(
    controls: list[EndDeviceControl], assert_schema_valid, schema_2009: Path
) -> None:
    document = EndDeviceControls(controls)
    declared = etree.XMLSchema(etree.parse(str(schema_2009)))

    element_2013 = CODEC_2013.write(document)
    element_2009 = CODEC_2009.write(document)

    assert_schema_valid(element_2013)
    assert declared.validate(element_2009), declared.error_log
    assert CODEC_2013.read(reparse(element_2013)).end_device_controls == controls
    assert CODEC_2009.read(reparse(element_2009)).end_device_controls == controls
    assert CODEC_2009.read(element_2009) == CODEC_2013.read(element_2013)
