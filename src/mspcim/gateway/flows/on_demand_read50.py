"""The on-demand meter read for MultiSpeak v5 callers: the Annex B conversation in its v5 words.

1. A v5 system calls ``MR_Server: InitiateMeterReadingsByMeterIDs`` (``expirationTime`` a
   dateTime, ``responseMethod``) → stored, answered at once (refused meters in ``Result``).
2.–3. As for 4.1 (``OnDemandRead``): ``get MeterReadings`` through the outbox, the answer on
   ``/cim/reply`` or synchronously, late and repeated replies kept, expiry.
4. The readings become a ``MeterReadingsNotification`` for the caller's NOT_Server at
   ``responseURL``, in the release configured for that destination (5.0.7 by default).

The conversation is the 4.1 one: this flow reuses ``OnDemandRead`` and differs where the edition
does — reading the call, writing the notification, reading the caller's answer. Its transactions
are stored with ``flow="on-demand-read-v50"`` so a reply finds the edition its caller speaks.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.cim.message import Message, Reply, Verb
from mspcim.exceptions import MessageFormatError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationHandler
from mspcim.gateway.flow50 import Answer50, Operation50, OperationCall50
from mspcim.gateway.flows.common import (
    check_callback,
    check_items,
    cim_outbox_item,
    log_gaps,
)
from mspcim.gateway.flows.on_demand_read import NO_READING, OnDemandRead
from mspcim.gateway.flows.v50_common import (
    cim_header_of,
    multispeak50_errors,
    multispeak50_outbox_item,
    release_for,
)
from mspcim.gateway.store import OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.v50_headers import error_object
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_reading_messages import NOUN, CimReadings
from mspcim.harmonize.meter_reading_v5_messages import (
    initiate_to_request,
    readings_to_meter_readings,
)
from mspcim.multispeak.v50.meter_reading import (
    InitiateMeterReadingsByMeterIDs,
    MeterReadingsNotification,
    build_readings_notification,
)
from mspcim.multispeak.v50.msp_binding import read
from mspcim.multispeak.v50.result import ErrorObject
from mspcim.soap import SoapEnvelope, SoapVersion

__all__ = [
    "CIM_REQUEST",
    "FLOW",
    "NOTIFICATION",
    "OnDemandRead50",
    "as_asked",
    "meter_guids_of",
]

log = logging.getLogger("mspcim.gateway.on_demand_read50")

FLOW = "on-demand-read-v50"
"""``ReadTransaction.flow`` of the reads v5 callers ask for."""
CIM_REQUEST = "cim_request_v50"
"""Outbox purpose: the get MeterReadings of a v5 caller's read."""
NOTIFICATION = "msp50_notification"
"""Outbox purpose: the MeterReadingsNotification to a v5 caller."""
OPERATION = "InitiateMeterReadingsByMeterIDs"
RESPONSE_METHODS = frozenset({"", "meterReading", "MeterReadingsNotification"})
"""``responseMethod`` values answered by a MeterReadingsNotification (none given included)."""


def as_asked(readings: CimReadings, asked: list[str]) -> None:
    """Name each meter by the GUID it was asked for when the CIM side gave it as a name.

    A head-end that keys meters by the id in the request answers with that id as a Meter name
    (and an mRID of its own); the caller asked for the GUID, so the GUID is the meter's mRID.
    """
    wanted = set(asked)
    for reading in readings.document.meter_readings:
        if reading.meter_mrid in wanted:
            continue
        for name in list(reading.meter_names):
            if name.name in wanted and name.name_type in (None, "meterID"):
                reading.meter_mrid = name.name
                reading.meter_names.remove(name)
                break


def meter_guids_of(readings: CimReadings) -> set[str]:
    """The meters a CIM answer gave readings for: mRIDs, and names typed meterID or untyped."""
    return {
        name.name
        for reading in readings.document.meter_readings
        for name in reading.meter_names
        if name.name_type in (None, "meterID")
    } | {reading.meter_mrid for reading in readings.document.meter_readings if reading.meter_mrid}


class OnDemandRead50(OnDemandRead):
    """The v5 conversation, bound to one runtime; listed before ``OnDemandRead`` in the app."""

    # --- 1. accept

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """No MultiSpeak 4.1 operations: those are ``OnDemandRead``'s."""
        return {}

    def operations50(self) -> Mapping[tuple[str, str], Operation50]:
        """MR_Server ``InitiateMeterReadingsByMeterIDs``."""
        return {("MR_Server", OPERATION): Operation50(self._initiate50)}

    async def _initiate50(self, call: OperationCall50) -> Answer50:
        errors, accepted = self.accept50(call)
        response = etree.Element(ns.qname(ns.namespace_of(call.body.tag), f"{OPERATION}Response"))
        return Answer50(response, errors, all_failed=not accepted)

    def accept50(self, call: OperationCall50) -> tuple[list[ErrorObject], list[str]]:
        """Store the read and queue the CIM request: errorObjects of refused meters, accepted."""
        runtime, settings = self.runtime, self.runtime.settings
        where = f"/Envelope/Body/{OPERATION}"
        request = read(call.body, InitiateMeterReadingsByMeterIDs, where)
        check_callback(request.transaction_id, request.response_url, where)
        assert request.transaction_id is not None and request.response_url is not None
        method = (request.response_method or "").strip()
        if method not in RESPONSE_METHODS:
            raise MessageFormatError(
                f"responseMethod {method!r} is not offered: the gateway answers with "
                "MeterReadingsNotification (responseMethod meterReading)",
                xpath=f"{where}/responseMethod",
            )
        check_items(
            len(request.meter_ids),
            settings.max_meters_per_request,
            where,
            "ArrayOfMeterID",
            "meterID",
        )
        now = runtime.clock()
        stamp = datetime.fromtimestamp(now, UTC).replace(microsecond=0)
        refused = [
            error_object(
                "empty meterID",
                stamp,
                reference_id="",
                noun_type="meterID",
                code=reply_codes.INVALID_METER,
            )
            for meter in request.meter_ids
            if not meter.object_guid.strip()
        ]
        kept = [meter for meter in request.meter_ids if meter.object_guid.strip()]
        accepted = list(dict.fromkeys(meter.object_guid.strip() for meter in kept))
        if not accepted:
            return refused, accepted
        lifetime = self._lifetime(request, where, now)
        correlation_id = runtime.new_id()
        gaps = GapReport()
        cim_header = cim_header_of(call.header, Verb.GET, NOUN, correlation_id, gaps)
        cim_header.correlation_id = correlation_id
        cim_header.reply_address = settings.reply_address
        request.meter_ids = kept
        message = initiate_to_request(request, cim_header, form=settings.cim_form, report=gaps)
        item = cim_outbox_item(CIM_REQUEST, settings.cim_endpoint, message, correlation_id, now)
        transaction = ReadTransaction(
            correlation_id=correlation_id,
            transaction_id=request.transaction_id,
            response_url=request.response_url,
            caller=call.caller,
            meter_ids=accepted,
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
            "out", "cim", "get MeterReadings", item.body, **ids, peer=settings.cim_endpoint
        )
        log.info(
            "v5 on-demand read accepted: %d meters from %s (%s), reply to %s, expires in %.0fs; "
            "gaps: %s",
            len(accepted),
            call.caller or "?",
            call.release.value,
            request.response_url,
            lifetime,
            gaps.summary(),
            extra={**ids, "event": "accepted"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()
        return refused, accepted

    def _lifetime(self, request: InitiateMeterReadingsByMeterIDs, where: str, now: float) -> float:
        """Seconds until ``expirationTime`` (5.0.7 dateTime, 5.0.4 duration), else the default."""
        when = request.expiry(datetime.fromtimestamp(now, UTC))
        if when is None:
            return self.runtime.settings.default_expiry
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        lifetime = when.timestamp() - now
        if lifetime <= 0:
            raise MessageFormatError(
                f"expirationTime {request.expiration_time} has passed",
                xpath=f"{where}/expirationTime",
            )
        return lifetime

    # --- 2./3. the CIM side answers

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Replies about MeterReadings that correlate with a v5 caller's read."""
        return {NOUN: self._receive50}

    def _receive50(self, message: Message) -> Reply | None:
        correlation_id = message.header.correlation_id if message.header else None
        transaction = self.runtime.store.transaction(correlation_id) if correlation_id else None
        if transaction is None or transaction.flow != FLOW:
            return None  # a 4.1 caller's read, or no one's: OnDemandRead answers
        return self.receive(message, correlation_id)

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """What the delivery worker does with the answers to this flow's messages."""
        return {
            CIM_REQUEST: AnswerHandler(
                self._request_answered, self._request_refused, self._request_dead
            ),
            NOTIFICATION: AnswerHandler(
                self._notification50_answered, self._notification_refused, self._notification_dead
            ),
        }

    # --- 4. notify the caller

    def _notify(self, transaction: ReadTransaction, readings: CimReadings, now: float) -> None:
        runtime = self.runtime
        gaps = GapReport()
        as_asked(readings, transaction.meter_ids)
        delivered = meter_guids_of(readings)
        for meter in transaction.meter_ids:
            if meter not in delivered and meter not in readings.failed:
                readings.failed[meter] = NO_READING
        assert transaction.response_url is not None
        release = release_for(runtime.settings, transaction.response_url)
        when = datetime.fromtimestamp(now, UTC).replace(microsecond=0)
        reads = readings_to_meter_readings(readings, when=when, report=gaps)
        body = build_readings_notification(
            MeterReadingsNotification(reads, transaction.transaction_id), release
        )
        item = multispeak50_outbox_item(
            runtime,
            purpose=NOTIFICATION,
            url=transaction.response_url,
            version=SoapVersion[transaction.soap_version],
            endpoint="NOT_Server",
            body=body,
            correlation_id=transaction.correlation_id,
            release=release,
        )
        values = sum(len(read.reading_values) for read in reads if not read.error_objects)
        detail = f"{values} reading values, {len(readings.failed)} meters failed ({release.value})"
        runtime.store.reply_received(transaction.correlation_id, now, item, detail)
        ids = {
            "correlation_id": transaction.correlation_id,
            "transaction_id": transaction.transaction_id,
        }
        runtime.log_message(
            "out",
            "multispeak",
            ns.local_name(body.tag),
            item.body,
            **ids,
            peer=transaction.response_url,
        )
        log.info(
            "reply translated for a v5 caller: %s; gaps: %s",
            detail,
            gaps.summary(),
            extra={**ids, "event": "replied"},
        )
        log_gaps(log, gaps, ids)
        runtime.wake.set()

    async def _notification50_answered(self, item: OutboxItem, envelope: SoapEnvelope) -> None:
        assert item.correlation_id is not None
        detail = multispeak50_errors(envelope, "caller") or None
        self.runtime.store.set_state(
            item.correlation_id,
            TransactionState.DELIVERED,
            self.runtime.clock(),
            f"caller answered with errors: {detail}" if detail else None,
        )
        log.info(
            "MeterReadingsNotification delivered to %s%s",
            item.url,
            f" (caller reported: {detail})" if detail else "",
            extra={"correlation_id": item.correlation_id, "event": "delivered"},
        )
