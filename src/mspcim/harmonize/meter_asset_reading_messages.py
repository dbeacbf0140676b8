"""Whole messages of profile MeterAssetReading (8.16): CIM meters with readings → MultiSpeak.

A MeterAssetReading event or response (either edition) becomes a ``ReadingChangedNotification``
whose ``changedMeterReads`` hold one ``meterReading`` per Meter; ``CorrelationID`` ⇄
``transactionID`` as in profile 8.17. MultiSpeak has no operation of its own for a meter with
its readings: its reading operations translate to MeterReadings (8.17), and
``meter_asset_reading.to_cim`` gives the MeterAssetReading view of a ``meterReading``.
"""

from __future__ import annotations

from lxml import etree

from mspcim.cim.message import Message, MessageKind
from mspcim.cim.meter_asset_reading import NOUN, MeterAssetReading
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.profile_messages import carried_by_operation, payload_document
from mspcim.harmonize.profiles import meter_asset_reading
from mspcim.harmonize.routes import TranslateOptions, cim_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_reading_changed_notification,
)

__all__: list[str] = []


@cim_route(NOUN, MessageKind.EVENT, MessageKind.RESPONSE)
def _readings_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    if message.header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    header = header_to_msp(message.header, report)
    document: MeterAssetReading = payload_document(message, NOUN, MeterAssetReading)
    reads = meter_asset_reading.to_msp(document, report)
    transaction_id = message.header.correlation_id
    if transaction_id:
        carried_by_operation(
            report, "/Header/CorrelationID", "ReadingChangedNotification/transactionID"
        )
    call = ReadingChangedNotification(changed_meter_reads=reads, transaction_id=transaction_id)
    return build_reading_changed_notification(call), header
