"""Translation at volume: meter readings streamed one meterReading / MeterReading at a time.

``translate_stream(source, sink, to)`` translates a ``ReadingChangedNotification`` (SOAP or bare)
to a CIM *created MeterReadings* event, a CIM MeterReadings message (61968-100 or noun-wrapper,
SOAP or bare, or a bare payload; 2013 or 2009 edition) to a ``ReadingChangedNotification``, or a
CIM message to the other edition or envelope form, in memory that does not grow with the input:
``lxml.etree.iterparse`` reads (hardened: no DTD, no entities, no network, bounded depth and item
size) and ``lxml.etree.xmlfile`` writes, and each item goes through the same tables and codecs as
the in-memory translator (``harmonize.translator``), whose output it equals.

Two passes over a seekable source: a survey collects what the output needs before the items but
the input holds after them (the ``transactionID`` after the readings; ReadingType declarations
after the MeterReadings), then the translation. Envelope parts are built by the in-memory
builders around a *hole* the items are streamed into. Gaps are aggregated by path pattern with
counts (``AggregatedGapReport``), so the report stays small too. The core does no I/O of its own:
the caller opens the streams.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, Final

from lxml import etree

from mspcim import ns
from mspcim.cim import meter_readings_2009, meter_readings_2013
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.envelope import build_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, ReplyResult, Verb
from mspcim.cim.model import MeterReading, MeterReadings, Reading, ReadingQuality, ReadingType
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.exceptions import MappingError, MessageFormatError, MspcimError
from mspcim.harmonize.editions import edition_gaps
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapEntry, GapKind, GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.meter_reading_messages import NOUN, notification_to_event
from mspcim.harmonize.profile_messages import carried_by_operation
from mspcim.harmonize.profiles.meter_readings import METER_READING
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.stream_reader import (
    DEFAULT_LIMITS,
    Items,
    StreamLimits,
    Survey,
    UnsupportedStreamError,
    survey_document,
)
from mspcim.harmonize.translator import Dialect
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID, build_meter_reading, read_meter_reading
from mspcim.multispeak.v41.meter_reading import MeterReading as MspMeterReading
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope

__all__ = [
    "AggregatedGapReport",
    "StreamLimits",
    "StreamResult",
    "UnsupportedStreamError",
    "translate_stream",
]


_INDEX: Final = re.compile(r"\[[^\]]*\]")


@dataclass(slots=True)
class AggregatedGapReport(GapReport):
    """A gap report holding one entry per path pattern, kind and reason, with a count each.

    ``/…/meterReading[7]/deviceID`` and ``/…/meterReading[8]/deviceID`` are one entry,
    ``/…/meterReading[*]/deviceID``, whose value is the first one met. Past ``max_entries``
    distinct entries, further reasons of a pattern are counted under one entry.
    """

    counts: list[int] = field(default_factory=list)
    max_entries: int = 10_000
    _index: dict[tuple[str, GapKind, str, str | None, str], int] = field(
        default_factory=dict, repr=False
    )

    def add(
        self,
        path: str,
        value: object,
        kind: GapKind,
        reason: str,
        carried_in: str | None = None,
        profile: str = "",
    ) -> None:
        """Count one gap under its path pattern (a new pattern keeps ``value`` as example)."""
        pattern = self.pattern(path)
        key = (pattern, kind, reason, carried_in, profile)
        found = self._index.get(key)
        if found is None and len(self._index) >= self.max_entries:
            key = (pattern, kind, "further gaps of this kind (reasons vary)", None, profile)
            found = self._index.get(key)
        if found is not None:
            self.counts[found] += 1
            return
        GapReport.add(self, pattern, value, kind, key[2], key[3], profile)
        self._index[key] = len(self.entries) - 1
        self.counts.append(1)

    @staticmethod
    def pattern(path: str) -> str:
        """``path`` with every position and predicate replaced by ``[*]``."""
        return _INDEX.sub("[*]", path)

    def reclassify(self, path: str, kind: GapKind, carried_in: str, reason: str) -> None:
        """Re-label the entries of ``path``'s pattern."""
        GapReport.reclassify(self, self.pattern(path), kind, carried_in, reason)

    def count(self, entry: GapEntry) -> int:
        """How many gaps ``entry`` stands for."""
        return self.counts[self.entries.index(entry)]

    def summary(self) -> str:
        """One line: how many values were carried, changed and lost (counted, not patterns)."""
        totals = dict.fromkeys(GapKind, 0)
        for entry, count in zip(self.entries, self.counts, strict=True):
            totals[entry.kind] += count
        return ", ".join(f"{totals[kind]} {kind.value}" for kind in GapKind)

    def to_text(self) -> str:
        """Human-readable lines, one per pattern, with its count."""
        lines = GapReport.to_text(self).splitlines()
        return "\n".join(
            f"{line} (×{count})" for line, count in zip(lines, self.counts, strict=True)
        )

    def to_json(self) -> str:
        """The report as a JSON array of entries, each with its ``count``."""
        entries = json.loads(GapReport.to_json(self))
        for entry, count in zip(entries, self.counts, strict=True):
            entry["count"] = count
        return json.dumps(entries, indent=2)


@dataclass(slots=True)
class StreamResult:
    """What was translated: the gap report, the dialects, and how many items and values."""

    gaps: AggregatedGapReport
    source: str
    target: str
    items: int = 0
    """meterReading / MeterReading elements translated."""
    values: int = 0
    """Readings (readingValues, Readings and IntervalReadings) among them."""


# --- writing around a hole


def _write_around(
    xf: Any,
    element: etree._Element,
    hole: etree._Element,
    fill: Callable[[Any], None],
    inherited: dict[str | None, str] | None = None,
) -> None:
    """Write the built ``element`` with ``fill`` streaming the content of ``hole``."""
    inherited = inherited or {}
    declared = {p: u for p, u in element.nsmap.items() if inherited.get(p) != u}
    on_path = [hole, *hole.iterancestors()]  # kept alive, so ``is`` finds the same proxies
    attributes = {str(key): str(value) for key, value in element.attrib.items()}
    with xf.element(element.tag, attributes, nsmap=declared or None):
        if element is hole:
            fill(xf)
            return
        for child in element:
            if any(child is step for step in on_path):
                _write_around(xf, child, hole, fill, dict(element.nsmap))
            else:
                xf.write(child)


def _write(
    sink: IO[bytes], root: etree._Element, hole: etree._Element | None, fill: Callable[[Any], None]
) -> None:
    with etree.xmlfile(sink, encoding="UTF-8") as xf:
        xf.write_declaration()
        if hole is None:
            xf.write(root)
        else:
            _write_around(xf, root, hole, fill)


# --- items


@dataclass(slots=True)
class _Declared:
    """ReadingTypes and quality types an output payload must declare, in first-use order."""

    reading_types: dict[str, str | None] = field(default_factory=dict)
    qualities: dict[str, None] = field(default_factory=dict)

    def note(self, reading: MeterReading) -> int:
        """Record what ``reading`` refers to; the number of values it holds."""
        count = 0
        for value in reading.readings:
            self.reading_types.setdefault(value.reading_type, None)
            self.qualities.update(
                dict.fromkeys(q.reading_quality_type for q in value.reading_qualities)
            )
            count += 1
        for block in reading.interval_blocks:
            self.reading_types.setdefault(block.reading_type, None)
            for interval in block.interval_readings:
                self.qualities.update(
                    dict.fromkeys(q.reading_quality_type for q in interval.reading_qualities)
                )
                count += 1
        return count

    def write(
        self,
        xf: Any,
        edition: Edition,
        named: list[ReadingType],
        notes: meter_readings_2009.EditionNotes,
    ) -> None:
        """Write the declarations that close an edition's MeterReadings.

        The 2013 builder declares the quality types the readings it writes refer to: a holder
        MeterReading referring to each of them once makes it declare them all, in first-use
        order; the holder itself is not written.
        """
        names = {reading_type.mrid: reading_type.name for reading_type in named}
        types = [ReadingType(code, names.get(code)) for code in {**names, **self.reading_types}]
        if edition is Edition.CIM2009:
            element = meter_readings_2009.build_reading_types(types, notes)
            if element is not None:
                xf.write(element)
            return
        holder: list[MeterReading] = []
        if self.qualities:
            qualities = [ReadingQuality(code) for code in self.qualities]
            holder = [MeterReading(readings=[Reading(types[0].mrid, reading_qualities=qualities)])]
        root = meter_readings_2013.build_meter_readings(MeterReadings(holder, types))
        for child in list(root)[len(holder) :]:
            xf.write(child)


_ITEM_PATH: Final = re.compile(r"/MeterReading\[(\d+)\]")


def _at(exc: MspcimError, first: int) -> MspcimError:
    """``exc`` with the path of an item of a batch moved to the item's place in the document."""
    xpath = getattr(exc, "xpath", None)
    if xpath:

        def place(match: re.Match[str]) -> str:
            return f"/MeterReading[{int(match.group(1)) + first - 1}]"

        exc.xpath = _ITEM_PATH.sub(place, xpath, count=1)  # type: ignore[attr-defined]
    return exc


class _ItemWriter:
    """Writes pivot MeterReadings in an edition, one element each.

    2013 items go through the 2013 builder in batches: it declares the ReadingTypes of what it
    builds, which this writer drops (``_Declared`` writes them once, at the end), so batching
    pays for those declarations once per batch rather than once per item.
    """

    BATCH: Final = 256

    def __init__(self, xf: Any, edition: Edition, notes: meter_readings_2009.EditionNotes) -> None:
        self.xf, self.edition, self.notes = xf, edition, notes
        self.pending: list[MeterReading] = []
        self.first = 1

    def add(self, pivot: MeterReading, index: int) -> None:
        """Write (or queue) the ``index``-th item."""
        if self.edition is Edition.CIM2009:
            self.xf.write(meter_readings_2009.build_meter_reading(pivot, index, self.notes))
            return
        if not self.pending:
            self.first = index
        self.pending.append(pivot)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        if not self.pending:
            return
        try:
            root = meter_readings_2013.build_meter_readings(MeterReadings(self.pending))
        except MspcimError as exc:
            raise _at(exc, self.first) from None
        for child in list(root)[: len(self.pending)]:
            self.xf.write(child)
        self.pending = []


def _read_item(
    element: etree._Element,
    edition: Edition,
    index: int,
    codes: dict[str, str],
    declarations: list[etree._Element],
    notes: meter_readings_2009.EditionNotes,
) -> MeterReading:
    if edition is Edition.CIM2009:
        return meter_readings_2009.read_meter_reading(element, index, codes, notes)
    wrapper = etree.Element(ns.qname(meter_readings_2013.NAMESPACE, "MeterReadings"))
    wrapper.append(element)
    if codes:
        wrapper.extend(etree.fromstring(etree.tostring(d)) for d in declarations)
    try:
        return meter_readings_2013.read_meter_readings(wrapper).meter_readings[0]
    except MspcimError as exc:
        raise _at(exc, index) from None


def _declared_types(survey: Survey) -> tuple[list[ReadingType], dict[str, str]]:
    """The payload's declared ReadingTypes and, when some mRID is not a code, mRID → code."""
    if survey.edition is Edition.CIM2009:
        element = survey.declarations[0] if survey.declarations else None
        return meter_readings_2009.read_reading_types(element)
    wrapper = etree.Element(ns.qname(meter_readings_2013.NAMESPACE, "MeterReadings"))
    wrapper.extend(etree.fromstring(etree.tostring(d)) for d in survey.declarations)
    types = meter_readings_2013.read_meter_readings(wrapper).reading_types
    codes: dict[str, str] = {}
    for declaration, reading_type in zip(survey.declarations, types, strict=True):
        mrid = (declaration.findtext(ns.qname(meter_readings_2013.NAMESPACE, "mRID")) or "").strip()
        if mrid != reading_type.mrid:
            codes[mrid] = reading_type.mrid
    return types, codes


# --- the three translations


def _described(code: str) -> str | None:
    try:
        return ReadingTypeCode.parse(code).describe()
    except MappingError:
        return None


def _multispeak_to_cim(
    stream: IO[bytes],
    sink: IO[bytes],
    survey: Survey,
    result: StreamResult,
    options: _Options,
    items: Items,
) -> None:
    report = result.gaps
    edition = options.edition
    message = notification_to_event(
        ReadingChangedNotification([], survey.transaction_id),
        survey.header,
        message_id=survey.header.message_id or options.new_id(),
        form=options.form,
        edition=edition,
        report=report,
    )
    hole = message.payload[0]
    root = _wrapped(build_message(message), options.soap)
    shared = TranslationState(report=report, profile=NOUN)
    declared, notes = _Declared(), meter_readings_2009.EditionNotes()
    where = "/ReadingChangedNotification/changedMeterReads/meterReading"

    def fill(xf: Any) -> None:
        writer = _ItemWriter(xf, edition, notes)
        for index, element in enumerate(items, start=1):
            msp = read_meter_reading(element, f"{where}[{index}]")
            pivot = translate(METER_READING, msp, Direction.TO_CIM, shared, f"{where}[{index}]")
            result.values += declared.note(pivot)
            writer.add(pivot, index)
            result.items += 1
        writer.flush()
        names: dict[str, str] = shared.state.get("reading_type_names", {})
        declared.write(xf, edition, [ReadingType(c, n) for c, n in names.items()], notes)

    _write(sink, root, hole, fill)
    edition_gaps(notes, report, NOUN)


def _wrapped(element: etree._Element, soap: bool) -> etree._Element:
    return build_envelope(SoapVersion.SOAP11, [element]) if soap else element


def _message_of(survey: Survey) -> Message:
    if survey.message is not None:
        return survey.message
    return Message(MessageKind.EVENT, Header(Verb.CREATED, NOUN))


def _cim_to_multispeak(
    stream: IO[bytes], sink: IO[bytes], survey: Survey, result: StreamResult, items: Items
) -> None:
    report = result.gaps
    message = _message_of(survey)
    if message.kind not in (MessageKind.EVENT, MessageKind.RESPONSE):
        raise UnsupportedStreamError(f"a {message.kind.value} is not streamed to MultiSpeak")
    failed = {
        e.id.value: e.reason or e.details or e.code
        for e in (message.reply.errors if message.reply else [])
        if e.id
    }
    header = header_to_msp(message.header, report) if message.header else MultiSpeakMsgHeader()
    carried_by_operation(
        report, "/Header/CorrelationID", "ReadingChangedNotification/transactionID"
    )
    correlation = (message.header.correlation_id or None) if message.header else None
    body = build_reading_changed_notification(ReadingChangedNotification([], correlation))
    hole = body.find(ns.qname(ns.MSP41, "changedMeterReads"))
    root = build_envelope(SoapVersion.SOAP11, [body], [build_header(header.stamped())])
    types, codes = _declared_types(survey) if survey.edition is not None else ([], {})
    shared = TranslationState(report=report, profile=NOUN)
    shared.state["reading_type_names"] = {
        t.mrid: t.name for t in types if t.name and t.name != _described(t.mrid)
    }
    notes = meter_readings_2009.EditionNotes()

    def fill(xf: Any) -> None:
        delivered: set[str] = set()
        holder = etree.Element(ns.qname(ns.MSP41, "changedMeterReads"))
        for index, element in enumerate(items, start=1):
            assert survey.edition is not None
            pivot = _read_item(element, survey.edition, index, codes, survey.declarations, notes)
            msp = translate(
                METER_READING,
                pivot,
                Direction.TO_MSP,
                shared,
                f"/MeterReadings/MeterReading[{index}]",
            )
            result.values += len(msp.reading_values)
            result.items += 1
            if msp.meter_id is not None and msp.meter_id.value in failed:
                delivered.add(msp.meter_id.value)
            xf.write(build_meter_reading(holder, msp))
            holder.clear()
        edition_gaps(notes, report, NOUN)
        for meter, reason in failed.items():
            if meter not in delivered:
                xf.write(build_meter_reading(holder, _failed(meter, reason)))
                holder.clear()

    _write(sink, root, hole, fill)
    reply = message.reply
    if reply is not None and reply.result is ReplyResult.FAILED and not failed:
        for error in error_objects_from_reply(reply, report):
            why = "the CIM system refused the request without naming meters"
            report.add("/Reply/Error", error.error_string or "", GapKind.LOST, why, profile=NOUN)


def _failed(meter: str, reason: str) -> MspMeterReading:
    return MspMeterReading(meter_id=MeterID(value=meter), error_string=reason)


def _cim_to_cim(
    stream: IO[bytes],
    sink: IO[bytes],
    survey: Survey,
    result: StreamResult,
    options: _Options,
    items: Items,
) -> None:
    message = _message_of(survey)
    message.form = options.form
    source, target = survey.edition, options.edition
    verbatim = source is target and survey.payload_root[0] == payload_codec(NOUN, target).tag
    if source is None:
        message.payload = []
        _write(sink, _wrapped(build_message(message), options.soap), None, lambda xf: None)
        return
    if verbatim:
        tag, attrib, nsmap = survey.payload_root
        hole = etree.Element(tag, attrib, nsmap=nsmap)  # type: ignore[arg-type]
    else:
        tag = payload_codec(NOUN, target).tag
        hole = etree.Element(tag, nsmap={"m": ns.namespace_of(tag)})
    message.payload = [hole]
    root = _wrapped(build_message(message), options.soap)
    types, codes = _declared_types(survey) if not verbatim else ([], {})
    declared, notes = _Declared(), meter_readings_2009.EditionNotes()

    def fill(xf: Any) -> None:
        writer = _ItemWriter(xf, target, notes)
        if verbatim:
            items.others = xf.write
        for index, element in enumerate(items, start=1):
            result.items += 1
            if verbatim:
                xf.write(element)
                continue
            pivot = _read_item(element, source, index, codes, survey.declarations, notes)
            result.values += declared.note(pivot)
            writer.add(pivot, index)
        writer.flush()
        if not verbatim:
            declared.write(xf, target, types, notes)

    _write(sink, root, hole, fill)
    edition_gaps(notes, result.gaps, NOUN)


@dataclass(frozen=True, slots=True)
class _Options:
    form: EnvelopeForm
    edition: Edition
    soap: bool
    new_id: Callable[[], str]


def _description(survey: Survey) -> str:
    if survey.kind == "msp":
        return "MultiSpeak 4.1 ReadingChangedNotification"
    if survey.kind == "payload":
        return f"CIM 61968-9:{survey.edition.value if survey.edition else ''} MeterReadings payload"
    message = _message_of(survey)
    form = "61968-100" if message.form is EnvelopeForm.IEC61968_100 else "61968-9 noun-wrapper"
    verb = message.header.verb.value if message.header else ""
    return f"IEC {form} {message.kind.value} {verb} {message.noun or ''}".strip()


def translate_stream(
    source: IO[bytes],
    sink: IO[bytes],
    to: Dialect | str,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    soap: bool = False,
    new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    limits: StreamLimits = DEFAULT_LIMITS,
    on_read: Callable[[int], None] | None = None,
) -> StreamResult:
    """Translate the document in ``source`` (seekable, read twice) to ``to``, writing to ``sink``.

    Output equals ``translator.translate_document``'s for the same input and options (compact,
    not pretty-printed). ``on_read`` is called with the size of every chunk read (both passes).
    ``UnsupportedStreamError`` says the document is of a kind this module does not stream.
    """
    target = Dialect(to)
    survey = survey_document(source, limits, on_read)
    edition = target.edition
    if edition is Edition.CIM2009 and form is EnvelopeForm.NOUN_WRAPPER:
        raise MessageFormatError(
            "the 61968-9:2013 noun-wrapper messages carry 2013 payloads only: "
            "use the 61968-100 form"
        )
    options = _Options(form, edition or Edition.CIM2013, soap, new_id)
    result = StreamResult(AggregatedGapReport(), _description(survey), "")
    items = Items(source, survey, limits, on_read)
    if edition is not None:
        result.target = f"CIM {edition.value} ({form.value})"
        if survey.kind == "msp":
            _multispeak_to_cim(source, sink, survey, result, options, items)
        else:
            _cim_to_cim(source, sink, survey, result, options, items)
        return result
    if survey.kind == "msp":
        raise MessageFormatError(f"{result.source} is MultiSpeak 4.1 already")
    result.target = "MultiSpeak 4.1 ReadingChangedNotification"
    _cim_to_multispeak(source, sink, survey, result, items)
    return result
