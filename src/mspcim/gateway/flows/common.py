"""What the gateway's conversations share: checks of a call, SOAP messages, answers, gap logs.

Each flow (``on_demand_read``, ``connect_disconnect``, ``meter_events`` …) takes a MultiSpeak call
with a ``transactionID``, a ``responseURL`` and an ``expTime``, posts CIM messages and MultiSpeak
notifications through the outbox, and reads the answers the delivery worker hands back. The
steps that are the same in every conversation are written once here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from lxml import etree

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message, soap_action
from mspcim.cim.message import Message, Reply
from mspcim.exceptions import InputError, MessageFormatError, RemoteFaultError
from mspcim.gateway.runtime import Runtime, new_message_id
from mspcim.gateway.store import OutboxItem
from mspcim.harmonize.gaps import GapReport
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    read_array_of_error_object_response,
)
from mspcim.soap import SoapEnvelope, SoapVersion, build_envelope

__all__ = [
    "NO_REASON",
    "check_callback",
    "check_items",
    "cim_outbox_item",
    "cim_request",
    "is_http_url",
    "lifetime_of",
    "log_gaps",
    "multispeak_errors",
    "multispeak_outbox_item",
    "read_cim_answer",
    "reply_reason",
    "tap_answer",
]

NO_REASON = "no reason given"
"""What a refusal says when the CIM side names no reason."""


# --- checking a MultiSpeak call


def is_http_url(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) URL (a usable Return Address)."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_callback(transaction_id: str | None, response_url: str | None, where: str) -> None:
    """Refuse a call without ``transactionID`` or whose ``responseURL`` is no http(s) URL."""
    if not transaction_id:
        raise MessageFormatError(
            "transactionID is required",
            xpath=f"{where}/transactionID",
            code=reply_codes.MISSING_ELEMENTS,
        )
    if not response_url or not is_http_url(response_url):
        raise MessageFormatError(
            f"responseURL must be an http(s) URL, not {response_url!r}",
            xpath=f"{where}/responseURL",
        )


def check_items(count: int, limit: int, where: str, wrapper: str, item: str) -> None:
    """Refuse a call whose list ``wrapper`` holds no ``item`` or more than ``limit`` of them."""
    if not count:
        raise MessageFormatError(
            f"{wrapper} holds no {item}",
            xpath=f"{where}/{wrapper}",
            code=reply_codes.MISSING_ELEMENTS,
        )
    if count > limit:
        raise MessageFormatError(
            f"{count} {item}s exceed the limit of {limit} per request",
            xpath=f"{where}/{wrapper}",
        )


def lifetime_of(exp_time: ExpirationTime | None, default: float, where: str) -> float:
    """Seconds the conversation may wait for the CIM side (``expTime``, else ``default``)."""
    lifetime = exp_time.as_timedelta().total_seconds() if exp_time is not None else default
    if lifetime <= 0:
        raise MessageFormatError("expTime must be positive", xpath=f"{where}/expTime")
    return lifetime


# --- messages for the outbox


def cim_request(message: Message) -> tuple[bytes, dict[str, str]]:
    """The SOAP 1.1 body and HTTP headers that post ``message`` to the CIM side."""
    body = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))
    return body, SoapVersion.SOAP11.headers(soap_action(message))


def cim_outbox_item(
    purpose: str, url: str, message: Message, correlation_id: str, now: float
) -> OutboxItem:
    """An outbox item posting ``message`` to the CIM side at ``url``, due at once."""
    body, headers = cim_request(message)
    return OutboxItem(
        purpose=purpose,
        url=url,
        body=body,
        headers=headers,
        correlation_id=correlation_id,
        created_at=now,
        next_attempt_at=now,
    )


def multispeak_outbox_item(
    *,
    purpose: str,
    url: str,
    version: SoapVersion,
    operation: str,
    body: etree._Element,
    header: MultiSpeakMsgHeader,
    correlation_id: str,
    now: float,
) -> OutboxItem:
    """An outbox item calling MultiSpeak ``operation`` (``body`` under ``header``) at ``url``.

    A header without MessageID gets a fresh one: the item is sent with the same bytes on every
    attempt, so the receiver can recognise a repetition by it.
    """
    if not header.message_id:
        header = replace(header, message_id=new_message_id())
    return OutboxItem(
        purpose=purpose,
        url=url,
        body=xmlsafe.serialize(build_envelope(version, [body], [build_header(header)])),
        headers=version.headers(ns.MSP41_ACTION_PREFIX + operation),
        correlation_id=correlation_id,
        created_at=now,
        next_attempt_at=now,
    )


# --- answers the delivery worker hands back


def read_cim_answer(envelope: SoapEnvelope) -> Message:
    """The CIM message answering an outbox item; a SOAP Fault or unreadable answer refuses it."""
    if envelope.fault is not None:
        raise RemoteFaultError(f"SOAP Fault from the CIM system: {envelope.fault.reason}")
    try:
        return read_message(envelope.first_body)
    except InputError as exc:
        raise RemoteFaultError(f"unreadable answer from the CIM system: {exc.reason}") from None


def multispeak_errors(envelope: SoapEnvelope, peer: str) -> str:
    """The errorObjects of a MultiSpeak ``peer``'s answer, joined ('' when none); Fault refuses."""
    if envelope.fault is not None:
        raise RemoteFaultError(f"SOAP Fault from the MultiSpeak {peer}: {envelope.fault.reason}")
    errors = read_array_of_error_object_response(envelope.first_body)
    return "; ".join(error.error_string or error.text or "?" for error in errors)


def tap_answer(
    runtime: Runtime, item: OutboxItem, envelope: SoapEnvelope, side: str, kind: str
) -> None:
    """Wire tap: keep the answer to ``item`` (its body element) in the message log."""
    runtime.log_message(
        "in",
        side,
        kind,
        xmlsafe.serialize(envelope.first_body),
        correlation_id=item.correlation_id,
        peer=item.url,
    )


def reply_reason(reply: Reply | None, *, unnamed: bool = False, default: str = NO_REASON) -> str:
    """The reasons a Reply's errors give (``unnamed``: only errors naming no object), joined."""
    errors = reply.errors if reply is not None else []
    reasons = "; ".join(
        error.reason or error.details or error.code
        for error in errors
        if not unnamed or error.id is None
    )
    return reasons or default


def log_gaps(log: logging.Logger, gaps: GapReport, ids: Mapping[str, str | None]) -> None:
    """One debug line per gap of a translation, with the conversation's ids."""
    for entry in gaps:
        log.debug(
            "gap %s %s = %r%s: %s",
            entry.kind.value,
            entry.path,
            entry.value,
            f" -> {entry.carried_in}" if entry.carried_in else "",
            entry.reason,
            extra={**ids, "event": "gap"},
        )
