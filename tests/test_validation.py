"""The validator really judges: valid documents pass, and each kind of breakage is reported."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from mspcim import ns
from mspcim.exceptions import ConfigurationError, SchemaError
from mspcim.validation import SchemaSet, default_schema_set, find_schema_dir
from mspcim.validation._report import MAX_LINES

MSP = ns.MSP41
MSG = ns.MESSAGE
WWW = ns.MESSAGE_WWW
MR = ns.METER_READINGS_2011
MR09 = ns.METER_READINGS_2009
WRAP = ns.METER_READINGS_MESSAGE
RT_MRID = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


def el(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrib: str
) -> etree._Element:
    """An element (under ``parent`` when given) with optional text and attributes."""
    node = etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    node.text = text
    return node


def q(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


def reparse(element: etree._Element) -> etree._Element:
    """Serialise pretty and parse again, so elements carry source line numbers."""
    return etree.fromstring(etree.tostring(element, pretty_print=True))


# -- builders ------------------------------------------------------------------------------------


def msp_header(**attrib: str) -> etree._Element:
    values = {"BuildString": "Release", "MajorVersion": "4", "MinorVersion": "1", "Build": "6"}
    values.update(attrib)
    return el(None, q(MSP, "MultiSpeakMsgHeader"), **values)


def initiate_by_meter_id(*meters: str) -> etree._Element:
    body = el(None, q(MSP, "InitiateMeterReadingsByMeterID"))
    ids = el(body, q(MSP, "meterIDs"))
    for meter in meters or ("MTR-1", "MTR-2"):
        el(ids, q(MSP, "meterID"), meter, meterNo=meter, serviceType="Electric", utility="U1")
    el(body, q(MSP, "responseURL"), "http://cb.example/CB_Server")
    el(body, q(MSP, "transactionID"), "T-1")
    el(body, q(MSP, "expTime"), "30", units="Minutes")
    return body


def reading_changed(units: str = "kWh") -> etree._Element:
    body = el(None, q(MSP, "ReadingChangedNotification"))
    reads = el(body, q(MSP, "changedMeterReads"))
    reading = el(reads, q(MSP, "meterReading"), objectID="R-1")
    el(reading, q(MSP, "meterID"), "MTR-1", meterNo="MTR-1", serviceType="Electric")
    values = el(reading, q(MSP, "readingValues"))
    value = el(values, q(MSP, "readingValue"))
    el(value, q(MSP, "units"), units)
    el(value, q(MSP, "value"), "12345.6")
    el(value, q(MSP, "timeStamp"), "2024-05-01T12:00:00Z")
    el(body, q(MSP, "transactionID"), "T-1")
    return body


def envelope(
    soap: str, *bodies: etree._Element, header: etree._Element | None = None
) -> etree._Element:
    prefix = "soap" if soap == ns.SOAP11 else "env"
    env = etree.Element(q(soap, "Envelope"), nsmap={prefix: soap})
    if header is not None:
        el(env, q(soap, "Header")).append(header)
    body = el(env, q(soap, "Body"))
    for child in bodies:
        body.append(child)
    return env


def meter_readings_2011(value: str = "12345.6", *, names: bool = True) -> etree._Element:
    root = etree.Element(q(MR, "MeterReadings"), nsmap={None: MR})
    reading = el(root, q(MR, "MeterReading"))
    meter = el(reading, q(MR, "Meter"))
    el(meter, q(MR, "mRID"), "MTR-1")
    readings = el(reading, q(MR, "Readings"))
    el(readings, q(MR, "timeStamp"), "2024-05-01T12:00:00Z")
    el(readings, q(MR, "value"), value)
    el(readings, q(MR, "ReadingType"), ref=RT_MRID)
    reading_type = el(root, q(MR, "ReadingType"))
    el(reading_type, q(MR, "mRID"), RT_MRID)
    if names:
        el(el(reading_type, q(MR, "Names")), q(MR, "name"), "Forward Energy (kWh)")
    return root


def message_header(parent: etree._Element, verb: str, noun: str, namespace: str = MSG) -> None:
    header = el(parent, q(ns.namespace_of(parent.tag), "Header"))
    el(header, q(namespace, "Verb"), verb)
    el(header, q(namespace, "Noun"), noun)


def request_message(verb: str = "get") -> etree._Element:
    root = etree.Element(q(MSG, "RequestMessage"), nsmap={None: MSG})
    message_header(root, verb, "MeterReadings")
    request = el(root, q(MSG, "Request"))
    el(request, q(MSG, "ID"), "MTR-1", kind="name", objectType="Meter")
    el(request, q(MSG, "ID"), "MTR-2", kind="name", objectType="Meter")
    return root


def response_message(*payload: etree._Element, result: str = "OK") -> etree._Element:
    root = etree.Element(q(MSG, "ResponseMessage"), nsmap={None: MSG})
    message_header(root, "reply", "MeterReadings")
    el(el(root, q(MSG, "Reply")), q(MSG, "Result"), result)
    if payload:
        container = el(root, q(MSG, "Payload"))
        for child in payload:
            container.append(child)
    return root


def wrapper_response(*payload: etree._Element) -> etree._Element:
    root = etree.Element(q(WRAP, "MeterReadingsResponseMessage"), nsmap={"m": WRAP, "msg": WWW})
    message_header(root, "reply", "MeterReadings", namespace=WWW)
    el(el(root, q(WRAP, "Reply")), q(WWW, "Result"), "OK")
    container = el(root, q(WRAP, "Payload"))
    for child in payload:
        container.append(child)
    return root


def meter_readings_2009(
    namespace: str | None = MR09, value: str = "1.5", unit: str = "Wh"
) -> etree._Element:
    def t(local: str) -> str:
        return q(namespace, local) if namespace else local

    root = etree.Element(t("MeterReadings"), nsmap={None: namespace} if namespace else None)
    reading = el(root, t("MeterReading"))
    el(reading, t("mRID"), "MR-1")
    el(reading, t("name"), "daily read")
    readings = el(el(reading, t("Readings")), t("Reading"))
    for local, text in (("mRID", "R-1"), ("name", "kWh"), ("timeStamp", "2024-05-01T12:00:00Z")):
        el(readings, t(local), text)
    el(readings, t("value"), value)
    el(readings, t("ReadingType"), ref="RT-1")
    meter = el(reading, t("Meter"))
    for local in ("mRID", "name", "serialNumber"):
        el(meter, t(local), "MTR-1")
    el(el(reading, t("UsagePoint")), t("mRID"), "UP-1")
    reading_type = el(el(root, t("ReadingTypes")), t("ReadingType"))
    for local, text in (
        ("mRID", "RT-1"),
        ("name", "energy"),
        ("flowDirection", "forward"),
        ("measurementKind", "energy"),
        ("kind", "energy"),
        ("multiplier", "k"),
        ("unit", unit),
    ):
        el(reading_type, t(local), text)
    return root


def joined(errors: list[str]) -> str:
    assert errors, "expected errors, got a valid document"
    return "\n".join(errors)


# -- MultiSpeak 4.1 in SOAP ----------------------------------------------------------------------


@pytest.mark.parametrize("soap", [ns.SOAP11, ns.SOAP12], ids=["soap11", "soap12"])
def test_initiate_meter_readings_envelope_is_valid(schemas: SchemaSet, soap: str) -> None:
    document = envelope(soap, initiate_by_meter_id("MTR-1", "MTR-2"), header=msp_header())
    assert schemas.validate(document) == []
    assert schemas.validate(reparse(document)) == []


def test_assert_schema_valid_fixture_takes_bytes(assert_schema_valid) -> None:
    document = envelope(ns.SOAP11, initiate_by_meter_id(), header=msp_header())
    assert_schema_valid(etree.tostring(document))
    assert_schema_valid(document)


def test_missing_build_string_is_reported(schemas: SchemaSet) -> None:
    header = msp_header()
    del header.attrib["BuildString"]
    errors = schemas.validate(envelope(ns.SOAP11, initiate_by_meter_id(), header=header))
    assert "/Envelope/Header/MultiSpeakMsgHeader" in joined(errors)
    assert "BuildString" in joined(errors)
    assert "required" in joined(errors)


def test_unknown_element_in_multispeak_body_is_reported(schemas: SchemaSet) -> None:
    body = initiate_by_meter_id()
    el(body, q(MSP, "meterColour"), "blue")
    errors = schemas.validate(envelope(ns.SOAP12, body, header=msp_header()))
    assert "meterColour" in joined(errors)


def test_bad_attribute_enumeration_is_located(schemas: SchemaSet) -> None:
    body = initiate_by_meter_id("MTR-1", "MTR-2")
    body[0][1].set("serviceType", "Plasma")
    errors = schemas.validate(reparse(envelope(ns.SOAP11, body, header=msp_header())))
    text = joined(errors)
    assert "Plasma" in text
    assert "/Envelope/Body/InitiateMeterReadingsByMeterID/meterIDs/meterID[2]" in text
    assert text.startswith("line 9: ")


def test_reading_changed_notification_is_valid(schemas: SchemaSet) -> None:
    document = envelope(ns.SOAP11, reading_changed(), header=msp_header())
    assert schemas.validate(document) == []
    assert schemas.validate(document, endpoint="CB_Server") == []
    assert schemas.validate(reading_changed(), endpoint="MDM_Server") == []


def test_reading_changed_with_bad_units_is_reported(schemas: SchemaSet) -> None:
    errors = schemas.validate(
        envelope(ns.SOAP11, reading_changed("kilowatts"), header=msp_header())
    )
    text = joined(errors)
    assert "kilowatts" in text
    assert "enumeration" in text
    assert "values)}" in text, "the 183-value uom set is abbreviated"


def test_reading_value_is_a_string_in_multispeak41(schemas: SchemaSet) -> None:
    """Schema quirk: readingValue/value is xs:string, so MultiSpeak 4.1 accepts any text."""
    body = reading_changed()
    body.find(f".//{q(MSP, 'value')}").text = "n/a"
    assert schemas.validate(body) == []


def test_forced_endpoint_must_declare_the_element(schemas: SchemaSet) -> None:
    errors = schemas.validate(initiate_by_meter_id(), endpoint="CB_Server")
    assert errors == ["CB_Server.wsdl does not declare element InitiateMeterReadingsByMeterID"]
    with pytest.raises(ValueError, match=r"no MultiSpeak 4\.1 endpoint 'XX_Server'"):
        schemas.validate(initiate_by_meter_id(), endpoint="XX_Server")


def test_undeclared_multispeak_element(schemas: SchemaSet) -> None:
    element = el(None, q(MSP, "TeleportMeter"))
    assert schemas.validate(element) == ["no MultiSpeak 4.1 schema declares element TeleportMeter"]
    errors = schemas.validate(envelope(ns.SOAP11, element))
    assert errors == [
        "/Envelope/Body/TeleportMeter: no MultiSpeak 4.1 schema declares element TeleportMeter"
    ]


# -- SOAP structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("soap", [ns.SOAP11, ns.SOAP12], ids=["soap11", "soap12"])
def test_envelope_without_body(schemas: SchemaSet, soap: str) -> None:
    document = el(None, q(soap, "Envelope"))
    el(document, q(soap, "Header")).append(msp_header())
    assert "Envelope has no Body (required)" in schemas.validate(document)


@pytest.mark.parametrize("soap", [ns.SOAP11, ns.SOAP12], ids=["soap11", "soap12"])
def test_envelope_with_two_bodies(schemas: SchemaSet, soap: str) -> None:
    document = envelope(soap, initiate_by_meter_id())
    el(document, q(soap, "Body"))
    assert "more than 1 Body" in joined(schemas.validate(document))


@pytest.mark.parametrize("soap", [ns.SOAP11, ns.SOAP12], ids=["soap11", "soap12"])
def test_header_after_body(schemas: SchemaSet, soap: str) -> None:
    document = envelope(soap, initiate_by_meter_id())
    el(document, q(soap, "Header")).append(msp_header())
    errors = schemas.validate(document)
    assert errors == ["/Envelope/Header: Header is out of order in Envelope: expected Header, Body"]


def test_soap11_allows_qualified_elements_after_body_but_soap12_does_not(
    schemas: SchemaSet,
) -> None:
    for soap, expected in ((ns.SOAP11, []), (ns.SOAP12, ["unexpected element {urn:x}trailer"])):
        document = envelope(soap, initiate_by_meter_id())
        el(document, "{urn:x}trailer")
        errors = schemas.validate(document)
        assert [e.split(": ", 1)[1].split(" in ")[0] for e in errors] == expected


def test_text_and_foreign_elements_in_soap_structure(schemas: SchemaSet) -> None:
    document = envelope(ns.SOAP11, initiate_by_meter_id())
    document[0].text = "stray"
    el(document[0], q(ns.SOAP11, "Envelope"))
    text = joined(schemas.validate(document))
    assert "Body must not contain text" in text
    assert f"unexpected element {q(ns.SOAP11, 'Envelope')} in Body" in text
    wrong_root = el(None, q(ns.SOAP12, "Body"))
    assert schemas.validate(wrong_root) == ["a SOAP 1.2 message must start with Envelope, not Body"]


def fault11(*children: tuple[str, str]) -> etree._Element:
    fault = el(None, q(ns.SOAP11, "Fault"))
    for tag, text in children:
        el(fault, tag, text)
    return fault


def test_soap11_fault_valid_with_any_detail(schemas: SchemaSet) -> None:
    fault = fault11(("faultcode", "soap:Server"), ("faultstring", "meter unreachable"))
    el(el(fault, "detail"), "{urn:anything}whatever", "not validated")
    document = etree.Element(q(ns.SOAP11, "Envelope"), nsmap={"soap": ns.SOAP11})
    el(document, q(ns.SOAP11, "Body")).append(fault)
    assert schemas.validate(document) == []


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        ([("faultstring", "boom")], "Fault has no faultcode (required)"),
        ([("faultcode", "soap:Server")], "Fault has no faultstring (required)"),
        ([("faultstring", "boom"), ("faultcode", "soap:Server")], "faultcode is out of order"),
        ([("faultcode", "nope:Server"), ("faultstring", "b")], "undeclared prefix 'nope'"),
        ([("faultcode", "a b"), ("faultstring", "boom")], "faultcode must be a QName"),
        ([(q(ns.SOAP11, "faultcode"), "soap:Server"), ("faultstring", "b")], "unexpected element"),
    ],
)
def test_soap11_fault_structure(
    schemas: SchemaSet, children: list[tuple[str, str]], expected: str
) -> None:
    document = etree.Element(q(ns.SOAP11, "Envelope"), nsmap={"soap": ns.SOAP11})
    el(document, q(ns.SOAP11, "Body")).append(fault11(*children))
    assert expected in joined(schemas.validate(document))


def fault12(code: str | None = "env:Sender", lang: bool = True) -> etree._Element:
    fault = etree.Element(q(ns.SOAP12, "Fault"), nsmap={"env": ns.SOAP12})
    if code is not None:
        el(el(fault, q(ns.SOAP12, "Code")), q(ns.SOAP12, "Value"), code)
    reason = el(fault, q(ns.SOAP12, "Reason"))
    text = el(reason, q(ns.SOAP12, "Text"), "meter unreachable")
    if lang:
        text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return fault


def test_soap12_fault_valid_with_subcode_and_detail(schemas: SchemaSet) -> None:
    fault = fault12()
    subcode = el(fault[0], q(ns.SOAP12, "Subcode"))
    el(subcode, q(ns.SOAP12, "Value"), "env:AnyQNameWillDo")
    el(el(fault, q(ns.SOAP12, "Detail")), "{urn:anything}x")
    assert schemas.validate(envelope(ns.SOAP12, fault)) == []


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (fault12(code=None), "Fault has no Code (required)"),
        (fault12(code="env:Oops"), "Code/Value must be one of"),
        (fault12(lang=False), "Reason/Text requires an xml:lang attribute"),
    ],
)
def test_soap12_fault_structure(schemas: SchemaSet, fault: etree._Element, expected: str) -> None:
    assert expected in joined(schemas.validate(envelope(ns.SOAP12, fault)))


def test_soap12_fault_must_be_alone_in_body(schemas: SchemaSet) -> None:
    errors = schemas.validate(envelope(ns.SOAP12, fault12(), initiate_by_meter_id()))
    assert "must hold nothing else" in joined(errors)


def test_header_blocks_without_schema_are_skipped_unless_strict(schemas: SchemaSet) -> None:
    security = etree.Element("{urn:example:security}Security")
    document = envelope(ns.SOAP11, initiate_by_meter_id(), header=security)
    assert schemas.validate(document) == []
    assert schemas.validate(document, strict_headers=True) == [
        "/Envelope/Header/Security: no schema known for namespace 'urn:example:security'"
    ]


def test_header_block_must_be_qualified_and_must_understand_checked(schemas: SchemaSet) -> None:
    header = msp_header()
    header.set(q(ns.SOAP11, "mustUnderstand"), "yes")
    document = envelope(ns.SOAP11, initiate_by_meter_id(), header=header)
    el(document[0], "unqualified")
    text = joined(schemas.validate(document))
    assert "mustUnderstand must be one of" in text
    assert "header block unqualified must be namespace-qualified" in text


# -- IEC 61968-100 envelope ----------------------------------------------------------------------


def test_request_message_is_valid(schemas: SchemaSet) -> None:
    assert schemas.validate(request_message()) == []


def test_request_message_with_wrong_verb(schemas: SchemaSet) -> None:
    errors = schemas.validate(request_message("fetch"))
    assert len(errors) == 1
    assert errors[0].startswith("/RequestMessage/Header/Verb: ")
    assert "'fetch'" in errors[0]


def test_response_message_with_meter_readings_payload_is_valid(schemas: SchemaSet) -> None:
    assert schemas.validate(response_message(meter_readings_2011())) == []
    assert schemas.validate(meter_readings_2011()) == []


def test_non_float_reading_inside_payload(schemas: SchemaSet) -> None:
    errors = schemas.validate(reparse(response_message(meter_readings_2011("twelve"))))
    assert len(errors) == 1
    assert "/ResponseMessage/Payload/MeterReadings/MeterReading/Readings/value" in errors[0]
    assert "'twelve' is not a valid value of the atomic type 'xs:float'" in errors[0]


def test_payload_invalid_against_profile(schemas: SchemaSet) -> None:
    """ReadingType.Names is required by MeterReadings.xsd (minOccurs=1); elements are checked."""
    errors = schemas.validate(response_message(meter_readings_2011(names=False)))
    assert errors[0].startswith("/ResponseMessage/Payload/MeterReadings/ReadingType: ")
    assert "Missing child element(s)" in errors[0]
    payload = meter_readings_2011()
    el(payload[0], q(MR, "Colour"), "red")
    errors = schemas.validate(response_message(payload))
    assert errors[0].startswith("/ResponseMessage/Payload/MeterReadings/MeterReading/Colour: ")
    assert "This element is not expected" in errors[0]


def test_envelope_and_payload_errors_are_reported_together(schemas: SchemaSet) -> None:
    errors = schemas.validate(response_message(meter_readings_2011("x"), result="MAYBE"))
    assert len(errors) == 2
    assert "MAYBE" in errors[0]
    assert "xs:float" in errors[1]


def test_payload_of_unknown_namespace(schemas: SchemaSet) -> None:
    errors = schemas.validate(response_message(el(None, "{urn:example:custom}Thing")))
    assert errors == [
        "/ResponseMessage/Payload/Thing: no schema known for namespace 'urn:example:custom'"
    ]


def test_lax_request_children_validated_when_known(schemas: SchemaSet) -> None:
    message = request_message()
    message[1].append(meter_readings_2011("oops"))
    el(message[1], "{urn:example:custom}Filter")
    errors = schemas.validate(message)
    assert len(errors) == 1
    assert "/RequestMessage/Request/MeterReadings/MeterReading/Readings/value" in errors[0]


def test_operation_set_payloads_are_validated(schemas: SchemaSet) -> None:
    operations = el(None, q(MSG, "OperationSet"))
    operation = el(operations, q(MSG, "Operation"))
    el(operation, q(MSG, "operationId"), "1")
    el(operation, q(MSG, "verb"), "create")
    operation.append(meter_readings_2011("bad"))
    errors = schemas.validate(response_message(operations))
    assert "OperationSet/Operation/MeterReadings/MeterReading/Readings/value" in joined(errors)


def test_error_xpath_is_typed_qname(schemas: SchemaSet) -> None:
    """Schema quirk: Reply/Error/xpath is xs:QName, so a real XPath expression is invalid."""
    message = response_message(result="FAILED")
    error = el(message[1], q(MSG, "Error"))
    el(error, q(MSG, "code"), "2.4")
    xpath = el(error, q(MSG, "xpath"), "Payload")
    assert schemas.validate(message) == []
    xpath.text = "/ResponseMessage/Payload/MeterReadings[1]"
    assert "xs:QName" in joined(schemas.validate(message))


# -- IEC 61968-9 noun-specific wrappers and profiles ---------------------------------------------


def test_noun_specific_response_is_valid(schemas: SchemaSet) -> None:
    assert schemas.validate(wrapper_response(meter_readings_2011())) == []


def test_noun_specific_response_checks_its_payload(schemas: SchemaSet) -> None:
    assert "xs:float" in joined(schemas.validate(wrapper_response(meter_readings_2011("?"))))
    errors = schemas.validate(wrapper_response())
    assert "Payload" in joined(errors)
    assert "Missing child element" in joined(errors)


def test_pre_fdis_envelope_validates_its_strict_payload(schemas: SchemaSet) -> None:
    root = etree.Element(q(WWW, "ResponseMessage"), nsmap={None: WWW})
    message_header(root, "reply", "MeterReadings", namespace=WWW)
    el(el(root, q(WWW, "Reply")), q(WWW, "Result"), "OK")
    payload = el(root, q(WWW, "Payload"))
    payload.append(meter_readings_2011())
    assert schemas.validate(root) == []
    payload[0][0][1][1].text = "NaN-ish"
    assert "xs:float" in joined(schemas.validate(root))


# -- IEC 61968-9 2009 edition ----------------------------------------------------------------------


def test_meter_readings_2009_namespaced_and_unqualified_are_valid(schemas: SchemaSet) -> None:
    assert schemas.validate(meter_readings_2009()) == []
    assert schemas.validate(meter_readings_2009(namespace=None)) == []
    assert schemas.validate(meter_readings_2009(), edition="2009") == []


def test_meter_readings_2009_errors(schemas: SchemaSet) -> None:
    errors = schemas.validate(meter_readings_2009(value="lots"))
    assert "'lots' is not a valid value of the atomic type 'xs:float'" in joined(errors)
    document = meter_readings_2009()
    document[0].find(q(MR09, "Meter")).remove(document[0].find(q(MR09, "Meter"))[2])
    assert "serialNumber" in joined(schemas.validate(document))
    mixed = meter_readings_2009()
    mixed[0][0].tag = "mRID"
    assert "mRID" in joined(schemas.validate(mixed))


def test_meter_readings_2009_celsius_is_mis_encoded(schemas: SchemaSet) -> None:
    """Schema quirk: the 2009 unit list spells degrees Celsius 'Âº' + 'C' (mojibake)."""
    assert schemas.validate(meter_readings_2009(unit="\u00c2\u00baC")) == []
    assert "enumeration" in joined(schemas.validate(meter_readings_2009(unit="\u00baC")))


def test_edition_mismatch_is_reported(schemas: SchemaSet) -> None:
    errors = schemas.validate(meter_readings_2009(), edition="2013")
    assert errors == [
        "IEC 61968-9 edition 2009 document (namespace 'http://iec.ch/TC57/2009/MeterReadings#') "
        "where edition 2013 is required"
    ]
    nested = schemas.validate(response_message(meter_readings_2011()), edition="2009")
    assert "/ResponseMessage/Payload/MeterReadings: IEC 61968-9 edition 2013" in joined(nested)
    assert schemas.validate(meter_readings_2011(), edition="2011") == []
    with pytest.raises(ValueError, match="edition must be one of"):
        schemas.validate(meter_readings_2011(), edition="1999")


# -- unknown namespaces, assert_valid ------------------------------------------------------------


def test_no_schema_known(schemas: SchemaSet) -> None:
    assert schemas.validate(el(None, "{urn:example:nothing}Root")) == [
        "no schema known for namespace 'urn:example:nothing'"
    ]
    assert schemas.validate(el(None, "Unqualified")) == ["no schema known for namespace ''"]
    # MultiSpeak 5.0 namespaces are judged by the 5.0.7 schemas (issue 5): no such element there
    v5 = el(None, "{http://www.multispeak.org/V5.0/ws/request}GetMethods")
    assert ["No matching global declaration" in error for error in schemas.validate(v5)] == [True]


def test_assert_valid_raises_schema_error_with_lines_and_paths(schemas: SchemaSet) -> None:
    schemas.assert_valid(request_message())
    document = reparse(
        envelope(ns.SOAP11, reading_changed("kilowatts"), header=msp_header(BuildString=""))
    )
    with pytest.raises(SchemaError) as caught:
        schemas.assert_valid(document)
    assert len(caught.value.errors) == 2
    message = str(caught.value)
    assert message.startswith("/Envelope does not validate (2 errors):")
    assert "line 3: /Envelope/Header/MultiSpeakMsgHeader:" in message
    assert "/Envelope/Body/ReadingChangedNotification/changedMeterReads/meterReading/" in message


def test_assert_valid_message_is_capped(schemas: SchemaSet) -> None:
    body = initiate_by_meter_id(*(f"M{i}" for i in range(8)))
    for meter_id in body[0]:
        meter_id.set("serviceType", "Plasma")
    with pytest.raises(SchemaError) as caught:
        schemas.assert_valid(body)
    assert len(caught.value.errors) == 8
    assert str(caught.value).endswith("... and 3 more")


# -- tables read from the WSDLs ------------------------------------------------------------------


def test_multispeak41_uom_enumeration(schemas: SchemaSet) -> None:
    units = schemas.multispeak41_enumeration("uom")
    assert len(units) == 183
    assert len(set(units)) == 183
    assert "kWh" in units
    assert schemas.multispeak41_enumeration("serviceType")[:3] == ["Electric", "Gas", "Water"]
    with pytest.raises(KeyError, match="noSuchType"):
        schemas.multispeak41_enumeration("noSuchType")


def test_multispeak41_operations(schemas: SchemaSet) -> None:
    operations = schemas.multispeak41_operations("MR_Server")
    for name in (
        "InitiateMeterReadingsByMeterID",
        "GetLatestReadingByMeterID",
        "PingURL",
        "GetMethods",
    ):
        assert name in operations
    assert len(operations) == len(set(operations))
    assert "ReadingChangedNotification" in schemas.multispeak41_operations("CB_Server")
    with pytest.raises(ValueError, match="known: CB_Server"):
        schemas.multispeak41_operations("Nope_Server")


# -- locating, caching, threads, network ---------------------------------------------------------


def test_find_schema_dir_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MSPCIM_SCHEMAS", str(tmp_path))
    assert find_schema_dir() == tmp_path.resolve()
    monkeypatch.setenv("MSPCIM_SCHEMAS", str(tmp_path / "missing"))
    assert find_schema_dir() is None
    assert find_schema_dir(tmp_path / "also-missing") is None
    assert find_schema_dir(os.fspath(tmp_path)) == tmp_path.resolve()


def test_find_schema_dir_default_is_next_to_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MSPCIM_SCHEMAS", raising=False)
    expected = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
    if not expected.is_dir():
        pytest.skip("no ../shared/schemas next to this checkout")
    assert find_schema_dir() == expected.resolve()


def test_default_schema_set(monkeypatch: pytest.MonkeyPatch, schemas: SchemaSet) -> None:
    monkeypatch.setenv("MSPCIM_SCHEMAS", str(schemas.root))
    default_schema_set.cache_clear()
    try:
        first = default_schema_set()
        assert first is not None
        assert first.root == schemas.root
        assert default_schema_set() is first
    finally:
        default_schema_set.cache_clear()


def test_derived_files_stay_out_of_the_repository(schemas: SchemaSet) -> None:
    schemas.validate(meter_readings_2009())
    repository = Path(__file__).resolve().parents[1]
    assert not schemas.cache_dir.resolve().is_relative_to(repository)
    assert schemas.compile_seconds, "compilation times are recorded"


def test_concurrent_validation_from_threads(schemas: SchemaSet, tmp_path: Path) -> None:
    fresh = SchemaSet(schemas.root, cache_dir=tmp_path)
    good = envelope(ns.SOAP11, reading_changed(), header=msp_header())
    bad = envelope(ns.SOAP11, reading_changed("kilowatts"), header=msp_header())
    barrier = threading.Barrier(8)

    def run(index: int) -> list[str]:
        barrier.wait()
        return fresh.validate(bad if index % 2 else good)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, range(8)))
    assert results[0::2] == [[]] * 4
    assert all(len(errors) == 1 and "kilowatts" in errors[0] for errors in results[1::2])
    assert list(fresh.compile_seconds) == ["multispeak-4.1.6/CB_Server.wsdl"]


def test_extra_schemas_and_no_network(tmp_path: Path, schemas: SchemaSet) -> None:
    local = tmp_path / "local.xsd"
    local.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:local" '
        'elementFormDefault="qualified"><xs:element name="n" type="xs:int"/></xs:schema>'
    )
    remote = tmp_path / "remote.xsd"
    remote.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:remote">'
        '<xs:import namespace="urn:far" schemaLocation="http://127.0.0.1:9/far.xsd"/>'
        '<xs:element name="r"/></xs:schema>'
    )
    extra = SchemaSet(
        schemas.root, cache_dir=tmp_path, extra={"urn:local": local, "urn:remote": remote}
    )
    assert extra.validate(el(None, "{urn:local}n", "7")) == []
    assert "xs:int" in joined(extra.validate(el(None, "{urn:local}n", "seven")))
    with pytest.raises(ConfigurationError, match=r"127\.0\.0\.1:9/far\.xsd"):
        extra.validate(el(None, "{urn:remote}r"))


def test_error_lines_are_capped(schemas: SchemaSet) -> None:
    body = initiate_by_meter_id(*(f"M{i}" for i in range(MAX_LINES + 5)))
    for meter_id in body[0]:
        meter_id.set("serviceType", "Plasma")
    errors = schemas.validate(body)
    assert len(errors) == MAX_LINES + 1
    assert errors[-1] == "/InitiateMeterReadingsByMeterID: ... and 5 more errors"
