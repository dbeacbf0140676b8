"""Connect/disconnect for MultiSpeak v5 callers: ``CD_Server: InitiateConnectDisconnect``.

The conversation is the 4.1 one (``ConnectDisconnect``): checked, stored and answered at once
(refused events in the response header's ``Result``), ``create EndDeviceControls`` through the
outbox, the CIM side's answer and ``created EndDeviceEvents`` on ``/cim/reply``, one stored
outcome per meter. What differs is the edition: each meter's outcome goes to the caller's
NOT_Server as a ``CDStatesChangedNotification`` holding its ``CDStateChange`` (written in the
release configured for that destination), and the caller's answer is read from its ``Result``.
Conversations are stored with ``flow="connect-disconnect-v50"``; per-meter outcomes share the
4.1 ``connect-disconnect-meter`` form.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.cim.message import Message, Reply, Verb
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationHandler
from mspcim.gateway.flow50 import Answer50, Operation50, OperationCall50
from mspcim.gateway.flows.common import check_callback, check_items, cim_outbox_item, log_gaps
from mspcim.gateway.flows.connect_disconnect import (
    METER_FLOW,
    ConnectDisconnect,
    meter_correlation,
)
from mspcim.gateway.flows.v50_common import (
    cim_header_of,
    multispeak50_errors,
    multispeak50_outbox_item,
    release_for,
)
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.v50_headers import error_object
from mspcim.harmonize.end_device_control_messages import cim_outcome
from mspcim.harmonize.end_device_control_v5_messages import (
    CONTROLS,
    failure_state_change,
    initiate_to_request,
    outcome_to_notification,
)
from mspcim.harmonize.gaps import GapReport
from mspcim.multispeak.v41.msp_binding import SECONDS_PER_UNIT
from mspcim.multispeak.v50.connect_disconnect import (
    CDStateChange,
    CDStatesChangedNotification,
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    write_operation,
)
from mspcim.multispeak.v50.msp_binding import read
from mspcim.multispeak.v50.result import ErrorObject
from mspcim.soap import SoapEnvelope, SoapVersion
from mspcim.xsdtypes import parse_datetime

__all__ = ["CIM_REQUEST", "FLOW", "NOTIFICATION", "ConnectDisconnect50", "meter_of"]

log = logging.getLogger("mspcim.gateway.connect_disconnect50")

FLOW = "connect-disconnect-v50"
"""``ReadTransaction.flow`` of a v5 caller's connect/disconnect."""
CIM_REQUEST = "connect_disconnect_request_v50"
NOTIFICATION = "connect_disconnect_notification_v50"
OPERATION = "InitiateConnectDisconnect"


def meter_of(change: CDStateChange, asked: list[str]) -> str:
    """The meter GUID a state change is about, named as the caller named it.

    A CIM side that keys meters by the id in the request reports them by that id as a name; the
    caller asked by GUID, so the change is given that GUID back.
    """
    meter = change.cd_device_identifier.meter_id
    if meter is None:
        return ""
    if meter.object_guid not in asked and meter.meter_name in asked:
        assert meter.meter_name is not None
        meter.object_guid, meter.meter_name = meter.meter_name, None
    return meter.object_guid


def _event_meter(event: ConnectDisconnectEvent) -> str:
    device = event.cd_device_identifier
    meter = device.meter_id if device is not None else None
    return meter.object_guid.strip() if meter is not None else ""


class ConnectDisconnect50(ConnectDisconnect):
    """The v5 conversation, bound to one runtime; listed before the meter-events flow."""

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """No MultiSpeak 4.1 operations: those are ``ConnectDisconnect``'s."""
        return {}

    def operations50(self) -> Mapping[tuple[str, str], Operation50]:
        """CD_Server ``InitiateConnectDisconnect``."""
        return {("CD_Server", OPERATION): Operation50(self._initiate50)}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """The answer to the controls, and the events reporting their outcome (v5 callers')."""
        return super().cim_receivers()

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """What the delivery worker does with the answers to this flow's messages."""
        return {
            CIM_REQUEST: AnswerHandler(
                self._request_answered, self._request_refused, self._request_dead
            ),
            NOTIFICATION: AnswerHandler(
                self._notification50_answered,
                self._notification_refused,
                self._notification_dead,
            ),
        }

    def _conversation(self, correlation_id: str | None) -> ReadTransaction | None:
        found = self.runtime.store.transaction(correlation_id) if correlation_id else None
        return found if found is not None and found.flow == FLOW else None

    # --- 1. accept

    async def _initiate50(self, call: OperationCall50) -> Answer50:
        errors, kept = self.accept50(call)
        response = etree.Element(ns.qname(ns.namespace_of(call.body.tag), f"{OPERATION}Response"))
        return Answer50(response, errors, all_failed=not kept)

    def accept50(self, call: OperationCall50) -> tuple[list[ErrorObject], list[str]]:
        """Store the request and queue the CIM request: errorObjects of refused events, meters."""
        runtime, settings = self.runtime, self.runtime.settings
        where = f"/Envelope/Body/{OPERATION}"
        request = read(call.body, InitiateConnectDisconnect, where)
        check_callback(request.transaction_id, request.response_url, where)
        check_items(
            len(request.events),
            settings.max_meters_per_request,
            where,
            "ArrayOfConnectDisconnectEvent",
            "connectDisconnectEvent",
        )
        now = runtime.clock()
        stamp = _second(now)
        lifetime = _lifetime(request, stamp, settings.default_expiry, where)
        refused: list[ErrorObject] = []
        kept: list[ConnectDisconnectEvent] = []
        seen: set[str] = set()
        for event in request.events:
            meter = _event_meter(event)
            reason = _refusal(event, meter, seen)
            if reason is None:
                kept.append(event)
                seen.add(meter)
            else:
                refused.append(
                    error_object(
                        reason,
                        stamp,
                        reference_id=meter or event.referable_id or "",
                        noun_type="connectDisconnectEvent",
                        code=reply_codes.INVALID_CONTENT,
                    )
                )
        meters = [_event_meter(event) for event in kept]
        if not kept:
            return refused, meters
        correlation_id = runtime.new_id()
        gaps = GapReport()
        cim_header = cim_header_of(call.header, Verb.CREATE, CONTROLS, correlation_id, gaps)
        cim_header.correlation_id = correlation_id
        cim_header.reply_address = settings.reply_address
        request.events = kept
        try:
            message = initiate_to_request(request, cim_header, form=settings.cim_form, report=gaps)
        except MappingError as exc:
            raise MessageFormatError(
                f"the connect/disconnect cannot be translated: {exc.reason}", xpath=where
            ) from None
        item = cim_outbox_item(CIM_REQUEST, settings.cim_endpoint, message, correlation_id, now)
        assert request.transaction_id is not None and request.response_url is not None
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=request.transaction_id,
            response_url=request.response_url,
            caller=call.caller,
            meter_ids=meters,
            soap_version=call.version.name,
            state=TransactionState.ACCEPTED,
            created_at=now,
            expires_at=now + lifetime,
            flow=FLOW,
        )
        runtime.store.accept(transaction, item)
        ids = {"correlation_id": correlation_id, "transaction_id": request.transaction_id}
        runtime.log_message("in", "multispeak", OPERATION, call.raw, **ids, peer=call.caller)
        runtime.log_message(
            "out", "cim", "create EndDeviceControls", item.body, **ids, peer=settings.cim_endpoint
        )
        log.info(
            "v5 connect/disconnect accepted: %d meters (%d refused) from %s (%s), outcome to %s; "
            "gaps: %s",
            len(kept),
            len(refused),
            call.caller,
            call.release.value,
            request.response_url,
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()
        return refused, meters

    # --- 3. the CIM side answers

    def _notify_outcomes(
        self, conversation: ReadTransaction, message: Message, now: float
    ) -> Reply | None:
        """The CIM outcome as v5 state changes, one notification per meter; the Reply."""
        gaps = GapReport()
        notification = outcome_to_notification(message, gaps, _second(now))
        for change in notification.state_changes:
            self._notify50(conversation, change, now)
        tid = conversation.transaction_id
        ids = {"correlation_id": conversation.correlation_id, "transaction_id": tid}
        log.info(
            "%s %s: %d outcomes for a v5 caller; gaps: %s",
            message.kind.value,
            message.noun,
            len(notification.state_changes),
            gaps.summary(),
            extra={**ids, "event": "outcome"},
        )
        log_gaps(log, gaps, ids)
        return cim_outcome(message, GapReport()).reply

    def _notify_failure(
        self, conversation: ReadTransaction, meter: str, reason: str, now: float
    ) -> None:
        """Queue the v5 state change saying ``meter`` was not switched, for ``reason``."""
        self._notify50(conversation, failure_state_change(meter, reason, _second(now)), now)

    # --- 4. notify the caller

    def _notify50(self, conversation: ReadTransaction, change: CDStateChange, now: float) -> None:
        """Store one meter's outcome and queue its notification (once per meter)."""
        runtime = self.runtime
        meter = meter_of(change, conversation.meter_ids)
        progress = self._progress_of(conversation)
        number = progress.numbers.get(meter)
        ids = {
            "correlation_id": conversation.correlation_id,
            "transaction_id": conversation.transaction_id,
        }
        if number is None or number not in progress.unresolved:
            why = "not in this request" if number is None else "already has an outcome"
            log.warning(
                "outcome for meter %r ignored: %s", meter, why, extra={**ids, "event": "ignored"}
            )
            return
        assert conversation.response_url is not None
        release = release_for(runtime.settings, conversation.response_url)
        body = write_operation(
            CDStatesChangedNotification(
                state_changes=[change], transaction_id=conversation.transaction_id
            ),
            release,
        )
        correlation_id = meter_correlation(conversation.correlation_id, number)
        item = multispeak50_outbox_item(
            runtime,
            purpose=NOTIFICATION,
            url=conversation.response_url,
            version=SoapVersion[conversation.soap_version],
            endpoint="NOT_Server",
            body=body,
            correlation_id=correlation_id,
            release=release,
        )
        state = change.state_change.value.value
        errors = "; ".join(error.display_string or "?" for error in change.error_objects)
        outcome = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=conversation.transaction_id,
            response_url=conversation.response_url,
            caller=conversation.caller,
            meter_ids=[meter],
            soap_version=conversation.soap_version,
            state=TransactionState.REPLIED,
            created_at=now,
            expires_at=conversation.expires_at,
            detail=f"{state}: {errors}" if errors else state,
            flow=METER_FLOW,
        )
        runtime.store.accept(outcome, item)
        progress.unresolved.discard(number)
        progress.undelivered.add(number)
        runtime.log_message(
            "out",
            "multispeak",
            ns.local_name(body.tag),
            item.body,
            **ids,
            peer=conversation.response_url,
        )

    async def _notification50_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        detail = multispeak50_errors(envelope, "caller") or None
        self._delivered(item, TransactionState.DELIVERED, detail and f"caller answered: {detail}")


def _refusal(event: ConnectDisconnectEvent, meter: str, seen: set[str]) -> str | None:
    """Why one event cannot be sent (None when it can)."""
    if not meter:
        return "connectDisconnectEvent names no meterID"
    if meter in seen:
        return f"meter {meter} is named twice in this request"
    if event.load_action_code is None:
        return "connectDisconnectEvent has no loadActionCode"
    return None


def _lifetime(
    request: InitiateConnectDisconnect, now: datetime, default: float, where: str
) -> float:
    """Seconds until ``expirationTime``: a 5.0.7 dateTime, or a 5.0.4 number of ``units``."""
    text = (request.expiration_time or "").strip()
    if not text:
        return default
    xpath = f"{where}/expirationTime"
    if request.expiration_units is None and "T" in text:
        when = parse_datetime(text, where=xpath)
        when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        lifetime = (when - now).total_seconds()
    else:
        seconds = SECONDS_PER_UNIT.get(request.expiration_units or "Hours")
        if seconds is None:
            raise MessageFormatError(
                f"expirationTime in {request.expiration_units} has no fixed length", xpath=xpath
            )
        try:
            lifetime = timedelta(seconds=float(Decimal(text) * seconds)).total_seconds()
        except InvalidOperation:
            raise MessageFormatError(f"expirationTime {text!r} is no number", xpath=xpath) from None
    if lifetime <= 0:
        raise MessageFormatError(f"expirationTime {text} has passed", xpath=xpath)
    return lifetime


def _second(now: float) -> datetime:
    """``now`` as a UTC time to the second (how v5 state changes are stamped)."""
    return datetime.fromtimestamp(now, UTC).replace(microsecond=0)
