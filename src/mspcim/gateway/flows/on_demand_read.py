"""The on-demand meter read, IEC TS 61968-14 Annex B: the gateway's archetypal conversation.

1. A MultiSpeak system calls ``InitiateMeterReadingsByMeterID`` → stored, answered at once.
2. The outbox sends ``get MeterReadings`` (AsyncReplyFlag, ReplyAddress = the gateway).
3. The CIM side answers, synchronously or later on ``/cim/reply`` (Correlation Identifier).
4. The readings become a ``ReadingChangedNotification`` for the caller's ``responseURL``
   (Return Address), sent by the outbox until the caller takes it.
Replies after ``expTime`` are kept and recorded as expired, never delivered.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from lxml import etree

from mspcim import reply_codes
from mspcim.cim.message import (
    Error,
    ErrorLevel,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
)
from mspcim.cim.model import MeterReadings
from mspcim.exceptions import InputError, RemoteFaultError
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
from mspcim.gateway.store import OutboxItem, Purpose, ReadTransaction, TransactionState
from mspcim.gateway.strays import keep_after_end
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_reading_messages import (
    NOUN,
    CimReadings,
    cim_readings,
    initiate_to_request,
    readings_to_notification,
)
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.operations import (
    InitiateMeterReadingsByMeterID,
    build_array_of_error_object_response,
    build_reading_changed_notification,
    read_initiate_meter_readings_by_meter_id,
)
from mspcim.soap import SoapEnvelope, SoapVersion

__all__ = ["OnDemandRead"]

log = logging.getLogger("mspcim.gateway.on_demand_read")

NO_READING = "the CIM system returned no reading for this meter"


class OnDemandRead:
    """The conversation, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # --- 1. accept

    def accept(
        self,
        call: InitiateMeterReadingsByMeterID,
        header: MultiSpeakMsgHeader,
        version: SoapVersion,
        raw: bytes = b"",
    ) -> list[ErrorObject]:
        """Store the request and queue the CIM request; errorObjects name refused meters."""
        runtime, settings = self.runtime, self.runtime.settings
        where = "/Envelope/Body/InitiateMeterReadingsByMeterID"
        check_callback(call.transaction_id, call.response_url, where)
        check_items(
            len(call.meter_ids), settings.max_meters_per_request, where, "meterIDs", "meterID"
        )
        refused = [
            ErrorObject(error_string="empty meterID", noun_type="meterID", object_id="")
            for meter in call.meter_ids
            if not meter.value
        ]
        accepted = list(dict.fromkeys(meter.value for meter in call.meter_ids if meter.value))
        if not accepted:
            return refused
        now = runtime.clock()
        lifetime = lifetime_of(call.exp_time, settings.default_expiry, where)
        correlation_id = runtime.new_id()
        gaps = GapReport()
        kept = [meter for meter in call.meter_ids if meter.value]
        request = initiate_to_request(
            InitiateMeterReadingsByMeterID(
                kept, call.response_url, call.transaction_id, call.exp_time
            ),
            header,
            message_id=correlation_id,
            reply_address=settings.reply_address,
            form=settings.cim_form,
            report=gaps,
        )
        item = cim_outbox_item(
            Purpose.CIM_REQUEST, settings.cim_endpoint, request, correlation_id, now
        )
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=call.transaction_id,
            response_url=call.response_url,
            caller=header.app_name,
            meter_ids=accepted,
            soap_version=version.name,
            state=TransactionState.ACCEPTED,
            created_at=now,
            expires_at=now + lifetime,
        )
        runtime.store.accept(transaction, item)
        ids = {"correlation_id": correlation_id, "transaction_id": call.transaction_id}
        runtime.log_message(
            "in", "multispeak", "InitiateMeterReadingsByMeterID", raw, **ids, peer=header.app_name
        )
        runtime.log_message(
            "out", "cim", "get MeterReadings", item.body, **ids, peer=settings.cim_endpoint
        )
        log.info(
            "on-demand read accepted: %d meters from %s, reply to %s, expires in %.0fs; gaps: %s",
            len(accepted),
            header.app_name or "?",
            call.response_url,
            lifetime,
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()
        return refused

    # --- 2./3. the CIM side answers

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """MR_Server ``InitiateMeterReadingsByMeterID``."""
        return {("MR_Server", "InitiateMeterReadingsByMeterID"): self._initiate}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Replies and events about MeterReadings."""
        return {NOUN: self.receive}

    async def _initiate(self, call: OperationCall) -> etree._Element:
        request = read_initiate_meter_readings_by_meter_id(call.body)
        errors = self.accept(request, call.header, call.version, call.raw)
        return build_array_of_error_object_response("InitiateMeterReadingsByMeterID", errors)

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """What the delivery worker does with the answers to this flow's messages."""
        return {
            Purpose.CIM_REQUEST: AnswerHandler(
                self._request_answered, self._request_refused, self._request_dead
            ),
            Purpose.MSP_NOTIFICATION: AnswerHandler(
                self._notification_answered, self._notification_refused, self._notification_dead
            ),
        }

    async def _request_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        assert item.correlation_id is not None
        message = read_cim_answer(envelope)
        kind = "acknowledgement" if _is_acknowledgement(message) else "synchronous"
        tap_answer(self.runtime, item, envelope, "cim", f"{message.kind.value} ({kind})")
        if message.kind is MessageKind.FAULT:
            reason = reply_reason(message.reply)
            raise RemoteFaultError(f"the CIM system refused the request: {reason}")
        try:
            self.receive(message, item.correlation_id)
        except InputError as exc:
            where = f" (at {exc.xpath})" if exc.xpath else ""
            raise RemoteFaultError(
                f"the CIM system's answer cannot be translated: {exc.reason}{where}"
            ) from None

    async def _request_refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        assert item.correlation_id is not None
        self._fail_every_meter(item.correlation_id, str(exc))

    async def _request_dead(self, item: OutboxItem, error: str) -> None:
        assert item.correlation_id is not None
        self._fail_every_meter(item.correlation_id, f"the CIM system could not be reached: {error}")

    def receive(self, message: Message, correlation_id: str | None = None) -> Reply:
        """Handle a CIM answer (synchronous, or posted to /cim/reply); return the Reply to give."""
        runtime = self.runtime
        header = message.header
        correlation_id = correlation_id or (header.correlation_id if header else None)
        transaction = runtime.store.transaction(correlation_id) if correlation_id else None
        ids = {"correlation_id": correlation_id}
        if transaction is None:
            log.warning(
                "reply for an unknown CorrelationID %r kept in the message log",
                correlation_id,
                extra={**ids, "event": "unknown-correlation"},
            )
            return Reply(
                ReplyResult.FAILED,
                [
                    Error(
                        code=reply_codes.UNKNOWN_CORRELATION,
                        level=ErrorLevel.WARNING,
                        reason=f"no open request has CorrelationID {correlation_id!r}",
                        xpath="CorrelationID",
                    )
                ],
            )
        ids["transaction_id"] = transaction.transaction_id
        if _is_acknowledgement(message):
            if transaction.state is TransactionState.ACCEPTED:
                runtime.store.set_state(
                    correlation_id or "", TransactionState.REQUESTED, runtime.clock()
                )
            log.info("CIM system acknowledged the request", extra={**ids, "event": "acknowledged"})
            return Reply(ReplyResult.OK)
        now = runtime.clock()
        if transaction.state.final or transaction.state is TransactionState.REPLIED:
            keep_after_end(runtime, transaction, message, now)
            log.warning(
                "late or repeated reply (transaction already %s) kept, not delivered again",
                transaction.state.value,
                extra={**ids, "event": "late-reply"},
            )
            return Reply(ReplyResult.OK)
        readings = cim_readings(message)
        if now > transaction.expires_at:
            keep_after_end(runtime, transaction, message, now)
            runtime.store.reply_received(
                transaction.correlation_id,
                now,
                None,
                "reply arrived after expTime: kept, not delivered",
            )
            log.warning(
                "reply after expTime: recorded as expired", extra={**ids, "event": "expired"}
            )
            return Reply(ReplyResult.OK)
        self._notify(transaction, readings, now)
        return Reply(ReplyResult.OK)

    # --- 4. notify the caller

    def _notify(self, transaction: ReadTransaction, readings: CimReadings, now: float) -> None:
        runtime = self.runtime
        gaps = GapReport()
        delivered = {
            name.name
            for reading in readings.document.meter_readings
            for name in reading.meter_names
            if name.name_type in (None, "meterID")
        } | {
            reading.meter_mrid for reading in readings.document.meter_readings if reading.meter_mrid
        }
        for meter in transaction.meter_ids:
            if meter not in delivered and meter not in readings.failed:
                readings.failed[meter] = NO_READING
        notification, header = readings_to_notification(
            readings, transaction_id=transaction.transaction_id, report=gaps
        )
        header.app_name = header.app_name or runtime.settings.app_name
        header.stamped()
        assert transaction.response_url is not None
        item = multispeak_outbox_item(
            purpose=Purpose.MSP_NOTIFICATION,
            url=transaction.response_url,
            version=SoapVersion[transaction.soap_version],
            operation="ReadingChangedNotification",
            body=build_reading_changed_notification(notification),
            header=header,
            correlation_id=transaction.correlation_id,
            now=now,
        )
        values = sum(len(reading.reading_values) for reading in notification.changed_meter_reads)
        detail = f"{values} reading values, {len(readings.failed)} meters failed"
        runtime.store.reply_received(transaction.correlation_id, now, item, detail)
        ids = {
            "correlation_id": transaction.correlation_id,
            "transaction_id": transaction.transaction_id,
        }
        runtime.log_message(
            "out",
            "multispeak",
            "ReadingChangedNotification",
            item.body,
            **ids,
            peer=transaction.response_url,
        )
        log.info(
            "reply translated: %s; gaps: %s",
            detail,
            gaps.summary(),
            extra={**ids, "event": "replied"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()

    def _fail_every_meter(self, correlation_id: str, reason: str) -> None:
        transaction = self.runtime.store.transaction(correlation_id)
        if (
            transaction is None
            or transaction.state.final
            or transaction.state is TransactionState.REPLIED
        ):
            return
        log.error(
            "request failed: %s",
            reason,
            extra={
                "correlation_id": correlation_id,
                "transaction_id": transaction.transaction_id,
                "event": "failed",
            },
        )
        readings = CimReadings(
            document=MeterReadings(),
            header=None,
            reply=Reply(ReplyResult.FAILED),
            correlation_id=correlation_id,
            failed=dict.fromkeys(transaction.meter_ids, reason),
        )
        self._notify(transaction, readings, self.runtime.clock())

    async def _notification_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        assert item.correlation_id is not None
        detail = multispeak_errors(envelope, "caller") or None
        self.runtime.store.set_state(
            item.correlation_id,
            TransactionState.DELIVERED,
            self.runtime.clock(),
            f"caller answered with errors: {detail}" if detail else None,
        )
        transaction = self.runtime.store.transaction(item.correlation_id)
        log.info(
            "ReadingChangedNotification delivered to %s%s",
            item.url,
            f" (caller reported: {detail})" if detail else "",
            extra={
                "correlation_id": item.correlation_id,
                "transaction_id": transaction.transaction_id if transaction else None,
                "event": "delivered",
            },
        )

    async def _notification_refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(
            item.correlation_id, TransactionState.FAILED, self.runtime.clock(), str(exc)
        )

    async def _notification_dead(self, item: OutboxItem, error: str) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(
            item.correlation_id, TransactionState.FAILED, self.runtime.clock(), error
        )


def _is_acknowledgement(message: Message) -> bool:
    """A Response with Reply OK, no errors and no readings: the CIM side took the request.

    The noun-wrapper form must carry a profile document, so an empty one counts as none.
    """
    return (
        message.kind is MessageKind.RESPONSE
        and all(len(document) == 0 for document in message.payload)
        and message.reply is not None
        and message.reply.result is ReplyResult.OK
        and not message.reply.errors
    )
