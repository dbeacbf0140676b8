"""What the gateway's conversations with MultiSpeak v5 systems share: releases, SOAP messages.

A v5 destination speaks 5.0.7 unless ``multispeak50_releases`` names a URL prefix of it as 5.0.4
(matched as outbound credentials are: scheme, host, port and a path prefix at a ``/``
boundary; the longest prefix wins). Notifications are sent with the SOAPAction of the release:
``http://www.multispeak.org/Version_5.0_Release/<Operation>`` for 5.0.4,
``…/V5.0/wsdl/<Endpoint>/<Operation>`` for 5.0.7.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.message import Header, Verb
from mspcim.exceptions import RemoteFaultError
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.outbound import covers
from mspcim.gateway.store import OutboxItem
from mspcim.gateway.v50_headers import read_result_errors, request_header
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.header_v5 import header_to_cim
from mspcim.multispeak.v50.header import RequestHeader
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.soap import SoapEnvelope, SoapVersion, build_envelope

__all__ = [
    "action_of",
    "cim_header_of",
    "multispeak50_errors",
    "multispeak50_outbox_item",
    "release_for",
]


def release_for(settings: GatewaySettings, url: str) -> Release:
    """The v5 release the server at ``url`` speaks (5.0.7 unless configured otherwise)."""
    best: tuple[int, Release] | None = None
    for prefix, release in settings.multispeak50_releases.items():
        length = covers(prefix, url)
        if length is not None and (best is None or length > best[0]):
            best = (length, Release(release))
    return best[1] if best is not None else Release.V507


def action_of(release: Release, endpoint: str, operation: str) -> str:
    """The SOAPAction of ``operation`` of ``endpoint`` in ``release``."""
    if release is Release.V504:
        return ns.MSP504_ACTION_PREFIX + operation
    return f"{ns.MSP50_WSDL.format(endpoint=endpoint)}/{operation}"


def cim_header_of(
    header: RequestHeader, verb: Verb, noun: str, message_id: str, report: GapReport
) -> Header:
    """The 61968-100 Header of the CIM message a v5 call becomes (Table 3 for v5).

    The message is the gateway's, under its own MessageID: the caller's MessageID stays with
    the conversation (idempotency, the wire tap), and passwords are never forwarded.
    """
    cim_header = header_to_cim(header, verb, noun, report)
    cim_header.message_id = message_id
    return cim_header


def multispeak50_outbox_item(
    runtime: Runtime,
    *,
    purpose: str,
    url: str,
    version: SoapVersion,
    endpoint: str,
    body: etree._Element,
    correlation_id: str,
    release: Release,
) -> OutboxItem:
    """An outbox item calling v5 ``endpoint`` at ``url`` with ``body`` under a fresh header.

    The header's MessageID is fixed now: the item is sent with the same bytes on every attempt,
    so the receiver recognises a repetition.
    """
    now = runtime.clock()
    header = request_header(
        app_name=runtime.settings.app_name,
        message_id=runtime.new_id(),
        when=datetime.fromtimestamp(now, UTC).replace(microsecond=0),
        release=release,
    )
    operation = ns.local_name(body.tag)
    return OutboxItem(
        purpose=purpose,
        url=url,
        body=xmlsafe.serialize(build_envelope(version, [body], [header])),
        headers=version.headers(action_of(release, endpoint, operation)),
        correlation_id=correlation_id,
        created_at=now,
        next_attempt_at=now,
    )


def multispeak50_errors(envelope: SoapEnvelope, peer: str) -> str:
    """The errors in a v5 answer's ``Result``, joined ('' when none); a Fault refuses."""
    if envelope.fault is not None:
        raise RemoteFaultError(f"SOAP Fault from the MultiSpeak v5 {peer}: {envelope.fault.reason}")
    header = envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
    errors = read_result_errors(header)
    return "; ".join(
        error.display_string or error.detailed_string or error.reference_id or "?"
        for error in errors
    )
