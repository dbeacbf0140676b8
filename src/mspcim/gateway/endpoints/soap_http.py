"""SOAP over HTTP for the gateway's endpoints: bounded request reading, answers and Faults.

A Fault always matches the request's SOAP version; its HTTP status follows the SOAP binding
(1.1: 500; 1.2: 400 for the sender's fault, 500 for ours). No stack trace ever leaves here.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from mspcim import ns, reply_codes, xmlsafe
from mspcim.exceptions import (
    AccessError,
    AuthorisationError,
    InputError,
    MessageFormatError,
    RateLimitError,
    TransportError,
    XmlSafetyError,
)
from mspcim.gateway.config import GatewaySettings
from mspcim.soap import (
    SoapEnvelope,
    SoapFault,
    SoapVersion,
    action_from_content_type,
    build_envelope,
    build_fault,
    read_envelope,
)

__all__ = [
    "SoapRequest",
    "access_fault_response",
    "access_outcome",
    "fault_response",
    "read_body",
    "read_soap_request",
    "refusal",
    "request_limits",
    "soap_response",
]


@dataclass(slots=True)
class SoapRequest:
    """A parsed SOAP request."""

    envelope: SoapEnvelope
    version: SoapVersion
    action: str | None
    raw: bytes


def request_limits(settings: GatewaySettings) -> xmlsafe.XmlLimits:
    """The parser's limits for a request, with the configured ``max_request_bytes``."""
    return replace(xmlsafe.DEFAULT_LIMITS, max_bytes=settings.max_request_bytes)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing more than ``limit`` bytes without reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise XmlSafetyError(f"request body of {declared} bytes exceeds the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise XmlSafetyError(f"request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def guess_version(request: Request, raw: bytes = b"") -> SoapVersion:
    """The SOAP version to answer in: from Content-Type, else from the body, else 1.1."""
    version = SoapVersion.from_content_type(request.headers.get("content-type"))
    if version is not None:
        return version
    return SoapVersion.SOAP12 if ns.SOAP12.encode() in raw[:2048] else SoapVersion.SOAP11


async def read_soap_request(
    request: Request, limits: xmlsafe.XmlLimits, raw: bytes | None = None
) -> SoapRequest:
    """Read and check a SOAP request: size, XML safety, envelope, version agreement."""
    if raw is None:
        raw = await read_body(request, limits.max_bytes)
    content_type = request.headers.get("content-type")
    declared = SoapVersion.from_content_type(content_type)
    if declared is None:
        raise MessageFormatError(
            f"Content-Type {content_type!r} is not SOAP (text/xml or application/soap+xml)",
            code=reply_codes.REFUSED_XML,
        )
    envelope = read_envelope(xmlsafe.parse(raw, limits))
    if envelope.version is not declared:
        raise MessageFormatError(
            f"SOAP version mismatch: Content-Type says {declared.name}, the envelope is "
            f"{envelope.version.name}",
            xpath="/Envelope",
            code=reply_codes.REFUSED_XML,
        )
    action = request.headers.get("soapaction")
    if action is not None:
        action = action.strip().strip('"') or None
    if declared is SoapVersion.SOAP12:
        action = action_from_content_type(content_type) or action
    return SoapRequest(envelope=envelope, version=envelope.version, action=action, raw=raw)


def _xml_response(element: etree._Element, version: SoapVersion, status: int) -> Response:
    return Response(
        content=xmlsafe.serialize(element), status_code=status, media_type=version.content_type()
    )


def soap_response(
    version: SoapVersion,
    body: Iterable[etree._Element],
    headers: Iterable[etree._Element] = (),
    status: int = 200,
) -> Response:
    """An HTTP answer holding a SOAP envelope."""
    return _xml_response(build_envelope(version, body, headers), version, status)


def fault_response(
    version: SoapVersion,
    reason: str,
    *,
    sender: bool,
    detail: Iterable[etree._Element] = (),
    headers: Iterable[etree._Element] = (),
    status: int | None = None,
) -> Response:
    """An HTTP answer holding a SOAP Fault; status as the SOAP binding requires unless given."""
    fault = SoapFault(reason=reason, sender=sender, detail=list(detail))
    if status is None:
        status = 400 if (sender and version is SoapVersion.SOAP12) else 500
    return _xml_response(build_fault(version, fault, headers), version, status)


def access_outcome(exc: AccessError) -> str:
    """The metrics outcome of a refused access: unauthenticated, forbidden or rate-limited."""
    if isinstance(exc, RateLimitError):
        return "rate-limited"
    return "forbidden" if isinstance(exc, AuthorisationError) else "unauthenticated"


def access_fault_response(version: SoapVersion, exc: AccessError) -> Response:
    """A client SOAP Fault refusing access: 429 with Retry-After for a rate limit."""
    response = fault_response(version, exc.reason, sender=True, status=exc.status)
    if isinstance(exc, RateLimitError):
        response.headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
    return response


def describe_input_error(exc: InputError) -> str:
    """The reason of an input error, with its location when known."""
    return f"{exc.reason} (at {exc.xpath})" if exc.xpath else exc.reason


def refusal(
    exc: Exception, version: SoapVersion, log: logging.Logger, ids: Mapping[str, object], what: str
) -> tuple[str, Response]:
    """The metrics outcome and SOAP Fault for an exception serving a ``what`` request.

    Access refusals and bad input are the caller's fault; a failing CIM side and anything
    unexpected are ours (logged, never with a stack trace in the answer).
    """
    extra = dict(ids)
    if isinstance(exc, AccessError):
        return access_outcome(exc), access_fault_response(version, exc)
    if isinstance(exc, InputError):
        reason = describe_input_error(exc)
        log.info("refused a %s request: %s", what, reason, extra={**extra, "event": "refused"})
        return "refused", fault_response(version, reason, sender=True)
    if isinstance(exc, TransportError):
        log.warning(
            "CIM side failed a synchronous call: %s", exc, extra={**extra, "event": "cim-failed"}
        )
        reason = f"the CIM system did not answer usably: {exc}"
        return "failed", fault_response(version, reason, sender=False)
    log.error("internal error serving a %s request", what, exc_info=exc, extra=extra)
    return "error", fault_response(version, "internal error in the gateway (logged)", sender=False)
