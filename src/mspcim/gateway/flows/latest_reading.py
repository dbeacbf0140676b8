"""``GetLatestReadingByMeterID``: a synchronous request-reply through the CIM side.

The MultiSpeak caller waits on its HTTP call while the gateway asks the CIM system for the
meter's readings (``get MeterReadings`` with AsyncReplyFlag false) and translates the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from lxml import etree

from mspcim.cim.envelope import read_message
from mspcim.cim.message import MessageKind
from mspcim.exceptions import InputError, RemoteFaultError
from mspcim.gateway.delivery import AnswerHandler
from mspcim.gateway.flow import CimReceiver, OperationCall, OperationHandler
from mspcim.gateway.flows.common import cim_request
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.soap_client import read_soap_answer
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_reading_messages import cim_readings, get_latest_to_request
from mspcim.harmonize.profiles import meter_readings
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.meter_reading import MeterReading
from mspcim.multispeak.v41.operations import (
    GetLatestReadingByMeterID,
    build_get_latest_reading_response,
    read_get_latest_reading_by_meter_id,
)

__all__ = ["LatestReading"]

log = logging.getLogger("mspcim.gateway.latest_reading")


class LatestReading:
    """The conversation, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def operations(self) -> Mapping[tuple[str, str], OperationHandler]:
        """MR_Server ``GetLatestReadingByMeterID``."""
        return {("MR_Server", "GetLatestReadingByMeterID"): self._operation}

    def answer_handlers(self) -> Mapping[str, AnswerHandler]:
        """Nothing goes through the outbox: the caller waits on its own call."""
        return {}

    def cim_receivers(self) -> Mapping[str, CimReceiver]:
        """Answers come back on the same HTTP exchange."""
        return {}

    async def _operation(self, call: OperationCall) -> etree._Element:
        request = read_get_latest_reading_by_meter_id(call.body)
        return build_get_latest_reading_response(await self.get(request, call.header, call.raw))

    async def get(
        self, call: GetLatestReadingByMeterID, header: MultiSpeakMsgHeader, raw: bytes = b""
    ) -> MeterReading:
        """The meter's latest reading; a meter the CIM side failed carries ``errorString``."""
        runtime, settings = self.runtime, self.runtime.settings
        message_id = runtime.new_id()
        gaps = GapReport()
        request = get_latest_to_request(
            call, header, message_id=message_id, form=settings.cim_form, report=gaps
        )
        body, headers = cim_request(request)
        ids = {"correlation_id": message_id, "transaction_id": None}
        runtime.log_message(
            "in", "multispeak", "GetLatestReadingByMeterID", raw, **ids, peer=header.app_name
        )
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
            message = read_message(envelope.first_body)
            if message.kind is MessageKind.FAULT:
                raise RemoteFaultError("the CIM system answered a FaultMessage")
            readings = cim_readings(message, gaps)
            reads = meter_readings.to_msp(readings.document, gaps)
        except InputError as exc:
            raise RemoteFaultError(
                f"the CIM system's answer cannot be translated: {exc.reason}"
            ) from None
        meter = call.meter_id.value
        log.info(
            "latest reading of %s: %d meterReadings, gaps: %s",
            meter,
            len(reads),
            gaps.summary(),
            extra={**ids, "event": "latest-reading"},
        )
        if meter in readings.failed:
            return MeterReading(meter_id=call.meter_id, error_string=readings.failed[meter])
        for read in reads:
            if read.meter_id is not None and read.meter_id.value == meter:
                return read
        if reads:
            return reads[0]
        return MeterReading(
            meter_id=call.meter_id, error_string="the CIM system returned no reading"
        )
