"""v5 notifications to the CIM side: the gateway's ``/multispeak/v50/NOT_Server``.

Every v5 notification with a registered translation (``routes50``: ``MeterReadingsNotification``
and its 5.0.4 name ``ReadingsChangedNotification``, and whatever the v5 message modules add) is
served on the NOT_Server endpoint: the call is translated, stored with its outbox item and
answered at once; the EventMessage goes to ``settings.cim_endpoint`` until the CIM side takes
it. A notification that cannot be translated is answered with an errorObject in the response
header's ``Result`` and stores nothing. The conversation (``ReadTransaction(flow=
"notification-relay-v50")``) ends DELIVERED, or FAILED when the CIM side refuses it or cannot be
reached.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import UTC, datetime

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.cim.message import MessageKind, ReplyResult
from mspcim.exceptions import InputError, MappingError, RemoteFaultError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationHandler
from mspcim.gateway.flow50 import Answer50, Operation50, OperationCall50
from mspcim.gateway.flows.common import (
    cim_outbox_item,
    log_gaps,
    read_cim_answer,
    reply_reason,
    tap_answer,
)
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.v50_headers import error_object
from mspcim.harmonize import catalogue_v5 as _catalogue_v5  # noqa: F401  (registers routes50)
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_msp50_route, msp50_routes
from mspcim.soap import SoapEnvelope

__all__ = ["ENDPOINT", "FLOW", "TO_CIM", "NotificationRelay50", "relayed_notifications"]

log = logging.getLogger("mspcim.gateway.notification_relay50")

ENDPOINT = "NOT_Server"
FLOW = "notification-relay-v50"
"""``ReadTransaction.flow`` of the v5 notifications relayed to the CIM side."""
TO_CIM = "cim_event_v50"
"""Outbox purpose: the EventMessage of a v5 notification."""


def relayed_notifications(served: Collection[str] = ()) -> list[str]:
    """v5 notification bodies with a translation, except those ``served`` by other flows."""
    return [name for name in msp50_routes() if name.endswith("Notification") and name not in served]


class NotificationRelay50:
    """The relay, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """No MultiSpeak 4.1 operations (``NotificationRelay`` relays those)."""
        return {}

    def operations50(self) -> Mapping[tuple[str, str], Operation50]:
        """NOT_Server: every v5 notification with a translation."""
        return {(ENDPOINT, name): Operation50(self.accept) for name in relayed_notifications()}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Nothing comes back on /cim/reply: the CIM side answers the EventMessage at once."""
        return {}

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """The CIM side's answer to a relayed EventMessage."""
        return {TO_CIM: AnswerHandler(self._answered, self._refused, self._dead)}

    async def accept(self, call: OperationCall50) -> Answer50:
        """Translate, store and queue the notification; errors in Result when it cannot be."""
        runtime, settings = self.runtime, self.runtime.settings
        name = ns.local_name(call.body.tag)
        response = etree.Element(ns.qname(ns.namespace_of(call.body.tag), f"{name}Response"))
        now = runtime.clock()
        correlation_id = runtime.new_id()
        transaction_id = call.body.findtext(
            ns.qname(ns.namespace_of(call.body.tag), "transactionID")
        )
        ids = {"correlation_id": correlation_id, "transaction_id": transaction_id}
        gaps = GapReport()
        options = TranslateOptions(
            form=settings.cim_form, new_id=runtime.new_id, release=call.release
        )
        try:
            message = find_msp50_route(name)(call.body, call.header, gaps, options)
        except (InputError, MappingError) as exc:
            reason = getattr(exc, "reason", None) or str(exc)
            log.info(
                "%s not translated: %s", name, reason, extra={**ids, "event": "untranslatable"}
            )
            stamp = datetime.fromtimestamp(now, UTC).replace(microsecond=0)
            error = error_object(
                f"not translated to CIM: {reason}",
                stamp,
                noun_type=name,
                code=reply_codes.UNTRANSLATABLE,
            )
            return Answer50(response, [error], all_failed=True)
        assert message.header is not None
        message.header.message_id = correlation_id
        item = cim_outbox_item(TO_CIM, settings.cim_endpoint, message, correlation_id, now)
        objects = len(message.payload)
        detail = f"{name} ({call.release.value}) from {call.caller}: {message.noun} to the CIM side"
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=transaction_id,
            response_url=None,
            caller=call.caller,
            meter_ids=[],
            soap_version=call.version.name,
            state=TransactionState.REPLIED,
            created_at=now,
            expires_at=now + settings.default_expiry,
            detail=detail,
            flow=FLOW,
        )
        runtime.store.accept(transaction, item)
        runtime.log_message("in", "multispeak", name, call.raw, **ids, peer=call.caller)
        verb_noun = f"{message.header.verb.value} {message.noun}"
        runtime.log_message("out", "cim", verb_noun, item.body, **ids, peer=item.url)
        log.info(
            "%s accepted: %s (%d payloads); gaps: %s",
            name,
            verb_noun,
            objects,
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()
        return Answer50(response)

    async def _answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        message = read_cim_answer(envelope)
        tap_answer(self.runtime, item, envelope, "cim", message.kind.value)
        reply = message.reply
        if message.kind is MessageKind.FAULT or (
            reply is not None and reply.result is ReplyResult.FAILED
        ):
            raise RemoteFaultError(
                f"the CIM system refused the notification: {reply_reason(reply)}"
            )
        self._final(item, TransactionState.DELIVERED, None)

    async def _refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        self._final(item, TransactionState.FAILED, str(exc))

    async def _dead(self, item: OutboxItem, error: str) -> None:
        self._final(item, TransactionState.FAILED, error)

    def _final(self, item: OutboxItem, state: TransactionState, detail: str | None) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(item.correlation_id, state, self.runtime.clock(), detail)
        log.info(
            "v5 notification %s at %s%s",
            state.value,
            item.url,
            f" ({detail})" if detail else "",
            extra={"correlation_id": item.correlation_id, "event": state.value},
        )
