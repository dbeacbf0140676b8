"""``GetLatestMeterReadingsByMeterIDs``: the v5 synchronous read through the CIM side.

The v5 caller waits on its HTTP call while the gateway asks the CIM system for the meters'
readings (``get MeterReadings`` with AsyncReplyFlag false) and answers with
``GetLatestMeterReadingsByMeterIDsResponse``; a meter the CIM side failed, or gave nothing for,
comes back as a meterReading with errorObjects. The answer is written in the caller's release.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from mspcim import reply_codes
from mspcim.cim.envelope import read_message
from mspcim.cim.message import MessageKind, Verb
from mspcim.exceptions import InputError, RemoteFaultError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationHandler
from mspcim.gateway.flow50 import Answer50, Exchange50, Operation50, OperationCall50
from mspcim.gateway.flows.common import check_items, cim_request
from mspcim.gateway.flows.on_demand_read import NO_READING
from mspcim.gateway.flows.on_demand_read50 import as_asked, meter_guids_of
from mspcim.gateway.flows.v50_common import cim_header_of
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.soap_client import read_soap_answer
from mspcim.gateway.v50_headers import error_object
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_reading_messages import NOUN, cim_readings
from mspcim.harmonize.meter_reading_v5_messages import (
    get_latest_to_request,
    readings_to_meter_readings,
)
from mspcim.multispeak.v50.meter_reading import (
    GetLatestMeterReadingsByMeterIDs,
    build_get_latest_response,
)
from mspcim.multispeak.v50.msp_binding import read

__all__ = ["LatestReading50"]

log = logging.getLogger("mspcim.gateway.latest_reading50")

OPERATION = "GetLatestMeterReadingsByMeterIDs"


class LatestReading50:
    """The conversation, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """No MultiSpeak 4.1 operations (``LatestReading`` serves those)."""
        return {}

    def operations50(self) -> Mapping[tuple[str, str], Operation50]:
        """MR_Server ``GetLatestMeterReadingsByMeterIDs``: a query, answered afresh each time."""
        return {("MR_Server", OPERATION): Operation50(self._operation, Exchange50.QUERY)}

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """Nothing goes through the outbox: the caller waits on its own call."""
        return {}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Answers come back on the same HTTP exchange."""
        return {}

    async def _operation(self, call: OperationCall50) -> Answer50:
        runtime, settings = self.runtime, self.runtime.settings
        where = f"/Envelope/Body/{OPERATION}"
        request = read(call.body, GetLatestMeterReadingsByMeterIDs, where)
        check_items(
            len(request.meter_ids),
            settings.max_meters_per_request,
            where,
            "ArrayOfMeterID",
            "meterID",
        )
        when = datetime.fromtimestamp(runtime.clock(), UTC).replace(microsecond=0)
        refused = [
            error_object(
                "empty meterID",
                when,
                reference_id="",
                noun_type="meterID",
                code=reply_codes.INVALID_METER,
            )
            for meter in request.meter_ids
            if not meter.object_guid.strip()
        ]
        request.meter_ids = [meter for meter in request.meter_ids if meter.object_guid.strip()]
        asked = list(dict.fromkeys(meter.object_guid.strip() for meter in request.meter_ids))
        if not asked:
            return Answer50(build_get_latest_response([], call.release), refused, all_failed=True)
        message_id = runtime.new_id()
        gaps = GapReport()
        cim_header = cim_header_of(call.header, Verb.GET, NOUN, message_id, gaps)
        message = get_latest_to_request(request, cim_header, form=settings.cim_form, report=gaps)
        body, headers = cim_request(message)
        ids = {"correlation_id": message_id, "transaction_id": None}
        runtime.log_message("in", "multispeak", OPERATION, call.raw, **ids, peer=call.caller)
        runtime.log_message(
            "out", "cim", "get MeterReadings", body, **ids, peer=settings.cim_endpoint
        )
        response = await runtime.transport.send(settings.cim_endpoint, body, headers)
        envelope = read_soap_answer(response, settings.cim_endpoint)
        if envelope.fault is not None:
            raise RemoteFaultError(f"the CIM system answered a SOAP Fault: {envelope.fault.reason}")
        runtime.log_message(
            "in", "cim", "ResponseMessage", response.body, **ids, peer=settings.cim_endpoint
        )
        try:
            answer = read_message(envelope.first_body)
            if answer.kind is MessageKind.FAULT:
                raise RemoteFaultError("the CIM system answered a FaultMessage")
            readings = cim_readings(answer, gaps)
        except InputError as exc:
            raise RemoteFaultError(
                f"the CIM system's answer cannot be translated: {exc.reason}"
            ) from None
        as_asked(readings, asked)
        delivered = meter_guids_of(readings)
        for meter in asked:
            if meter not in delivered and meter not in readings.failed:
                readings.failed[meter] = NO_READING
        reads = readings_to_meter_readings(readings, when=when, report=gaps)
        log.info(
            "latest readings of %d meters for %s: %d meterReadings, gaps: %s",
            len(asked),
            call.caller,
            len(reads),
            gaps.summary(),
            extra={**ids, "event": "latest-reading"},
        )
        return Answer50(build_get_latest_response(reads, call.release), refused)
