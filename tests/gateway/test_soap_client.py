"""How the gateway reads a peer's answer: usable, a refusal, or worth retrying."""

import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.exceptions import RemoteFaultError, TransportError
from mspcim.gateway.soap_client import read_soap_answer
from mspcim.gateway.transport import HttpResponse
from mspcim.soap import SoapFault, SoapVersion, build_envelope, build_fault

URL = "http://peer.example/"


def envelope() -> bytes:
    return xmlsafe.serialize(
        build_envelope(SoapVersion.SOAP11, [etree.Element(ns.qname(ns.MSP41, "PingURLResponse"))])
    )


def test_a_soap_answer_is_read():
    answer = read_soap_answer(HttpResponse(200, envelope()), URL)
    assert answer.first_body.tag == ns.qname(ns.MSP41, "PingURLResponse")


def test_a_soap_fault_is_returned_for_the_flow_to_judge():
    body = xmlsafe.serialize(build_fault(SoapVersion.SOAP12, SoapFault("no such meter")))
    answer = read_soap_answer(HttpResponse(400, body), URL)
    assert answer.fault is not None and answer.fault.reason == "no such meter"


@pytest.mark.parametrize(
    ("status", "body", "error", "words"),
    [
        (503, b"", TransportError, "HTTP 503 with no body"),
        (200, b"", RemoteFaultError, "HTTP 200 with no body"),
        (404, b"  ", RemoteFaultError, "HTTP 404"),
        (502, b"<html>bad gateway</html>", TransportError, "HTTP 502"),
        (429, b"slow down", TransportError, "HTTP 429"),
        (400, b"<html>bad request</html>", RemoteFaultError, "no SOAP envelope"),
        (500, None, TransportError, "HTTP 500"),
        (403, None, RemoteFaultError, "HTTP 403"),
    ],
)
def test_what_is_retried_and_what_is_a_refusal(status, body, error, words):
    with pytest.raises(error) as caught:
        read_soap_answer(HttpResponse(status, envelope() if body is None else body), URL)
    assert words in str(caught.value)
    assert type(caught.value) is error
