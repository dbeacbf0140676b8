"""Profile 8.24 PricingStructureConfig: MultiSpeak ``RateChangedNotification`` ⇄ CIM, both ways.

Values asserted on both sides (codes, prices exact with their currencies, dates, ids); MultiSpeak
output validated against the official 4.1.6 schemas, CIM output against Message.xsd and the XSD
the project declares for the profile (both editions).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from payment_strategies import pricing_structures, rates
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import (
    Error,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.pricing_structure_config import (
    CODEC_2009,
    CODEC_2013,
    AccountingUnit,
    Charge,
    PricingStructure,
    PricingStructureConfig,
    RevenueKind,
    Tariff,
    TariffProfile,
    TimeTariffInterval,
)
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import pricing_structure_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import Exchange, operation
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
    read_array_of_error_object_response,
)
from mspcim.multispeak.v41.rate import Rate, RateChangedNotification, RateComponent
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pricing_structure_config"
NOTIFICATION = FIXTURES / "rate_changed_notification.soap11.xml"
CHANGED = FIXTURES / "pricing_structure_config_changed.xml"
P2013 = "{http://iec.ch/TC57/2011/PricingStructureConfig#}"


def soap(body: etree._Element, **header: object) -> etree._Element:
    """``body`` in a SOAP 1.1 envelope with a MultiSpeakMsgHeader."""
    msp_header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def structure_of(message: Message, edition: Edition = Edition.CIM2013) -> PricingStructure:
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    document: PricingStructureConfig = codec.read(message.payload[0])
    (structure,) = document.pricing_structures
    return structure


def charges_of(structure: PricingStructure) -> list[Charge]:
    (tariff,) = structure.tariffs
    (profile,) = tariff.tariff_profiles
    (interval,) = profile.time_tariff_intervals
    assert (interval.sequence_number, interval.start_time) == (1, Decimal(0))
    return interval.charges


def names_of(names: list[Name]) -> dict[str, str]:
    return {name.type_name or "": name.name for name in names}


# --- MultiSpeak → CIM


def test_rate_changed_notification_becomes_a_changed_pricing_structure(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(NOTIFICATION.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.EVENT and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CHANGED, "PricingStructureConfig")
    assert message.header.message_id == "MSG-2026-0401-0007"
    assert message.header.correlation_id == "TX-RATE-2026-04"
    structure = structure_of(message)
    assert structure.mrid == "3c9e7a10-5b2d-4e8f-9a61-0d4c2b7e8f90"
    assert (structure.code, structure.name) == ("RS-1", "Residential service")
    assert structure.description == "Residential single phase"
    assert names_of(structure.pricing_structure_names) == {
        "startTime": "2026-04-01T00:00:00-06:00",
        "comments": "2026 rate case, order 26-114",
        "utility": "NWEC",
    }
    assert structure.tariffs[0].start_date == date(2026, 4, 1)
    energy, second, customer = charges_of(structure)
    assert energy.fixed_portion == AccountingUnit(value=Decimal("0.10"), monetary_unit="USD")
    assert second.fixed_portion == AccountingUnit(value=Decimal("0.20"), monetary_unit="USD")
    assert customer.fixed_portion == AccountingUnit(value=Decimal("32.500"), monetary_unit="CAD")
    assert (energy.name, energy.description) == ("RS-1-E1", "Energy charge, first 1000 kWh")
    assert names_of(energy.charge_names) == {"commodityUnits": "kWh"}
    assert customer.charge_names == []
    values = result.document.findall(f".//{P2013}fixedPortion/{P2013}value")
    assert [value.text for value in values] == ["0.10", "0.20", "32.500"]
    entries = {entry.path: entry for entry in result.gaps}
    start = entries["/RateChangedNotification/rateInfo[1]/startTime"]
    assert (start.kind, start.value) == (GapKind.CHANGED, "2026-04-01T00:00:00-06:00")
    assert entries["/MultiSpeakMsgHeader/@Pwd"].value == "********"
    assert b"r4tes-Pwd" not in etree.tostring(result.document)


def test_the_2009_edition_is_declared_too(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(NOTIFICATION.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    message = read_message(result.document)
    assert message.payload[0].tag == (
        "{http://iec.ch/TC57/2009/PricingStructureConfig#}PricingStructureConfig"
    )
    structure = structure_of(message, Edition.CIM2009)
    assert [charge.fixed_portion for charge in charges_of(structure)][2] == AccountingUnit(
        value=Decimal("32.500"), monetary_unit="CAD"
    )


def test_the_notification_comes_back_as_itself(assert_schema_valid):
    source = xmlsafe.parse(NOTIFICATION.read_bytes())
    there = translate_document(source, "cim")
    back = translate_document(there.document, "msp41")
    assert_schema_valid(back.document)
    envelope = read_envelope(back.document)
    header = read_header(envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader")))
    assert header.default_currency_code == "USD"
    again = msp_binding.read(envelope.first_body, RateChangedNotification)
    original = msp_binding.read(read_envelope(source).first_body, RateChangedNotification)
    assert again.transaction_id == "TX-RATE-2026-04"
    assert again.rate_info is not None and original.rate_info is not None
    assert again.rate_info.start_time == datetime(2026, 4, 1, 6, 0, tzinfo=UTC)
    assert again.rate_info.start_time.utcoffset() == timedelta(hours=-6)
    # the explicit USD of the first price is the header's default: it is left to the header
    assert original.rate_info.rate_components[0].currency_code == "USD"
    original.rate_info.rate_components[0].currency_code = None
    assert again.rate_info == original.rate_info
    assert [entry for entry in back.gaps if entry.kind is GapKind.LOST] == []


# --- CIM → MultiSpeak


def test_a_changed_pricing_structure_becomes_a_rate_changed_notification(assert_schema_valid):
    result = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "msp41")
    assert_schema_valid(result.document)
    call = msp_binding.read(read_envelope(result.document).first_body, RateChangedNotification)
    assert call.transaction_id == "TX-RATE-2026-05"
    rate = call.rate_info
    assert rate is not None
    assert (rate.object_id, rate.rate_code, rate.object_name) == (
        "8d2f6b1e-2a4c-4f7e-b9d0-3e5f7a9c1b2d",
        "GS-2",
        "General service",
    )
    assert rate.start_time == datetime(2026, 5, 1, tzinfo=UTC)
    assert rate.rate_components == [
        RateComponent(
            value=Decimal("0.071234567890123"),
            currency_code="USD",
            commodity_units="kWh",
            rate_component_description="Energy charge",
            rate_code="GS-2-E",
        )
    ]
    carried = {item.ext_name: item.ext_value for item in rate.extensions_list}
    assert carried == {
        "CIM.PricingStructure.revenueKind": "commercial",
        "CIM.PricingStructure.taxExemption": "false",
        "CIM.PricingStructure.ServiceCategory.kind": "electricity",
    }
    lost = {entry.value: entry for entry in result.gaps.lost}
    assert set(lost) == {"GS-2-F", "consumptionCharge", "tariffFile=rate-file-2026"}
    assert lost["GS-2-F"].reason == "a rateComponent is an amount: no fixedPortion"
    text = etree.tostring(result.document).decode()
    assert ">0.071234567890123<" in text


def test_carried_cim_values_come_back(declared: SchemaSet):
    there = translate_document(xmlsafe.parse(CHANGED.read_bytes()), "msp41")
    back = translate_document(there.document, "cim")
    assert declared.validate(back.document) == []
    structure = structure_of(read_message(back.document))
    assert structure.revenue_kind is RevenueKind.COMMERCIAL
    assert structure.tax_exemption is False
    assert structure.service_category is not None
    assert structure.service_category.kind.value == "electricity"
    (charge,) = charges_of(structure)
    assert charge.fixed_portion == AccountingUnit(
        value=Decimal("0.071234567890123"), monetary_unit="USD"
    )


@pytest.mark.parametrize("verb", [Verb.CREATED, Verb.CREATE, Verb.CHANGE])
def test_other_verbs_announce_the_rate_and_say_so(verb: Verb):
    document = PricingStructureConfig(pricing_structures=[PricingStructure(code="R-1")])
    message = Message(
        MessageKind.EVENT if verb is Verb.CREATED else MessageKind.REQUEST,
        Header(verb, "PricingStructureConfig", message_id="X"),
        payload=[CODEC_2013.write(document)],
    )
    result = translate_document(build_message(message), "msp41")
    call = msp_binding.read(read_envelope(result.document).first_body, RateChangedNotification)
    assert call.rate_info == Rate(rate_code="R-1")
    changed = [entry for entry in result.gaps if entry.path == "/Header/Verb"]
    assert [(entry.kind, entry.value) for entry in changed] == [(GapKind.CHANGED, verb.value)]


def test_a_deleted_rate_is_refused_clearly():
    message = Message(
        MessageKind.EVENT,
        Header(Verb.DELETED, "PricingStructureConfig", message_id="X"),
        payload=[CODEC_2013.write(PricingStructureConfig())],
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "no MultiSpeak 4.1 operation for deleted PricingStructureConfig" in str(caught.value)


def test_structure_a_rate_cannot_hold_is_reported():
    price = AccountingUnit(value=Decimal("1.5"), monetary_unit="EUR")
    first = Tariff(
        mrid="T-1",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        tariff_profiles=[
            TariffProfile(
                tariff_cycle="daily",
                time_tariff_intervals=[
                    TimeTariffInterval(
                        sequence_number=2,
                        start_time=Decimal(25200),
                        charges=[Charge(name="peak", fixed_portion=price)],
                    )
                ],
            )
        ],
    )
    second = Tariff(start_date=date(2027, 1, 1))
    document = PricingStructureConfig(
        pricing_structures=[PricingStructure(code="TOU-1", tariffs=[first, second])]
    )
    report = GapReport()
    (rate,) = pricing_structure_config.to_msp(document, report)
    assert rate.start_time == datetime(2026, 1, 1, tzinfo=UTC)
    assert rate.rate_components == [
        RateComponent(value=Decimal("1.5"), currency_code="EUR", rate_code="peak")
    ]
    lost = [(entry.value, entry.reason) for entry in report.lost]
    assert lost == [
        ("2027-01-01", "a rate is one tariff: the first Tariff maps"),
        ("T-1", "a rate has no tariff id"),
        ("2026-12-31", "a rate has no end date"),
        ("daily", "a rate has no tariff cycle"),
        (
            "interval 2 at 25200 s",
            "rateComponents have no time of use (TOUSchedules are not mapped)",
        ),
    ]


def test_elements_no_mapping_reads_are_reported():
    call = RateChangedNotification(rate_info=Rate(rate_code="R-1"))
    body = msp_binding.write(call, "RateChangedNotification")
    tou = etree.SubElement(body[0], f"{{{ns.MSP41}}}TOUSchedules")
    etree.SubElement(tou, f"{{{ns.MSP41}}}TOUSchedule").set("objectID", "tou-1")
    result = translate_document(soap(body), "cim")
    paths = [entry.path for entry in result.gaps.lost]
    assert "/RateChangedNotification/rateInfo/TOUSchedules" in paths


def test_the_response_maps_its_error_objects_both_ways(assert_schema_valid):
    errors = [ErrorObject(object_id="RS-1", error_string="unknown rate code")]
    body = build_array_of_error_object_response("RateChangedNotification", errors)
    result = translate_document(soap(body), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE and message.reply is not None
    assert message.reply.result is ReplyResult.FAILED
    assert [(error.id.value if error.id else None) for error in message.reply.errors] == ["RS-1"]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    again = read_array_of_error_object_response(read_envelope(back.document).first_body)
    assert [(error.object_id, error.error_string) for error in again] == [
        ("RS-1", "unknown rate code")
    ]


def test_a_reply_with_errors_becomes_a_response_with_error_objects():
    reply = Reply(
        ReplyResult.FAILED, [Error(code="2.4", reason="rate refused", id=ObjectID("R-9"))]
    )
    message = Message(
        MessageKind.RESPONSE, Header(Verb.REPLY, "PricingStructureConfig"), reply=reply
    )
    result = translate_document(build_message(message), "msp41")
    errors = read_array_of_error_object_response(read_envelope(result.document).first_body)
    assert [error.object_id for error in errors] == ["R-9"]


def test_operations_are_in_the_catalogue():
    for endpoint in ("MR_Server", "MDM_Server", "NOT_Server"):
        row = operation(endpoint, "RateChangedNotification")
        assert (row.exchange, row.cim_verb, row.cim_noun) == (
            Exchange.NOTIFICATION,
            "changed",
            "PricingStructureConfig",
        )


# --- round trips


@settings(max_examples=80, deadline=None)
@given(st.lists(rates, min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(items: list[Rate]):
    report = GapReport()
    document = pricing_structure_config.to_cim(items, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    back = pricing_structure_config.to_msp(CODEC_2013.read(element), GapReport())
    assert back == items


@settings(max_examples=80, deadline=None)
@given(st.lists(pricing_structures, min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(structures: list[PricingStructure], edition: Edition):
    report = GapReport()
    items = pricing_structure_config.to_msp(
        PricingStructureConfig(pricing_structures=structures), report
    )
    assert report.lost == []
    body = msp_binding.write(RateChangedNotification(rate_info=items[0]), "RateChangedNotification")
    again = msp_binding.read(body, RateChangedNotification)
    assert again.rate_info is not None
    back = pricing_structure_config.to_cim([again.rate_info, *items[1:]], GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    assert codec.read(codec.write(back)) == PricingStructureConfig(pricing_structures=structures)


@settings(max_examples=30, deadline=None)
@given(rates)
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, rate: Rate):
    body = msp_binding.write(
        RateChangedNotification(rate_info=rate, transaction_id="T"), "RateChangedNotification"
    )
    assert schemas.validate(body) == []


def test_a_start_that_is_not_midnight_utc_comes_back_exactly():
    start = datetime(2026, 4, 1, 7, 30, tzinfo=timezone(timedelta(hours=2)))
    report = GapReport()
    document = pricing_structure_config.to_cim([Rate(start_time=start)], report)
    (structure,) = document.pricing_structures
    assert structure.tariffs[0].start_date == date(2026, 4, 1)
    (rate,) = pricing_structure_config.to_msp(document, GapReport())
    assert rate.start_time == start and rate.start_time.utcoffset() == timedelta(hours=2)


# --- the command line


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (NOTIFICATION, "cim", "EventMessage"),
        (NOTIFICATION, "cim2009", "EventMessage"),
        (CHANGED, "msp41", "Envelope"),
    ],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document, **({"edition": "2009"} if to == "cim2009" else {})) == []
    assert '"kind": "carried"' in result.stderr
