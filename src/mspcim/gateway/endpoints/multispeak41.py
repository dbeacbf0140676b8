"""``/multispeak/v41/<Endpoint>``: a MultiSpeak 4.1 server of the gateway (SOAP 1.1 and 1.2).

One instance per endpoint (MR_Server, CD_Server …), answering the operations the flows offer
for it plus ``PingURL`` and ``GetMethods``. The operation comes from the body element (checked
against SOAPAction when one is sent) and must be in the operation catalogue; every answer carries
a MultiSpeakMsgHeader, as the 4.1 WSDL bindings require, and every refusal is a SOAP Fault of
the request's version. The gatekeeper sees every call: the client address against its rate limit
before the body is read, the header's UserID/Pwd and the operation once it is known. A repeated
MessageID or transactionID is answered as before (``gateway.idempotency``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from mspcim import ns
from mspcim.exceptions import (
    MessageFormatError,
    UnknownOperationError,
)
from mspcim.gateway.endpoints.soap_http import (
    SoapRequest,
    guess_version,
    read_body,
    read_soap_request,
    refusal,
    request_limits,
    soap_response,
)
from mspcim.gateway.flow import OperationCall, OperationHandler
from mspcim.gateway.idempotency import IdempotentReceiver, Repetition
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.credentials import multispeak_operation
from mspcim.gateway.security.gatekeeper import Gatekeeper, presented_v41
from mspcim.gateway.security.masking import mask_secrets
from mspcim.multispeak.catalogue import operation, operations_of
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
    build_get_methods_response,
)
from mspcim.xmlsafe import serialize

__all__ = ["MultiSpeak41Server"]

log = logging.getLogger("mspcim.gateway.multispeak41")


class MultiSpeak41Server:
    """One MultiSpeak 4.1 endpoint of the gateway."""

    def __init__(
        self,
        runtime: Runtime,
        endpoint: str,
        operations: Mapping[str, OperationHandler],
        gatekeeper: Gatekeeper | None = None,
    ) -> None:
        self.runtime = runtime
        self.endpoint = endpoint
        self._operations: dict[str, OperationHandler] = {
            "PingURL": self._ping,
            "GetMethods": self._get_methods,
            **operations,
        }
        self.gatekeeper = gatekeeper or Gatekeeper(None)
        self.receiver = IdempotentReceiver(runtime)

    async def handle(self, request: Request) -> Response:
        """Starlette endpoint: GET lists operations, POST serves SOAP."""
        if request.method == "GET":
            return self._describe(request)
        exchange = self.runtime.metrics.exchange("multispeak", self.endpoint)
        version = guess_version(request)
        address = request.client.host if request.client else None
        ids: dict[str, str | None] = {}
        limits = request_limits(self.runtime.settings)
        try:
            self.gatekeeper.admit(address)
            raw = await read_body(request, limits.max_bytes)
            version = guess_version(request, raw)
            soap = await read_soap_request(request, limits, raw)
            version = soap.version
            header_element = soap.envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
            header = (
                read_header(header_element) if header_element is not None else MultiSpeakMsgHeader()
            )
            body = soap.envelope.first_body
            ids = _ids(header, body)
            name = self._operation_name(soap, body)
            exchange.operation = multispeak_operation(self.endpoint, name)
            caller = await self.gatekeeper.multispeak(
                presented_v41(header), exchange.operation, address=address, ids=ids
            )
            receipt = self.receiver.multispeak(caller, header, body, self.endpoint, name)
            repetition = Repetition(
                "multispeak",
                f"{name} (repeated)",
                mask_secrets(soap.raw),
                transaction_id=ids.get("transaction_id"),
                peer=header.app_name,
            )
            replayed = self.receiver.replay(receipt, ids, repetition)
            if replayed is not None:
                return exchange.done("replayed", replayed)
            call = OperationCall(body, header, soap.version, mask_secrets(soap.raw), self.endpoint)
            with self.receiver.record(receipt) as recording:
                answer = await self._operations[name](call)
                recording.answer = soap_response(version, [answer], [self._response_header(header)])
            assert recording.answer is not None
            return exchange.done("replayed" if recording.replayed else "ok", recording.answer)
        except Exception as exc:
            return exchange.done(*refusal(exc, version, log, ids, "MultiSpeak"))

    def _operation_name(self, soap: SoapRequest, body: etree._Element) -> str:
        if ns.namespace_of(body.tag) != ns.MSP41:
            raise MessageFormatError(
                f"body element {body.tag!r} is not in the MultiSpeak 4.1 namespace {ns.MSP41!r}",
                xpath="/Envelope/Body/*",
            )
        name = ns.local_name(body.tag)
        if soap.action and soap.action.startswith(ns.MSP41_ACTION_PREFIX):
            action_name = soap.action[len(ns.MSP41_ACTION_PREFIX) :]
            if action_name != name:
                raise MessageFormatError(
                    f"SOAPAction names {action_name!r} but the body holds {name!r}",
                    xpath="/Envelope/Body/*",
                )
        operation(self.endpoint, name)  # UnknownOperationError when not in the catalogue
        if name not in self._operations:
            raise UnknownOperationError(
                f"{self.endpoint} does not offer operation {name!r} in this gateway",
                xpath=f"/Envelope/Body/{name}",
            )
        return name

    def _response_header(self, request_header: MultiSpeakMsgHeader) -> etree._Element:
        runtime = self.runtime
        return build_header(
            MultiSpeakMsgHeader(
                app_name=runtime.settings.app_name,
                message_id=runtime.new_id(),
                time_stamp=datetime.fromtimestamp(runtime.clock(), UTC).replace(microsecond=0),
                session_id=request_header.session_id,
                registration_id=request_header.registration_id,
            ).stamped()
        )

    async def _ping(self, call: OperationCall) -> etree._Element:
        return build_array_of_error_object_response("PingURL", [])

    async def _get_methods(self, call: OperationCall) -> etree._Element:
        return build_get_methods_response(
            [name for name in operations_of(self.endpoint) if name in self._operations]
        )

    def _describe(self, request: Request) -> Response:
        """A WSDL-style list of the operations this endpoint serves (not the full WSDL)."""
        wsdl, soap11 = ns.WSDL, "http://schemas.xmlsoap.org/wsdl/soap/"
        root = etree.Element(
            ns.qname(wsdl, "definitions"),
            nsmap={"wsdl": wsdl, "soap": soap11, "tns": ns.MSP41},
            name=self.endpoint,
            targetNamespace=ns.MSP41,
        )
        documentation = etree.SubElement(root, ns.qname(wsdl, "documentation"))
        documentation.text = (
            f"mspcim gateway: MultiSpeak 4.1 {self.endpoint}, SOAP 1.1 and 1.2. Operations below; "
            "messages as in the official MultiSpeak 4.1.6 MR_Server.wsdl."
        )
        port_type = etree.SubElement(root, ns.qname(wsdl, "portType"), name=f"{self.endpoint}Soap")
        for name in operations_of(self.endpoint):
            if name not in self._operations:
                continue
            op = etree.SubElement(port_type, ns.qname(wsdl, "operation"), name=name)
            etree.SubElement(op, ns.qname(wsdl, "documentation")).text = operation(
                self.endpoint, name
            ).exchange.value
        service = etree.SubElement(root, ns.qname(wsdl, "service"), name=self.endpoint)
        port = etree.SubElement(service, ns.qname(wsdl, "port"), name=f"{self.endpoint}Soap")
        etree.SubElement(
            port, ns.qname(soap11, "address"), location=str(request.url.replace(query=""))
        )
        return Response(serialize(root), media_type="text/xml; charset=utf-8")


def _ids(header: MultiSpeakMsgHeader, body: etree._Element) -> dict[str, str | None]:
    """The caller's ids for log lines: its transactionID and the header's MessageID."""
    return {
        "transaction_id": body.findtext(ns.qname(ns.MSP41, "transactionID")),
        "message_id": header.message_id,
    }
