"""SOAP 1.1/1.2 envelopes and Faults: structure, versions, and the HTTP details of each."""

import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.exceptions import MessageFormatError
from mspcim.soap import (
    SoapFault,
    SoapVersion,
    action_from_content_type,
    build_envelope,
    build_fault,
    read_envelope,
)


def body(local="PingURL"):
    return etree.Element(ns.qname(ns.MSP41, local), nsmap={None: ns.MSP41})


@pytest.mark.parametrize("version", list(SoapVersion))
def test_envelope_round_trip(version):
    header = etree.Element(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"), BuildString="Release")
    envelope = read_envelope(
        xmlsafe.parse(xmlsafe.serialize(build_envelope(version, [body()], [header])))
    )
    assert envelope.version is version
    assert (
        envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader")).get("BuildString") == "Release"
    )
    assert envelope.first_body.tag == ns.qname(ns.MSP41, "PingURL")
    assert envelope.fault is None


@pytest.mark.parametrize("version", list(SoapVersion))
@pytest.mark.parametrize("sender", [True, False])
def test_fault_round_trip(version, sender, assert_schema_valid):
    element = build_fault(version, SoapFault(reason="meterIDs holds no meterID", sender=sender))
    assert_schema_valid(element)
    envelope = read_envelope(xmlsafe.parse(xmlsafe.serialize(element)))
    assert envelope.fault is not None
    assert envelope.fault.reason == "meterIDs holds no meterID"
    assert envelope.fault.sender is sender
    expected = {
        (SoapVersion.SOAP11, True): "soap:Client",
        (SoapVersion.SOAP11, False): "soap:Server",
        (SoapVersion.SOAP12, True): "soap:Sender",
        (SoapVersion.SOAP12, False): "soap:Receiver",
    }[(version, sender)]
    assert envelope.fault.code == expected


def test_content_types_and_actions():
    assert SoapVersion.SOAP11.headers("urn:a") == {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": '"urn:a"',
    }
    headers = SoapVersion.SOAP12.headers("urn:a")
    assert headers == {"Content-Type": 'application/soap+xml; charset=utf-8; action="urn:a"'}
    assert action_from_content_type(headers["Content-Type"]) == "urn:a"
    assert SoapVersion.from_content_type("text/xml; charset=utf-8") is SoapVersion.SOAP11
    assert SoapVersion.from_content_type("application/soap+xml") is SoapVersion.SOAP12
    assert SoapVersion.from_content_type("application/json") is None
    assert SoapVersion.from_content_type(None) is None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<Envelope/>", "not a SOAP envelope"),
        (f'<e:Envelope xmlns:e="{ns.SOAP11}"/>'.encode(), "no Body"),
        (
            f'<e:Envelope xmlns:e="{ns.SOAP11}"><e:Body/><e:Body/></e:Envelope>'.encode(),
            "unexpected",
        ),
        (
            f'<e:Envelope xmlns:e="{ns.SOAP11}"><e:Body/><e:Header/></e:Envelope>'.encode(),
            "unexpected",
        ),
        (f'<e:Envelope xmlns:e="{ns.SOAP11}"><x/><e:Body/></e:Envelope>'.encode(), "unexpected"),
    ],
)
def test_broken_envelopes(document, message):
    with pytest.raises(MessageFormatError, match=message):
        read_envelope(xmlsafe.parse(document))


def test_empty_body_has_no_operation():
    envelope = read_envelope(
        xmlsafe.parse(f'<e:Envelope xmlns:e="{ns.SOAP12}"><e:Body/></e:Envelope>'.encode())
    )
    with pytest.raises(MessageFormatError, match="Body is empty"):
        _ = envelope.first_body
