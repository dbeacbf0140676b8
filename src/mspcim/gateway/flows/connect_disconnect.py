"""Connect/disconnect through the gateway: CD_Server ``InitiateConnectDisconnect`` (profile 8.12).

1. A MultiSpeak CB calls ``InitiateConnectDisconnect`` → checked, stored, answered at once;
   events the gateway cannot send (no meter, a state word as action …) come back as errorObjects.
2. The outbox sends ``create EndDeviceControls`` (AsyncReplyFlag, ReplyAddress = the gateway,
   MessageID = CorrelationID = a fresh id) to the CIM side.
3. The CIM side answers (a ResponseMessage: OK, or Errors naming meters it refuses) and reports
   each meter's outcome later in ``created EndDeviceEvents`` with the same CorrelationID.
4. Each meter's outcome becomes one ``CDStateChangedNotification`` (the 4.1 operation carries one
   ``stateChange``) for the caller's ``responseURL``, sent by the outbox; a meter that was not
   switched gets ``stateChange`` Unknown (or the state it failed to reach) with ``errorString``.

The conversation is one ``ReadTransaction`` (flow ``connect-disconnect``). Each meter's outcome is
stored with its notification in one SQLite transaction as a transaction of its own (flow
``connect-disconnect-meter``, CorrelationID ``<conversation>/<n>`` for the n-th meter), so an
outcome is never delivered twice and each notification has its own delivery state. The
conversation is REPLIED when every meter has an outcome, DELIVERED when every notification was
taken (FAILED when one was given up). Outcomes after expTime are kept in the wire tap only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from lxml import etree

from mspcim.cim.message import Message, MessageKind, Reply, ReplyResult
from mspcim.exceptions import InputError, MappingError, RemoteFaultError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationCall, OperationHandler
from mspcim.gateway.flows.common import (
    check_callback,
    check_items,
    cim_outbox_item,
    lifetime_of,
    log_gaps,
    multispeak_errors,
    multispeak_outbox_item,
    read_cim_answer,
    reply_reason,
    tap_answer,
)
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.strays import keep_after_end
from mspcim.harmonize.connect_disconnect_codecs import control_for_action
from mspcim.harmonize.end_device_control_messages import (
    CONTROLS,
    EVENTS,
    cim_outcome,
    failure_notification,
    initiate_to_request,
    outcome_notifications,
)
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.connect_disconnect import (
    CDStateChangedNotification,
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    build_cd_state_changed_notification,
    read_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
)
from mspcim.soap import SoapEnvelope, SoapVersion

__all__ = ["FLOW", "METER_FLOW", "ConnectDisconnect", "ConnectDisconnectPurpose"]

log = logging.getLogger("mspcim.gateway.connect_disconnect")

FLOW = "connect-disconnect"
METER_FLOW = "connect-disconnect-meter"
OPERATION = "InitiateConnectDisconnect"
NOTIFICATION = "CDStateChangedNotification"


class ConnectDisconnectPurpose(StrEnum):
    """What an outbox item of this flow is for."""

    CIM_REQUEST = "connect_disconnect_request"
    NOTIFICATION = "connect_disconnect_notification"


def meter_correlation(correlation_id: str, number: int) -> str:
    """The CorrelationID under which the outcome of the ``number``-th meter (from 1) is kept."""
    return f"{correlation_id}/{number}"


@dataclass(slots=True)
class _Progress:
    """Which meters of a conversation still await an outcome, and which notifications are open."""

    numbers: dict[str, int]
    unresolved: set[int]
    undelivered: set[int] = field(default_factory=set)
    failed: int = 0


class ConnectDisconnect:
    """The conversation, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._progress: dict[str, _Progress] = {}

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """CD_Server ``InitiateConnectDisconnect``."""
        return {("CD_Server", OPERATION): self._initiate}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """The answer to the controls, and the events reporting their outcome."""
        return {CONTROLS: self.receive_answer, EVENTS: self.receive_events}

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """What the delivery worker does with the answers to this flow's messages."""
        return {
            ConnectDisconnectPurpose.CIM_REQUEST: AnswerHandler(
                self._request_answered, self._request_refused, self._request_dead
            ),
            ConnectDisconnectPurpose.NOTIFICATION: AnswerHandler(
                self._notification_answered, self._notification_refused, self._notification_dead
            ),
        }

    async def _initiate(self, call: OperationCall) -> etree._Element:
        request = read_initiate_connect_disconnect(call.body)
        errors = self.accept(request, call.header, call.version, call.raw)
        return build_array_of_error_object_response(OPERATION, errors)

    # --- 1. accept

    def _check(self, call: InitiateConnectDisconnect) -> float:
        """Refuse the call as a whole (SOAP Fault) when it cannot be taken; its lifetime."""
        settings = self.runtime.settings
        where = f"/Envelope/Body/{OPERATION}"
        check_callback(call.transaction_id, call.response_url, where)
        limit = settings.max_meters_per_request
        check_items(len(call.cd_events), limit, where, "cdEvents", "connectDisconnectEvent")
        return lifetime_of(call.exp_time, settings.default_expiry, where)

    @staticmethod
    def _refusal(event: ConnectDisconnectEvent, seen: set[str]) -> str | None:
        """Why one event cannot be sent (None when it can)."""
        meter = event.meter_id.value if event.meter_id is not None else ""
        if not meter:
            return "connectDisconnectEvent names no meterID"
        if meter in seen:
            return f"meter {meter} is named twice in this request"
        if event.load_action_code is None:
            return "connectDisconnectEvent has no loadActionCode"
        try:
            control_for_action(event.load_action_code)
        except MappingError as exc:
            return exc.reason
        return None

    def accept(
        self,
        call: InitiateConnectDisconnect,
        header: MultiSpeakMsgHeader,
        version: SoapVersion,
        raw: bytes = b"",
    ) -> list[ErrorObject]:
        """Store the request and queue the CIM request; errorObjects name refused events."""
        runtime, settings = self.runtime, self.runtime.settings
        lifetime = self._check(call)
        refused: list[ErrorObject] = []
        kept: list[ConnectDisconnectEvent] = []
        seen: set[str] = set()
        for event in call.cd_events:
            reason = self._refusal(event, seen)
            meter = event.meter_id.value if event.meter_id is not None else ""
            if reason is None:
                kept.append(event)
                seen.add(meter)
            else:
                refused.append(
                    ErrorObject(
                        error_string=reason,
                        object_id=meter or event.object_id or "",
                        noun_type="connectDisconnectEvent",
                    )
                )
        if not kept:
            return refused
        now = runtime.clock()
        correlation_id = runtime.new_id()
        gaps = GapReport()
        request = initiate_to_request(
            InitiateConnectDisconnect(kept, call.response_url, call.transaction_id, call.exp_time),
            header,
            message_id=correlation_id,
            reply_address=settings.reply_address,
            form=settings.cim_form,
            report=gaps,
        )
        item = cim_outbox_item(
            ConnectDisconnectPurpose.CIM_REQUEST,
            settings.cim_endpoint,
            request,
            correlation_id,
            now,
        )
        meters = [event.meter_id.value for event in kept if event.meter_id is not None]
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=call.transaction_id,
            response_url=call.response_url,
            caller=header.app_name,
            meter_ids=meters,
            soap_version=version.name,
            state=TransactionState.ACCEPTED,
            created_at=now,
            expires_at=now + lifetime,
            flow=FLOW,
        )
        runtime.store.accept(transaction, item)
        ids = {"correlation_id": correlation_id, "transaction_id": call.transaction_id}
        runtime.log_message("in", "multispeak", OPERATION, raw, **ids, peer=header.app_name)
        runtime.log_message(
            "out", "cim", "create EndDeviceControls", item.body, **ids, peer=settings.cim_endpoint
        )
        log.info(
            "connect/disconnect accepted: %d meters (%d refused) from %s, outcome to %s, "
            "expires in %.0fs; gaps: %s",
            len(kept),
            len(refused),
            header.app_name or "?",
            call.response_url,
            lifetime,
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        runtime.wake.set()
        return refused

    # --- 2./3. the CIM side answers

    async def _request_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        assert item.correlation_id is not None
        message = read_cim_answer(envelope)
        tap_answer(self.runtime, item, envelope, "cim", message.kind.value)
        if message.kind is MessageKind.FAULT:
            reason = reply_reason(message.reply)
            raise RemoteFaultError(f"the CIM system refused the request: {reason}")
        try:
            self._receive(message, item.correlation_id)
        except InputError as exc:
            raise RemoteFaultError(
                f"the CIM system's answer cannot be translated: {exc.reason}"
            ) from None

    async def _request_refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        assert item.correlation_id is not None
        self.forget_progress(item.correlation_id)
        self._fail_unresolved(item.correlation_id, str(exc))

    async def _request_dead(self, item: OutboxItem, error: str) -> None:
        assert item.correlation_id is not None
        reason = f"the CIM system could not be reached: {error}"
        self.forget_progress(item.correlation_id)
        self._fail_unresolved(item.correlation_id, reason)

    def receive_answer(self, message: Message) -> Reply | None:
        """An EndDeviceControls answer posted to /cim/reply (None: not this flow's)."""
        return self._receive(message, None)

    def receive_events(self, message: Message) -> Reply | None:
        """EndDeviceEvents posted to /cim/reply; None when they answer no open conversation."""
        return self._receive(message, None)

    def _conversation(self, correlation_id: str | None) -> ReadTransaction | None:
        found = self.runtime.store.transaction(correlation_id) if correlation_id else None
        return found if found is not None and found.flow == FLOW else None

    def _still_open(self, conversation: ReadTransaction, now: float, what: str) -> bool:
        """False (and recorded) when the conversation is over or past its expTime."""
        ids = {"correlation_id": conversation.correlation_id, "event": "late-reply"}
        if conversation.state.final or conversation.state is TransactionState.REPLIED:
            log.warning("%s after the end (%s): kept", what, conversation.state.value, extra=ids)
        elif now > conversation.expires_at:
            detail = f"{what} after expTime: kept, not delivered"
            self.runtime.store.reply_received(conversation.correlation_id, now, None, detail)
            log.warning("%s after expTime: recorded as expired", what, extra=ids)
        else:
            return True
        self._progress.pop(conversation.correlation_id, None)
        return False

    def _receive(self, message: Message, correlation_id: str | None) -> Reply | None:
        header = message.header
        correlation_id = correlation_id or (header.correlation_id if header else None)
        conversation = self._conversation(correlation_id)
        if conversation is None:
            return None
        self.forget_progress(conversation.correlation_id)
        now = self.runtime.clock()
        if not self._still_open(conversation, now, f"{message.kind.value} {message.noun}"):
            keep_after_end(self.runtime, conversation, message, now)
            return Reply(ReplyResult.OK)
        reply = self._notify_outcomes(conversation, message, now)
        if reply is not None and reply.result is ReplyResult.FAILED:
            reason = reply_reason(reply, unnamed=True, default="the CIM system refused the request")
            self._fail_unresolved(conversation.correlation_id, reason)
        elif not self._progress_of(conversation).unresolved:
            detail = f"{len(conversation.meter_ids)} meters have an outcome"
            self.runtime.store.set_state(
                conversation.correlation_id, TransactionState.REPLIED, now, detail
            )
        elif conversation.state is TransactionState.ACCEPTED:
            self.runtime.store.set_state(
                conversation.correlation_id, TransactionState.REQUESTED, now
            )
        self.runtime.wake.set()
        return Reply(ReplyResult.OK)

    def _notify_outcomes(
        self, conversation: ReadTransaction, message: Message, now: float
    ) -> Reply | None:
        """Queue one notification per meter the CIM message settles; the message's Reply."""
        gaps = GapReport()
        outcome = cim_outcome(message, gaps)
        header = message.header
        msp_header = header_to_msp(header, gaps) if header is not None else MultiSpeakMsgHeader()
        tid = conversation.transaction_id
        for notification in outcome_notifications(outcome, tid) + [
            failure_notification(meter, reason, tid) for meter, reason in outcome.failed.items()
        ]:
            self._notify(conversation, notification, msp_header, now)
        ids = {"correlation_id": conversation.correlation_id, "transaction_id": tid}
        log.info(
            "%s %s: %d outcomes; gaps: %s",
            message.kind.value,
            message.noun,
            len(outcome.changes) + len(outcome.failed),
            gaps.summary(),
            extra={**ids, "event": "outcome"},
        )
        log_gaps(log, gaps, ids)
        return outcome.reply

    def _notify_failure(
        self, conversation: ReadTransaction, meter: str, reason: str, now: float
    ) -> None:
        """Queue the notification that ``meter`` was not switched, for ``reason``."""
        notification = failure_notification(meter, reason, conversation.transaction_id)
        self._notify(conversation, notification, MultiSpeakMsgHeader(), now)

    def _fail_unresolved(self, correlation_id: str, reason: str) -> None:
        """Every meter still without an outcome is notified as not switched, with ``reason``."""
        conversation = self._conversation(correlation_id)
        now = self.runtime.clock()
        if conversation is None or not self._still_open(conversation, now, "failure"):
            return
        tid = conversation.transaction_id
        log.error(
            "request failed: %s",
            reason,
            extra={"correlation_id": correlation_id, "transaction_id": tid, "event": "failed"},
        )
        progress = self._progress_of(conversation)
        for meter, number in progress.numbers.items():
            if number in progress.unresolved:
                self._notify_failure(conversation, meter, reason, now)
        self.runtime.store.set_state(
            correlation_id, TransactionState.REPLIED, now, f"failed: {reason}"
        )
        self.runtime.wake.set()

    # --- 4. notify the caller

    def forget_progress(self, correlation_id: str) -> None:
        """Drop the cached progress, so a unit of work starts from the store (shared by workers).

        Within one unit the cache holds what the unit wrote and the store does not show yet.
        """
        self._progress.pop(correlation_id, None)

    def _progress_of(self, conversation: ReadTransaction) -> _Progress:
        """The conversation's progress (rebuilt from the store after a restart)."""
        found = self._progress.get(conversation.correlation_id)
        if found is not None:
            return found
        store = self.runtime.store
        progress = _Progress(
            {meter: number for number, meter in enumerate(conversation.meter_ids, start=1)}, set()
        )
        for number in progress.numbers.values():
            outcome = store.transaction(meter_correlation(conversation.correlation_id, number))
            if outcome is None:
                progress.unresolved.add(number)
            elif not outcome.state.final:
                progress.undelivered.add(number)
            elif outcome.state is TransactionState.FAILED:
                progress.failed += 1
        self._progress[conversation.correlation_id] = progress
        return progress

    def _notify(
        self,
        conversation: ReadTransaction,
        notification: CDStateChangedNotification,
        header: MultiSpeakMsgHeader,
        now: float,
    ) -> None:
        """Store one meter's outcome and queue its notification (once per meter)."""
        runtime = self.runtime
        change = notification.state_change
        meter = change.meter_id.value if change is not None and change.meter_id else ""
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
        header = replace(
            header,
            message_id=runtime.new_id(),
            app_name=header.app_name or runtime.settings.app_name,
        ).stamped()
        assert conversation.response_url is not None and change is not None
        correlation_id = meter_correlation(conversation.correlation_id, number)
        item = multispeak_outbox_item(
            purpose=ConnectDisconnectPurpose.NOTIFICATION,
            url=conversation.response_url,
            version=SoapVersion[conversation.soap_version],
            operation=NOTIFICATION,
            body=build_cd_state_changed_notification(notification),
            header=header,
            correlation_id=correlation_id,
            now=now,
        )
        state = change.state_change.value if change.state_change is not None else "?"
        detail = f"{state}: {change.error_string}" if change.error_string else state
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
            detail=detail,
            flow=METER_FLOW,
        )
        runtime.store.accept(outcome, item)
        progress.unresolved.discard(number)
        progress.undelivered.add(number)
        runtime.log_message(
            "out", "multispeak", NOTIFICATION, item.body, **ids, peer=conversation.response_url
        )

    async def _notification_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        detail = multispeak_errors(envelope, "caller") or None
        self._delivered(item, TransactionState.DELIVERED, detail and f"caller answered: {detail}")

    async def _notification_refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        self._delivered(item, TransactionState.FAILED, str(exc))

    async def _notification_dead(self, item: OutboxItem, error: str) -> None:
        self._delivered(item, TransactionState.FAILED, error)

    def _delivered(self, item: OutboxItem, state: TransactionState, detail: str | None) -> None:
        """One notification is final; the conversation is once every meter's is."""
        assert item.correlation_id is not None
        store, now = self.runtime.store, self.runtime.clock()
        store.set_state(item.correlation_id, state, now, detail)
        parent_id, _, number = item.correlation_id.rpartition("/")
        conversation = self._conversation(parent_id)
        if conversation is None:
            return
        self.forget_progress(parent_id)
        progress = self._progress_of(conversation)
        if number.isdigit() and int(number) in progress.undelivered:
            progress.undelivered.discard(int(number))
            progress.failed += state is TransactionState.FAILED
        log.info(
            "%s for meter %s %s (%s)",
            NOTIFICATION,
            number,
            state.value,
            detail or item.url,
            extra={"correlation_id": parent_id, "event": "delivered"},
        )
        if conversation.state.final or progress.unresolved or progress.undelivered:
            return
        final = TransactionState.FAILED if progress.failed else TransactionState.DELIVERED
        summary = f"{len(progress.numbers)} notifications, {progress.failed} not delivered"
        store.set_state(parent_id, final, now, summary)
        self._progress.pop(parent_id, None)
