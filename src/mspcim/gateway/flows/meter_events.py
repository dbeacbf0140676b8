"""Meter events through the gateway, both ways (profile 8.13 EndDeviceEvents).

- CIM → MultiSpeak: a ``created EndDeviceEvents`` EventMessage posted to ``/cim/reply`` (one that
  no other flow claims, e.g. a connect/disconnect outcome) becomes a ``MeterEventNotification``
  for the MultiSpeak server of ``settings.meter_event_url``, sent by the outbox until it is taken.
  Without that setting the event is refused (Reply FAILED) and logged.
- MultiSpeak → CIM: a ``MeterEventNotification`` posted to the CB, MDM or NOT server of the
  gateway is answered at once (an errorObject per event that cannot be translated) and the rest
  goes to ``settings.cim_endpoint`` as a ``created EndDeviceEvents`` EventMessage, by the outbox.

Each forwarded notification is stored (``ReadTransaction(flow="meter-events")``) together with
its outbox item before anyone is answered, and ends DELIVERED or FAILED.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from lxml import etree

from mspcim import reply_codes
from mspcim.cim.catalogue import Edition
from mspcim.cim.end_device_events import EndDeviceEvents
from mspcim.cim.message import Error, ErrorLevel, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.exceptions import MappingError, RemoteFaultError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationCall, OperationHandler
from mspcim.gateway.flows.common import (
    cim_outbox_item,
    multispeak_errors,
    multispeak_outbox_item,
    read_cim_answer,
    reply_reason,
    tap_answer,
)
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.harmonize.end_device_event_messages import (
    NOUN,
    OPERATION,
    cim_events,
    events_to_notification,
    notification_to_event,
)
from mspcim.harmonize.gaps import GapReport
from mspcim.multispeak.catalogue import OPERATIONS
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEventNotification,
    build_meter_event_notification,
    read_meter_event_notification,
)
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
)
from mspcim.soap import SoapEnvelope, SoapVersion

__all__ = ["FLOW", "TO_CIM", "TO_MULTISPEAK", "MeterEvents"]

log = logging.getLogger("mspcim.gateway.meter_events")

FLOW = "meter-events"
"""``ReadTransaction.flow`` of the notifications this flow forwards."""
TO_CIM = "meter_events_to_cim"
"""Outbox purpose: a created EndDeviceEvents EventMessage for the CIM side."""
TO_MULTISPEAK = "meter_events_to_multispeak"
"""Outbox purpose: a MeterEventNotification for the MultiSpeak server of meter_event_url."""
NOT_CONFIGURED = (
    "no MultiSpeak server is configured to receive meter events (gateway setting meter_event_url)"
)


def _event_meters(document: EndDeviceEvents) -> list[str]:
    meters: dict[str, None] = {}
    for event in document.end_device_events:
        asset = event.assets
        if asset is None:
            continue
        named = [name.name for name in asset.names if name.type_name in (None, "meterID")]
        meter = named[0] if named else asset.mrid
        if meter:
            meters.setdefault(meter, None)
    return list(meters)


def _instance_meter(instance: EventInstance) -> str:
    return instance.meter_id.value if instance.meter_id is not None else ""


class MeterEvents:
    """The conversation, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """``MeterEventNotification`` on every endpoint the operation catalogue lists for it."""
        return {
            (op.endpoint, op.name): self._notification for op in OPERATIONS if op.name == OPERATION
        }

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """What the delivery worker does with the answers to the messages this flow forwards."""
        return {
            TO_CIM: AnswerHandler(self._cim_answered, self._refused, self._dead),
            TO_MULTISPEAK: AnswerHandler(self._multispeak_answered, self._refused, self._dead),
        }

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """EndDeviceEvents that no earlier flow claims."""
        return {NOUN: self.receive}

    # --- MultiSpeak → CIM

    async def _notification(self, call: OperationCall) -> etree._Element:
        notification = read_meter_event_notification(call.body)
        errors = self.accept(notification, call.header, call.version, call.raw)
        return build_array_of_error_object_response(OPERATION, errors)

    def accept(
        self,
        notification: MeterEventNotification,
        header: MultiSpeakMsgHeader,
        version: SoapVersion,
        raw: bytes = b"",
    ) -> list[ErrorObject]:
        """Queue the events for the CIM side; an errorObject for each event refused."""
        runtime, settings = self.runtime, self.runtime.settings
        instances = notification.events.event_instances if notification.events else []
        gaps = GapReport()
        refused: list[tuple[int, MappingError]] = []
        message_id = runtime.new_id()
        message = notification_to_event(
            notification,
            header,
            message_id=message_id,
            form=settings.cim_form,
            edition=Edition.CIM2013,
            report=gaps,
            refused=refused,
        )
        errors = [
            ErrorObject(
                error_string=f"event not forwarded: {exc.reason}",
                object_id=_instance_meter(instances[index - 1]) or str(index),
                noun_type="eventInstance",
            )
            for index, exc in refused
        ]
        ids = {"correlation_id": message_id, "transaction_id": notification.transaction_id}
        runtime.log_message("in", "multispeak", OPERATION, raw, **ids, peer=header.app_name)
        numbers = {index for index, _ in refused}
        kept = [item for number, item in enumerate(instances, 1) if number not in numbers]
        if not kept:
            log.info(
                "MeterEventNotification with no event to forward (%d refused)",
                len(refused),
                extra={**ids, "event": "nothing-to-forward"},
            )
            return errors
        now = runtime.clock()
        item = cim_outbox_item(TO_CIM, settings.cim_endpoint, message, message_id, now)
        meters = list(dict.fromkeys(meter for event in kept if (meter := _instance_meter(event))))
        self._store(
            item,
            transaction_id=notification.transaction_id,
            caller=header.app_name,
            meters=meters,
            soap_version=version,
            detail=f"{len(kept)} events for the CIM side, {len(refused)} refused",
        )
        runtime.log_message("out", "cim", f"created {NOUN}", item.body, **ids, peer=item.url)
        log.info(
            "meter events accepted: %d events of %d meters for the CIM side, %d refused; gaps: %s",
            len(kept),
            len(meters),
            len(refused),
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        return errors

    def _store(
        self,
        item: OutboxItem,
        *,
        transaction_id: str | None,
        caller: str | None,
        meters: list[str],
        soap_version: SoapVersion,
        detail: str,
    ) -> None:
        """Keep the conversation and its outbox item in one store transaction; wake the worker."""
        runtime = self.runtime
        assert item.correlation_id is not None
        transaction = ReadTransaction(
            correlation_id=item.correlation_id,
            transaction_id=transaction_id,
            response_url=item.url,
            caller=caller,
            meter_ids=meters,
            soap_version=soap_version.name,
            state=TransactionState.REPLIED,
            created_at=item.created_at,
            expires_at=item.created_at + runtime.settings.default_expiry,
            detail=detail,
            flow=FLOW,
        )
        runtime.store.accept(transaction, item)
        runtime.wake.set()

    async def _cim_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        assert item.correlation_id is not None
        message = read_cim_answer(envelope)
        tap_answer(self.runtime, item, envelope, "cim", message.kind.value)
        reply = message.reply
        if message.kind is MessageKind.FAULT or (
            reply is not None and reply.result is ReplyResult.FAILED
        ):
            raise RemoteFaultError(f"the CIM system refused the events: {reply_reason(reply)}")
        partial = reply is not None and reply.result is ReplyResult.PARTIAL
        self._delivered(
            item, f"CIM system answered PARTIAL: {reply_reason(reply)}" if partial else None
        )

    # --- CIM → MultiSpeak

    def receive(self, message: Message) -> Reply:
        """Forward CIM events as a MeterEventNotification; the Reply to give the CIM side."""
        runtime, settings = self.runtime, self.runtime.settings
        header = message.header
        if message.kind is MessageKind.EVENT and (
            header is None or header.verb is not Verb.CREATED
        ):
            verb = header.verb.value if header is not None else None
            return _failed(
                reply_codes.INVALID_VERB,
                f"{OPERATION} forwards created {NOUN}, not {verb} {NOUN}",
                "Verb",
            )
        events = cim_events(message)
        ids = {"correlation_id": events.correlation_id}
        count = len(events.document.end_device_events)
        if count == 0:
            log.info(
                "EndDeviceEvents with no event: nothing to forward",
                extra={**ids, "event": "nothing-to-forward"},
            )
            return Reply(ReplyResult.OK)
        url = settings.meter_event_url
        if not url:
            log.error(
                "%d CIM events refused: %s",
                count,
                NOT_CONFIGURED,
                extra={**ids, "event": "not-configured"},
            )
            return _failed(reply_codes.INVALID_NOUN, NOT_CONFIGURED, "Noun")
        gaps = GapReport()
        notification, msp_header = events_to_notification(events, report=gaps)
        msp_header.app_name = msp_header.app_name or settings.app_name
        msp_header.stamped()
        now = runtime.clock()
        item = multispeak_outbox_item(
            purpose=TO_MULTISPEAK,
            url=url,
            version=SoapVersion.SOAP11,
            operation=OPERATION,
            body=build_meter_event_notification(notification),
            header=msp_header,
            correlation_id=runtime.new_id(),
            now=now,
        )
        meters = _event_meters(events.document)
        self._store(
            item,
            transaction_id=notification.transaction_id,
            caller=header.source if header is not None else None,
            meters=meters,
            soap_version=SoapVersion.SOAP11,
            detail=f"{count} CIM events for {url}",
        )
        ids = {"correlation_id": item.correlation_id, "transaction_id": notification.transaction_id}
        runtime.log_message("out", "multispeak", OPERATION, item.body, **ids, peer=url)
        log.info(
            "CIM events accepted: %d events of %d meters for %s; gaps: %s",
            count,
            len(meters),
            url,
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        return Reply(ReplyResult.OK)

    async def _multispeak_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        if envelope.fault is None:
            tap_answer(self.runtime, item, envelope, "multispeak", f"{OPERATION}Response")
        detail = multispeak_errors(envelope, "server")
        self._delivered(
            item, f"MultiSpeak server answered with errors: {detail}" if detail else None
        )

    # --- either way

    def _delivered(self, item: OutboxItem, detail: str | None) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(
            item.correlation_id, TransactionState.DELIVERED, self.runtime.clock(), detail
        )
        log.info(
            "meter events delivered to %s%s",
            item.url,
            f" ({detail})" if detail else "",
            extra={"correlation_id": item.correlation_id, "event": "delivered"},
        )

    async def _refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        await self._dead(item, str(exc))

    async def _dead(self, item: OutboxItem, error: str) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(
            item.correlation_id, TransactionState.FAILED, self.runtime.clock(), error
        )
        log.error(
            "meter events not delivered to %s: %s",
            item.url,
            error,
            extra={"correlation_id": item.correlation_id, "event": "failed"},
        )


def _failed(code: str, reason: str, xpath: str) -> Reply:
    return Reply(
        ReplyResult.FAILED, [Error(code=code, level=ErrorLevel.FATAL, reason=reason, xpath=xpath)]
    )
