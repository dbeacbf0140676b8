"""Helpers of the v5 endpoint tests: request headers, SOAP requests, a v5 endpoint on a stub flow.

``request(body, …)`` wraps a v5 body in a SOAP envelope with a ``MultiSpeakRequestMsgHeader``
(built by the v5 header module); ``StubFlow`` serves ``InitiateMeterReadingsByMeterIDs`` by
storing one conversation per call, so tests see what a refused call did not store.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from mspcim import ns, reply_codes, xmlsafe
from mspcim.gateway.flow50 import Answer50, OperationCall50
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.v50_headers import error_object
from mspcim.multispeak.v50.header import (
    Caller,
    MultiSpeakVersion,
    RequestHeader,
    build_request_header,
)
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.soap import SoapVersion, build_envelope

MR_NAMESPACE = ns.MSP50_WSDL.format(endpoint="MR_Server")
GUIDS = (
    "0b7f3c2e-5d1a-4e8b-9f6a-1c2d3e4f5a6b",
    "1c8a4d3f-6e2b-4f9c-8a7b-2d3e4f5a6b7c",
    "2d9b5e4a-7f3c-4a0d-9b8c-3e4f5a6b7c8d",
)


def header(
    *,
    system_id: str | None = None,
    password: str | None = None,
    message_id: str | None = None,
    app_name: str = "TestMDM",
) -> RequestHeader:
    """A v5 caller's request header, with ``Caller/SystemID`` and ``Password`` when given."""
    return RequestHeader(
        multi_speak_version=MultiSpeakVersion(),
        caller=Caller(
            app_name=app_name, company="Test Co-op", system_id=system_id, password=password
        ),
        message_id=message_id or str(uuid.uuid4()),
        time_stamp=datetime.now(UTC).replace(microsecond=0),
    )


def request(
    body: etree._Element,
    request_header: RequestHeader | None = None,
    version: SoapVersion = SoapVersion.SOAP11,
    release: Release = Release.V507,
    *,
    with_header: bool = True,
) -> bytes:
    """A v5 SOAP request holding ``body`` (under a request header unless ``with_header`` is off)."""
    headers = [build_request_header(request_header or header(), release)] if with_header else []
    return xmlsafe.serialize(build_envelope(version, [body], headers))


def initiate(
    meters: tuple[str, ...] = GUIDS[:2],
    *,
    transaction_id: str = "TX-50",
    response_url: str = "http://not.test/NOT_Server",
    expiration: str | None = None,
    release: Release = Release.V507,
    method: str | None = None,
) -> etree._Element:
    """``InitiateMeterReadingsByMeterIDs`` for ``meters`` (GUIDs), in either release's form."""
    body = etree.Element(
        ns.qname(MR_NAMESPACE, "InitiateMeterReadingsByMeterIDs"), nsmap={None: MR_NAMESPACE}
    )
    meter_ids = etree.SubElement(body, ns.qname(MR_NAMESPACE, "ArrayOfMeterID"))
    for number, guid in enumerate(meters, start=1):
        meter = etree.SubElement(meter_ids, ns.qname(ns.MSP50_ARRAYS, "meterID"))
        meter.set("meterName", f"M{number}")
        if release is Release.V504:
            meter.set("objectGUID", guid)
            meter.text = f"M{number}"
        else:
            meter.text = guid
    etree.SubElement(body, ns.qname(MR_NAMESPACE, "responseURL")).text = response_url
    etree.SubElement(body, ns.qname(MR_NAMESPACE, "transactionID")).text = transaction_id
    if expiration is not None:
        etree.SubElement(body, ns.qname(MR_NAMESPACE, "expirationTime")).text = expiration
    if method is not None:
        etree.SubElement(body, ns.qname(MR_NAMESPACE, "responseMethod")).text = method
    return body


def action(operation: str, release: Release = Release.V507, endpoint: str = "MR_Server") -> str:
    """The SOAPAction a caller of ``release`` sends."""
    if release is Release.V504:
        return ns.MSP504_ACTION_PREFIX + operation
    return f"{ns.MSP50_WSDL.format(endpoint=endpoint)}/{operation}"


@dataclass
class StubFlow:
    """Serves InitiateMeterReadingsByMeterIDs: one stored conversation per call, empty ids refused."""

    runtime: Runtime
    calls: list[OperationCall50] = field(default_factory=list)

    async def initiate(self, call: OperationCall50) -> Answer50:
        self.calls.append(call)
        guids = [
            (meter.get("objectGUID") or meter.text or "").strip()
            for meter in call.body.iter("{*}meterID")
        ]
        now = self.runtime.clock()
        when = datetime.fromtimestamp(now, UTC).replace(microsecond=0)
        errors = [
            error_object(
                "empty meterID",
                when,
                reference_id="",
                noun_type="meterID",
                code=reply_codes.INVALID_METER,
            )
            for guid in guids
            if not guid
        ]
        correlation_id = self.runtime.new_id()
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=call.body.findtext(f"{{{MR_NAMESPACE}}}transactionID"),
            response_url="http://not.test/NOT_Server",
            caller=call.caller,
            meter_ids=[guid for guid in guids if guid],
            soap_version=call.version.name,
            state=TransactionState.ACCEPTED,
            created_at=now,
            expires_at=now + 60,
            flow="stub-v50",
        )
        item = OutboxItem(
            purpose="stub",
            url="http://cim.test/",
            body=b"<stub/>",
            headers={},
            correlation_id=correlation_id,
            created_at=now,
            next_attempt_at=now + 3600,
        )
        self.runtime.store.accept(transaction, item)
        response = etree.Element(ns.qname(MR_NAMESPACE, "InitiateMeterReadingsByMeterIDsResponse"))
        return Answer50(response, errors, all_failed=len(errors) == len(guids))
