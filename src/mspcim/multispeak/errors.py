"""MultiSpeak 4.1 ``errorObject``: the way every MultiSpeak call reports problems.

An empty ``ArrayOfErrorObject`` means success; each errorObject names the object it concerns
(``objectID``), says what went wrong (``errorString``) and of what kind (``nounType``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.xsdtypes import format_datetime, parse_datetime

__all__ = ["ErrorObject", "build_error_objects", "read_error_objects"]


@dataclass(slots=True)
class ErrorObject:
    """One MultiSpeak errorObject (text content plus attributes)."""

    error_string: str | None = field(default=None, metadata=xml("@errorString"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    noun_type: str | None = field(default=None, metadata=xml("@nounType"))
    event_time: datetime | None = field(default=None, metadata=xml("@eventTime"))
    text: str | None = field(default=None, metadata=xml("errorObject"))
    """Element content; MultiSpeak systems often repeat the message or put a code here."""


def build_error_objects(parent: etree._Element, errors: Iterable[ErrorObject]) -> None:
    """Append one ``errorObject`` per error to ``parent`` (an ArrayOfErrorObject element)."""
    for error in errors:
        element = etree.SubElement(parent, ns.qname(ns.MSP41, "errorObject"))
        if error.object_id is not None:
            element.set("objectID", error.object_id)
        if error.error_string is not None:
            element.set("errorString", error.error_string)
        if error.noun_type is not None:
            element.set("nounType", error.noun_type)
        if error.event_time is not None:
            element.set("eventTime", format_datetime(error.event_time))
        if error.text is not None:
            element.text = error.text


def read_error_objects(parent: etree._Element | None) -> list[ErrorObject]:
    """The errorObjects under an ArrayOfErrorObject element (none when ``parent`` is None)."""
    if parent is None:
        return []
    errors = []
    for element in parent.iterchildren(ns.qname(ns.MSP41, "errorObject")):
        event_time = element.get("eventTime")
        try:
            when = parse_datetime(event_time) if event_time else None
        except Exception:
            when = None
        errors.append(
            ErrorObject(
                error_string=element.get("errorString"),
                object_id=element.get("objectID"),
                noun_type=element.get("nounType"),
                event_time=when,
                text=(element.text or "").strip() or None,
            )
        )
    return errors
