"""Change notifications relayed both ways, driven by the operation catalogue (IEC TS 61968-14).

- MultiSpeak → CIM: every catalogue operation of ``Exchange.NOTIFICATION`` with a CIM verb and
  noun and a registered ``@msp_route``, on its endpoint, that no earlier flow serves. The call is
  answered at once (an errorObject per object that cannot be translated), and the rest goes to
  ``settings.cim_endpoint`` as the EventMessage the row names (``changed CustomerConfig`` …).
- CIM → MultiSpeak: created, changed, deleted, closed and canceled EventMessages on
  ``/cim/reply`` of every noun with a registered event ``@cim_route`` that no earlier flow
  receives become the MultiSpeak notification the route chooses, sent to the server that
  ``settings.multispeak_destinations`` names for the first catalogue endpoint of that operation
  (none configured: Reply FAILED naming the setting). The destination's errorObjects become a
  Reply (PARTIAL or FAILED, one Error per object); an event asking for it (AckRequired and a
  ReplyAddress) gets that Reply as a ResponseMessage at its ReplyAddress.

The objects of a call are found by its structure (``notification_objects``). Each relayed
notification is stored (``ReadTransaction(flow="notification-relay")``, the received message in
its wire tap) together with its outbox item before anyone is answered, and ends DELIVERED or
FAILED.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime

from lxml import etree

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.payloads import Edition, payload_codec
from mspcim.exceptions import MessageFormatError, RemoteFaultError
from mspcim.gateway.broker.destinations import Destination
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, Flow, OperationCall, OperationHandler
from mspcim.gateway.flows.common import (
    cim_outbox_item,
    is_http_url,
    log_gaps,
    multispeak_outbox_item,
    read_cim_answer,
    tap_answer,
)
from mspcim.gateway.flows.notification_objects import label, msp_objects, translate_objects
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.harmonize import catalogue as _catalogue  # noqa: F401  (registers every route)
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.reply import error_objects_from_reply, reply_from_error_objects
from mspcim.harmonize.routes import (
    TranslateOptions,
    cim_routes,
    find_cim_route,
    find_msp_route,
    msp_routes,
)
from mspcim.multispeak.catalogue import OPERATIONS, Exchange, Operation
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
    read_array_of_error_object_response,
)
from mspcim.soap import SoapEnvelope, SoapVersion

__all__ = [
    "ACK_TO_CIM",
    "FLOW",
    "RELAYED_VERBS",
    "TO_CIM",
    "TO_MULTISPEAK",
    "NotificationRelay",
    "relayed_nouns",
    "relayed_operations",
]

log = logging.getLogger("mspcim.gateway.notification_relay")

FLOW = "notification-relay"
"""``ReadTransaction.flow`` of the notifications this flow relays."""
TO_CIM = "relay_to_cim"
"""Outbox purpose: an EventMessage for the CIM side."""
TO_MULTISPEAK = "relay_to_multispeak"
"""Outbox purpose: a MultiSpeak notification for a configured destination."""
ACK_TO_CIM = "relay_ack_to_cim"
"""Outbox purpose: the ResponseMessage an event asked for (AckRequired) at its ReplyAddress."""
RELAYED_VERBS = frozenset({Verb.CREATED, Verb.CHANGED, Verb.DELETED, Verb.CLOSED, Verb.CANCELED})
"""Verbs of the EventMessages relayed to MultiSpeak."""
SETTING = "multispeak_destinations"


def relayed_operations(served: Collection[tuple[str, str]] = ()) -> list[Operation]:
    """Catalogue notifications with a CIM message and a translation, minus ``served`` ones."""
    translated = set(msp_routes())
    return [
        op
        for op in OPERATIONS
        if op.exchange is Exchange.NOTIFICATION
        and op.cim_verb
        and op.cim_noun
        and op.name in translated
        and (op.endpoint, op.name) not in served
    ]


def relayed_nouns(claimed: Collection[str] = ()) -> list[str]:
    """CIM nouns with an event translation that no ``claimed`` receiver takes."""
    return sorted({noun for noun, kind in cim_routes() if kind is MessageKind.EVENT} - set(claimed))


def _transaction_id(body: etree._Element, header: MultiSpeakMsgHeader) -> str | None:
    found = body.findtext(ns.qname(ns.MSP41, "transactionID"))
    return found.strip() if found and found.strip() else header.message_id


def _reply_detail(reply: Reply | None) -> str:
    """The errors of a Reply, object by object (``objectID: reason``)."""
    if reply is None:
        return "no Reply"
    errors = error_objects_from_reply(reply)
    said = "; ".join(
        f"{error.object_id}: {error.error_string}" if error.object_id else f"{error.error_string}"
        for error in errors
    )
    return f"{reply.result.value}: {said}" if said else reply.result.value


def _failed(code: str, reason: str, xpath: str | None = None) -> Reply:
    return Reply(
        ReplyResult.FAILED, [Error(code=code, level=ErrorLevel.FATAL, reason=reason, xpath=xpath)]
    )


class NotificationRelay:
    """The relay, bound to one runtime; ``earlier`` flows keep what they serve."""

    def __init__(self, runtime: Runtime, earlier: Sequence[Flow] = ()) -> None:
        self.runtime = runtime
        served = {key for flow in earlier for key in flow.operations()}
        claimed = {noun for flow in earlier for noun in flow.cim_receivers()}
        self._rows = {(op.endpoint, op.name): op for op in relayed_operations(served)}
        self._nouns = relayed_nouns(claimed)

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """Every catalogue notification no earlier flow answers, on its endpoint."""
        return dict.fromkeys(self._rows, self._notification)

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Events of every translated noun that no earlier flow receives."""
        return dict.fromkeys(self._nouns, self.receive)

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """What the delivery worker does with the answers to the messages this flow sends."""
        return {
            TO_CIM: AnswerHandler(self._cim_answered, self._refused, self._dead),
            TO_MULTISPEAK: AnswerHandler(self._multispeak_answered, self._refused, self._dead),
            ACK_TO_CIM: AnswerHandler(self._ack_answered, self._ack_lost, self._ack_dead),
        }

    # --- MultiSpeak → CIM

    async def _notification(self, call: OperationCall) -> etree._Element:
        row = self._rows[(call.endpoint, ns.local_name(call.body.tag))]
        return build_array_of_error_object_response(row.name, self.accept(row, call))

    def _translate(
        self, row: Operation, body: etree._Element, header: MultiSpeakMsgHeader, gaps: GapReport
    ) -> Message:
        """``body`` as the EventMessage ``row`` names, in the form the CIM side can take."""
        assert row.cim_verb is not None and row.cim_noun is not None
        form = self.runtime.settings.cim_form
        try:
            if payload_codec(row.cim_noun, Edition.CIM2013).official_schema is None:
                form = EnvelopeForm.IEC61968_100  # no 61968-9 noun wrapper for a declared noun
        except MessageFormatError:
            form = EnvelopeForm.IEC61968_100
        options = TranslateOptions(form=form, new_id=self.runtime.new_id)
        message = find_msp_route(row.name)(body, header, gaps, options)
        if message.header is None:  # pragma: no cover - every route writes a Header
            raise MessageFormatError(f"{row.name} translated to a message without Header")
        message.header.verb = Verb(row.cim_verb)
        return message

    def accept(self, row: Operation, call: OperationCall) -> list[ErrorObject]:
        """Queue the notification for the CIM side; an errorObject for each object refused."""
        runtime, settings = self.runtime, self.runtime.settings
        result = translate_objects(
            call.body, lambda body, gaps: self._translate(row, body, call.header, gaps)
        )
        transaction_id = _transaction_id(call.body, call.header)
        correlation_id = runtime.new_id()
        ids = {"correlation_id": correlation_id, "transaction_id": transaction_id}
        runtime.log_message(
            "in", "multispeak", row.name, call.raw, **ids, peer=call.header.app_name
        )
        message = result.message
        if message is None:
            log.info(
                "%s with nothing to forward (%d objects refused)",
                row.name,
                len(result.refused),
                extra={**ids, "event": "nothing-to-forward"},
            )
            return result.refused
        now = runtime.clock()
        item = cim_outbox_item(TO_CIM, settings.cim_endpoint, message, correlation_id, now)
        detail = (
            f"{row.name} on {call.endpoint}: {len(result.kept)} objects for the CIM side, "
            f"{len(result.refused)} refused"
        )
        self._store(item, transaction_id, call.header.app_name, result.kept, call.version, detail)
        verb_noun = f"{row.cim_verb} {message.noun}"
        runtime.log_message("out", "cim", verb_noun, item.body, **ids, peer=item.url)
        log.info(
            "%s accepted: %s, %s; gaps: %s",
            row.name,
            detail,
            verb_noun,
            result.gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        log_gaps(log, result.gaps, ids)
        return result.refused

    def _store(
        self,
        item: OutboxItem,
        transaction_id: str | None,
        caller: str | None,
        objects: list[str],
        version: SoapVersion,
        detail: str,
        *,
        return_address: str | None = None,
    ) -> None:
        """Keep the notification and its outbox item in one store transaction; wake the worker."""
        runtime = self.runtime
        assert item.correlation_id is not None
        transaction = ReadTransaction(
            correlation_id=item.correlation_id,
            transaction_id=transaction_id,
            response_url=return_address,
            caller=caller,
            meter_ids=objects,
            soap_version=version.name,
            state=TransactionState.REPLIED,
            created_at=item.created_at,
            expires_at=item.created_at + runtime.settings.default_expiry,
            detail=detail,
            flow=FLOW,
        )
        runtime.store.accept(transaction, item)
        runtime.wake.set()

    async def _cim_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        message = read_cim_answer(envelope)
        tap_answer(self.runtime, item, envelope, "cim", message.kind.value)
        reply = message.reply
        if message.kind is MessageKind.FAULT or (
            reply is not None and reply.result is ReplyResult.FAILED
        ):
            raise RemoteFaultError(
                f"the CIM system refused the notification: {_reply_detail(reply)}"
            )
        partial = reply is not None and reply.result is ReplyResult.PARTIAL
        self._final(item, TransactionState.DELIVERED, _reply_detail(reply) if partial else None)

    # --- CIM → MultiSpeak

    def receive(self, message: Message) -> Reply | None:
        """Relay a CIM event as its MultiSpeak notification; the Reply for the CIM side.

        Returns None for a ResponseMessage: the relay has no request of its own to be answered.
        """
        runtime, settings = self.runtime, self.runtime.settings
        header = message.header
        if message.kind is not MessageKind.EVENT or header is None:
            return None
        if header.verb not in RELAYED_VERBS:
            relayed = ", ".join(sorted(verb.value for verb in RELAYED_VERBS))
            return _failed(
                reply_codes.INVALID_VERB,
                f"the gateway relays {relayed} {header.noun} events, not {header.verb.value}",
                "Verb",
            )
        received = xmlsafe.serialize(build_message(message))  # as received, before translation
        gaps = GapReport()
        options = TranslateOptions(new_id=runtime.new_id)
        body, msp_header = find_cim_route(header.noun, MessageKind.EVENT)(message, gaps, options)
        operation = ns.local_name(body.tag)
        endpoints = [
            op.endpoint
            for op in OPERATIONS
            if op.name == operation and op.exchange is Exchange.NOTIFICATION
        ]
        destinations = settings.multispeak_destinations
        endpoint = next((name for name in endpoints if name in destinations), None)
        if endpoint is None:
            reason = (
                f"no MultiSpeak server is configured to receive {operation} (gateway setting "
                f"{SETTING}: one of {', '.join(endpoints) or 'no endpoint in the catalogue'})"
            )
            log.error(
                "%s %s refused: %s",
                header.verb.value,
                header.noun,
                reason,
                extra={"correlation_id": header.message_id, "event": "not-configured"},
            )
            return _failed(reply_codes.INVALID_NOUN, reason, "Noun")
        msp_header.app_name = msp_header.app_name or settings.app_name
        msp_header.stamped()
        now = runtime.clock()
        correlation_id = runtime.new_id()
        url = destinations[endpoint]
        item = multispeak_outbox_item(
            purpose=TO_MULTISPEAK,
            url=url,
            version=SoapVersion.SOAP11,
            operation=operation,
            body=body,
            header=msp_header,
            correlation_id=correlation_id,
            now=now,
        )
        labels = [label(element, n) for n, element in enumerate(msp_objects(body), start=1)]
        ack = header.reply_address if header.ack_required else None
        if ack is not None and not self._answerable(ack):
            log.warning(
                "AckRequired with ReplyAddress %r, which is no http(s) URL (nor a broker "
                "destination, over the broker): no acknowledgement",
                ack,
                extra={"correlation_id": header.message_id, "event": "no-ack"},
            )
            ack = None
        detail = f"{header.verb.value} {header.noun} → {operation} for {endpoint} at {url}"
        ids = {"correlation_id": correlation_id, "transaction_id": header.message_id}
        runtime.log_message("in", "cim", f"{header.verb.value} {header.noun}", received, **ids)
        self._store(
            item,
            header.message_id,
            header.source,
            labels,
            SoapVersion.SOAP11,
            detail,
            return_address=ack,
        )
        runtime.log_message("out", "multispeak", operation, item.body, **ids, peer=url)
        log.info(
            "%s accepted: %d objects; gaps: %s",
            detail,
            len(labels),
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        log_gaps(log, gaps, ids)
        return Reply(ReplyResult.OK)

    def _answerable(self, address: str) -> bool:
        """Whether an acknowledgement can go to ``address``: http(s), or a queue over the broker."""
        if is_http_url(address):
            return True
        return self.runtime.settings.broker.enabled and Destination.is_destination(address)

    async def _multispeak_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        assert item.correlation_id is not None
        if envelope.fault is not None:
            raise RemoteFaultError(
                f"SOAP Fault from the MultiSpeak server: {envelope.fault.reason}"
            )
        tap_answer(
            self.runtime, item, envelope, "multispeak", ns.local_name(envelope.first_body.tag)
        )
        conversation = self.runtime.store.transaction(item.correlation_id)
        requested = len(conversation.meter_ids) if conversation is not None else None
        errors = read_array_of_error_object_response(envelope.first_body)
        reply = reply_from_error_objects(errors, requested=requested)
        state = (
            TransactionState.FAILED
            if reply.result is ReplyResult.FAILED
            else TransactionState.DELIVERED
        )
        self._final(item, state, _reply_detail(reply) if errors else None)
        self._acknowledge(item, reply)

    # --- acknowledgement of a relayed event (AckRequired)

    def _acknowledge(self, item: OutboxItem, reply: Reply) -> None:
        """Queue the ResponseMessage an event asked for, correlated with its MessageID."""
        runtime = self.runtime
        assert item.correlation_id is not None
        conversation = runtime.store.transaction(item.correlation_id)
        if item.purpose != TO_MULTISPEAK or conversation is None or not conversation.response_url:
            return
        event = next(
            (
                logged
                for logged in runtime.store.messages(item.correlation_id)
                if logged.direction == "in" and logged.side == "cim" and logged.body
            ),
            None,
        )
        noun = read_message(xmlsafe.parse(event.body)).noun if event and event.body else None
        now = runtime.clock()
        ack = Message(
            kind=MessageKind.RESPONSE,
            header=Header(
                verb=Verb.REPLY,
                noun=noun or "",
                timestamp=datetime.fromtimestamp(now, UTC).replace(microsecond=0),
                source=runtime.settings.app_name,
                message_id=runtime.new_id(),
                correlation_id=conversation.transaction_id,
            ),
            reply=reply,
        )
        answer = cim_outbox_item(
            ACK_TO_CIM, conversation.response_url, ack, item.correlation_id, now
        )
        runtime.store.enqueue(answer)
        runtime.log_message(
            "out",
            "cim",
            f"{MessageKind.RESPONSE.value} ({reply.result.value})",
            answer.body,
            correlation_id=item.correlation_id,
            transaction_id=conversation.transaction_id,
            peer=answer.url,
        )
        runtime.wake.set()

    async def _ack_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        tap_answer(self.runtime, item, envelope, "cim", "acknowledgement answered")

    async def _ack_lost(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        await self._ack_dead(item, str(exc))

    async def _ack_dead(self, item: OutboxItem, error: str) -> None:
        log.error(
            "acknowledgement not delivered to %s: %s",
            item.url,
            error,
            extra={"correlation_id": item.correlation_id, "event": "ack-failed"},
        )

    # --- either way

    def _final(self, item: OutboxItem, state: TransactionState, detail: str | None) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(item.correlation_id, state, self.runtime.clock(), detail)
        log.info(
            "relayed notification %s at %s%s",
            state.value,
            item.url,
            f" ({detail})" if detail else "",
            extra={"correlation_id": item.correlation_id, "event": state.value},
        )

    async def _refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        await self._give_up(item, str(exc), reply_codes.INVALID_CONTENT)

    async def _dead(self, item: OutboxItem, error: str) -> None:
        await self._give_up(item, error, reply_codes.TIMED_OUT)

    async def _give_up(self, item: OutboxItem, reason: str, code: str) -> None:
        self._final(item, TransactionState.FAILED, reason)
        self._acknowledge(item, _failed(code, f"not delivered to {item.url}: {reason}"))
