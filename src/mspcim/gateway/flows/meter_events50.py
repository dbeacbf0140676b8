"""Meter events to a MultiSpeak v5 NOT_Server: ``EndDeviceEventsNotification``.

A ``created EndDeviceEvents`` EventMessage on ``/cim/reply`` that no earlier flow claims (a
connect/disconnect outcome is claimed by its conversation) becomes an
``EndDeviceEventsNotification`` for ``settings.multispeak50_event_url``, in the release
configured for that server, sent by the outbox until it is taken. Listed before the 4.1
``MeterEvents``: when ``meter_event_url`` is set too, the 4.1 server gets its
``MeterEventNotification`` as well and answers for both; without ``multispeak50_event_url``
this flow takes nothing. Each notification is stored (``ReadTransaction(flow="meter-events-v50")``)
with its outbox item, and ends DELIVERED or FAILED.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from lxml import etree

from mspcim import ns
from mspcim.cim.message import Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.exceptions import RemoteFaultError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationHandler
from mspcim.gateway.flows.common import log_gaps
from mspcim.gateway.flows.v50_common import (
    multispeak50_errors,
    multispeak50_outbox_item,
    release_for,
)
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.harmonize.end_device_event_messages import cim_events
from mspcim.harmonize.end_device_event_v5_messages import EVENTS
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50
from mspcim.soap import SoapEnvelope, SoapVersion

__all__ = ["FLOW", "TO_MULTISPEAK50", "MeterEvents50"]

log = logging.getLogger("mspcim.gateway.meter_events50")

FLOW = "meter-events-v50"
"""``ReadTransaction.flow`` of the v5 notifications this flow forwards."""
TO_MULTISPEAK50 = "meter_events_v50"
"""Outbox purpose: an EndDeviceEventsNotification to the v5 NOT_Server."""


class MeterEvents50:
    """The flow, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """No MultiSpeak operations (v5 EndDeviceEventsNotification in is the v5 relay's)."""
        return {}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Spontaneous EndDeviceEvents (those no earlier flow claimed)."""
        return {EVENTS: self.receive}

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """The v5 NOT_Server's answer to a notification."""
        return {TO_MULTISPEAK50: AnswerHandler(self._answered, self._refused, self._dead)}

    def receive(self, message: Message) -> Reply | None:
        """Queue the v5 notification; None leaves the event (also) to the 4.1 flow."""
        runtime, settings = self.runtime, self.runtime.settings
        url = settings.multispeak50_event_url
        header = message.header
        if (
            url is None
            or message.kind is not MessageKind.EVENT
            or header is None
            or header.verb is not Verb.CREATED
        ):
            return None
        events = cim_events(message)
        if not events.document.end_device_events:
            return None
        gaps = GapReport()
        release = release_for(settings, url)
        options = TranslateOptions(new_id=runtime.new_id, release=release)
        body, _ = find_cim_route50(EVENTS, MessageKind.EVENT)(message, gaps, options)
        correlation_id = runtime.new_id()
        item = multispeak50_outbox_item(
            runtime,
            purpose=TO_MULTISPEAK50,
            url=url,
            version=SoapVersion.SOAP11,
            endpoint="NOT_Server",
            body=body,
            correlation_id=correlation_id,
            release=release,
        )
        count = len(events.document.end_device_events)
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=body.findtext(ns.qname(ns.namespace_of(body.tag), "transactionID")),
            response_url=url,
            caller=header.source,
            meter_ids=_meters(body),
            soap_version=SoapVersion.SOAP11.name,
            state=TransactionState.REPLIED,
            created_at=item.created_at,
            expires_at=item.created_at + settings.default_expiry,
            detail=f"{count} events for the v5 NOT_Server ({release.value})",
            flow=FLOW,
        )
        runtime.store.accept(transaction, item)
        ids = {"correlation_id": correlation_id, "transaction_id": transaction.transaction_id}
        runtime.log_message(
            "out", "multispeak", "EndDeviceEventsNotification", item.body, **ids, peer=url
        )
        log.info(
            "%d CIM events forwarded to the v5 NOT_Server %s (%s); gaps: %s",
            count,
            url,
            release.value,
            gaps.summary(),
            extra={**ids, "event": "forwarded"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()
        return None if settings.meter_event_url else Reply(ReplyResult.OK)

    async def _answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        detail = multispeak50_errors(envelope, "NOT_Server") or None
        self._final(item, TransactionState.DELIVERED, detail and f"server answered: {detail}")

    async def _refused(self, item: OutboxItem, exc: RemoteFaultError) -> None:
        self._final(item, TransactionState.FAILED, str(exc))

    async def _dead(self, item: OutboxItem, error: str) -> None:
        self._final(item, TransactionState.FAILED, error)

    def _final(self, item: OutboxItem, state: TransactionState, detail: str | None) -> None:
        assert item.correlation_id is not None
        self.runtime.store.set_state(item.correlation_id, state, self.runtime.clock(), detail)
        log.info(
            "EndDeviceEventsNotification %s at %s%s",
            state.value,
            item.url,
            f" ({detail})" if detail else "",
            extra={"correlation_id": item.correlation_id, "event": state.value},
        )


def _meters(body: etree._Element) -> list[str]:
    """The devices the notification names (GUID as text, or 5.0.4 objectGUID), once each."""
    found: dict[str, None] = {}
    for meter in body.iter("{*}deviceReference", "{*}meterID"):
        guid = (meter.get("objectGUID") or meter.text or "").strip()
        if guid:
            found.setdefault(guid, None)
    return list(found)
