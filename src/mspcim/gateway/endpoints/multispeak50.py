"""``/multispeak/v50/<Endpoint>``: a MultiSpeak v5 server of the gateway (SOAP 1.1 and 1.2).

One instance per endpoint (MR_Server, CD_Server, NOT_Server …), answering the v5 operations the
flows offer for it plus ``PingURL`` and ``GetMethods``. The request must carry a
``MultiSpeakRequestMsgHeader``; the operation comes from the body element, in the endpoint's
``…/V5.0/wsdl/<Endpoint>`` namespace, and is checked against SOAPAction when one is sent (the
5.0.4 form ``http://www.multispeak.org/Version_5.0_Release/<Operation>`` and the 5.0.7 form
``…/V5.0/wsdl/<Endpoint>/<Operation>``). Every answer carries a ``MultiSpeakResponseMsgHeader``
whose ``Result`` holds the errors; malformed requests and unknown operations get a SOAP Fault of
the request's version. Security and idempotency are those of the 4.1 endpoint: the gatekeeper
checks ``Caller/SystemID`` and ``Caller/Password``, a repeated MessageID or transactionID is
answered as before, and what a call changes is stored in one unit of work with its answer.
"""

from __future__ import annotations

import hashlib
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
from mspcim.gateway.flow50 import Answer50, Exchange50, Operation50, OperationCall50
from mspcim.gateway.idempotency import IdempotentReceiver, Receipt, Repetition
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.credentials import multispeak_operation
from mspcim.gateway.security.gatekeeper import Gatekeeper, presented_v5
from mspcim.gateway.security.masking import mask_secrets
from mspcim.gateway.v50_headers import response_header, result_of
from mspcim.multispeak.v50.header import RequestHeader, read_request_header
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.soap import SoapVersion
from mspcim.xmlsafe import serialize

__all__ = ["LOCAL_OPERATIONS", "MultiSpeak50Server", "action_prefixes", "release_of"]

log = logging.getLogger("mspcim.gateway.multispeak50")

LOCAL_OPERATIONS = ("PingURL", "GetMethods")
"""Operations every v5 endpoint answers itself."""


def action_prefixes(endpoint: str) -> dict[str, Release]:
    """SOAPAction prefixes a v5 caller of ``endpoint`` may send, and the release each names."""
    return {
        ns.MSP504_ACTION_PREFIX: Release.V504,
        ns.MSP50_WSDL.format(endpoint=endpoint) + "/": Release.V507,
    }


def release_of(action: str | None, body: etree._Element, endpoint: str) -> Release:
    """The release a caller speaks: 5.0.4 by its SOAPAction or a meterID ``objectGUID``."""
    for prefix, release in action_prefixes(endpoint).items():
        if action and action.startswith(prefix):
            return release
    if any(meter.get("objectGUID") is not None for meter in body.iter("{*}meterID")):
        return Release.V504
    return Release.V507


class MultiSpeak50Server:
    """One MultiSpeak v5 endpoint of the gateway."""

    def __init__(
        self,
        runtime: Runtime,
        endpoint: str,
        operations: Mapping[str, Operation50],
        gatekeeper: Gatekeeper | None = None,
    ) -> None:
        self.runtime = runtime
        self.endpoint = endpoint
        self.namespace = ns.MSP50_WSDL.format(endpoint=endpoint)
        self._operations: dict[str, Operation50] = {
            "PingURL": Operation50(self._ping, Exchange50.QUERY),
            "GetMethods": Operation50(self._get_methods, Exchange50.QUERY),
            **operations,
        }
        self.gatekeeper = gatekeeper or Gatekeeper(None)
        self.receiver = IdempotentReceiver(runtime)

    @property
    def operation_names(self) -> list[str]:
        """The operations this endpoint serves, sorted."""
        return sorted(self._operations)

    async def handle(self, request: Request) -> Response:
        """Starlette endpoint: GET lists operations, POST serves SOAP."""
        if request.method == "GET":
            return self._describe(request)
        exchange = self.runtime.metrics.exchange("multispeak50", self.endpoint)
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
            header_element = self._request_header(soap)
            body = soap.envelope.first_body
            ids = _ids(header_element, body, self.namespace)
            header = read_request_header(header_element)
            name = self._operation_name(soap, body)
            exchange.operation = multispeak_operation(self.endpoint, name)
            caller = await self.gatekeeper.multispeak(
                presented_v5(header_element), exchange.operation, address=address, ids=ids
            )
            served = self._operations[name]
            receipt = self._receipt(caller, header, body, name, served.exchange)
            repetition = Repetition(
                "multispeak",
                f"{name} (repeated)",
                mask_secrets(soap.raw),
                transaction_id=ids.get("transaction_id"),
                peer=header.caller.app_name,
            )
            replayed = self.receiver.replay(receipt, ids, repetition)
            if replayed is not None:
                return exchange.done("replayed", replayed)
            release = release_of(soap.action, body, self.endpoint)
            call = OperationCall50(
                body, header, soap.version, mask_secrets(soap.raw), self.endpoint, release
            )
            with self.receiver.record(receipt) as recording:
                answer = await served.handler(call)
                recording.answer = self._answer(version, answer, release)
            assert recording.answer is not None
            return exchange.done("replayed" if recording.replayed else "ok", recording.answer)
        except Exception as exc:
            return exchange.done(*refusal(exc, version, log, ids, "MultiSpeak v5"))

    def _request_header(self, soap: SoapRequest) -> etree._Element:
        header = soap.envelope.header(ns.qname(ns.MSP50_REQUEST, "MultiSpeakRequestMsgHeader"))
        if header is None:
            raise MessageFormatError(
                "MultiSpeakRequestMsgHeader is required "
                f"(SOAP header in namespace {ns.MSP50_REQUEST})",
                xpath="/Envelope/Header/MultiSpeakRequestMsgHeader",
            )
        return header

    def _operation_name(self, soap: SoapRequest, body: etree._Element) -> str:
        if ns.namespace_of(body.tag) != self.namespace:
            raise MessageFormatError(
                f"body element {body.tag!r} is not in the {self.endpoint} namespace "
                f"{self.namespace!r}",
                xpath="/Envelope/Body/*",
            )
        name = ns.local_name(body.tag)
        for prefix in action_prefixes(self.endpoint):
            if soap.action and soap.action.startswith(prefix):
                action_name = soap.action[len(prefix) :]
                if action_name != name:
                    raise MessageFormatError(
                        f"SOAPAction names {action_name!r} but the body holds {name!r}",
                        xpath="/Envelope/Body/*",
                    )
        if name not in self._operations:
            raise UnknownOperationError(
                f"{self.endpoint} does not offer MultiSpeak v5 operation {name!r} in this "
                f"gateway (offered: {', '.join(self.operation_names)})",
                xpath=f"/Envelope/Body/{name}",
            )
        return name

    def _receipt(
        self,
        caller: str | None,
        header: RequestHeader,
        body: etree._Element,
        name: str,
        exchange: Exchange50,
    ) -> Receipt | None:
        """Idempotency keys of a v5 call: the header's MessageID and the body's transactionID."""
        if exchange is not Exchange50.CHANGE:
            return None
        keys = []
        message_id = header.message_id.strip()
        if message_id:
            keys.append(f"MessageID {message_id}")
        transaction = (body.findtext(ns.qname(self.namespace, "transactionID")) or "").strip()
        if transaction:
            keys.append(f"v50 {self.endpoint}/{name} transactionID {transaction}")
        if not keys:
            return None
        who = caller or f"{header.caller.system_id or '-'}/{header.caller.app_name or '-'}"
        digest = hashlib.sha256(etree.tostring(body, method="c14n")).hexdigest()
        return Receipt(f"multispeak50 {who}", tuple(keys), digest)

    def _answer(self, version: SoapVersion, answer: Answer50, release: Release) -> Response:
        """The SOAP answer: ``answer``'s body under a response header written for ``release``."""
        runtime = self.runtime
        header = response_header(
            app_name=runtime.settings.app_name,
            message_id=runtime.new_id(),
            when=datetime.fromtimestamp(runtime.clock(), UTC).replace(microsecond=0),
            result=result_of(answer.errors, all_failed=answer.all_failed),
            release=release,
        )
        return soap_response(version, [answer.body], [header])

    async def _ping(self, call: OperationCall50) -> Answer50:
        return Answer50(etree.Element(ns.qname(self.namespace, "PingURLResponse")))

    async def _get_methods(self, call: OperationCall50) -> Answer50:
        response = etree.Element(
            ns.qname(self.namespace, "GetMethodsResponse"),
            nsmap={"tns": self.namespace, "arrays": ns.MSP50_ARRAYS},
        )
        names = etree.SubElement(response, ns.qname(self.namespace, "ArrayOfString"))
        for name in self.operation_names:
            etree.SubElement(names, ns.qname(ns.MSP50_ARRAYS, "theString")).text = name
        return Answer50(response)

    def _describe(self, request: Request) -> Response:
        """A WSDL-style list of the operations this endpoint serves (not the full WSDL)."""
        wsdl, soap11 = ns.WSDL, "http://schemas.xmlsoap.org/wsdl/soap/"
        root = etree.Element(
            ns.qname(wsdl, "definitions"),
            nsmap={"wsdl": wsdl, "soap": soap11, "tns": self.namespace},
            name=self.endpoint,
            targetNamespace=self.namespace,
        )
        documentation = etree.SubElement(root, ns.qname(wsdl, "documentation"))
        documentation.text = (
            f"mspcim gateway: MultiSpeak v5 {self.endpoint} (5.0.7, and 5.0.4 callers), SOAP 1.1 "
            f"and 1.2. Operations below; messages as in the official {self.endpoint} schemas."
        )
        port_type = etree.SubElement(root, ns.qname(wsdl, "portType"), name=f"{self.endpoint}Soap")
        for name in self.operation_names:
            op = etree.SubElement(port_type, ns.qname(wsdl, "operation"), name=name)
            etree.SubElement(op, ns.qname(wsdl, "documentation")).text = self._operations[
                name
            ].exchange.value
        service = etree.SubElement(root, ns.qname(wsdl, "service"), name=self.endpoint)
        port = etree.SubElement(service, ns.qname(wsdl, "port"), name=f"{self.endpoint}Soap")
        etree.SubElement(
            port, ns.qname(soap11, "address"), location=str(request.url.replace(query=""))
        )
        return Response(serialize(root), media_type="text/xml; charset=utf-8")


def _ids(header: etree._Element, body: etree._Element, namespace: str) -> dict[str, str | None]:
    """The caller's ids for log lines: its transactionID and the header's MessageID."""
    return {
        "transaction_id": body.findtext(ns.qname(namespace, "transactionID")),
        "message_id": header.get("MessageID"),
    }
