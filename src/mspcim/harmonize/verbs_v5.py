"""IEC TS 61968-14 Table 77: CIM verbs (and activities) ⇄ MultiSpeak 5.0 operation verbs.

A v5 operation names its verb: a present-tense prefix for requests (``Get…``, ``Create…``,
``Initiate…``) and a past-tense word before ``Notification`` for events
(``MetersCreatedNotification``); a notification with no verb (``MeterReadingsNotification``)
reports new data, a CIM *created* event. v5's install, uninstall and exchange have no CIM verb:
they are CIM *changed* events whose activity is named (61968-9 meter service work kinds).
``Initiate…`` asks for an action whose CIM verb depends on the noun (``get`` MeterReadings,
``create`` EndDeviceControls): the operation catalogue says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from mspcim.cim.message import Verb

__all__ = ["VERBS", "VerbRow", "cim_verb_of", "v5_verb_of", "verb_of_operation"]


@dataclass(frozen=True, slots=True)
class VerbRow:
    """One row of Table 77: a MultiSpeak 5.0 verb, its CIM verb and, where needed, activity."""

    msp50: str
    cim: Verb | None
    activity: str | None = None
    note: str = ""


VERBS: Final[tuple[VerbRow, ...]] = (
    VerbRow("Get", Verb.GET),
    VerbRow("Create", Verb.CREATE),
    VerbRow("Change", Verb.CHANGE),
    VerbRow("Delete", Verb.DELETE),
    VerbRow("Cancel", Verb.CANCEL),
    VerbRow("Initiate", None, note="get, create or execute: by the operation's noun"),
    VerbRow("Created", Verb.CREATED),
    VerbRow("Changed", Verb.CHANGED),
    VerbRow("Deleted", Verb.DELETED),
    VerbRow("Cancelled", Verb.CANCELED, note="v5 spells it with two l"),
    VerbRow("Installed", Verb.CHANGED, "install"),
    VerbRow("Uninstalled", Verb.CHANGED, "remove"),
    VerbRow("Exchanged", Verb.CHANGED, "exchange"),
    VerbRow("", Verb.CREATED, note="a notification without verb reports new data"),
)
"""Table 77, MultiSpeak 5.0 verb ⇄ CIM verb (and activity)."""

_PRESENT = re.compile(r"^(Get|Create|Change|Delete|Cancel|Initiate)(?=[A-Z])")
_PAST = re.compile(
    r"(Created|Changed|Deleted|Cancelled|Installed|Uninstalled|Exchanged)Notification$"
)
_BY_VERB = {row.msp50: row for row in VERBS}


def verb_of_operation(operation50: str) -> str | None:
    """The Table 77 verb a v5 operation name carries ('' for a verbless notification)."""
    if match := _PAST.search(operation50):
        return match.group(1)
    if operation50.endswith("Notification"):
        return ""
    if match := _PRESENT.match(operation50):
        return match.group(1)
    return None


def cim_verb_of(operation50: str) -> tuple[Verb, str | None] | None:
    """(CIM verb, activity) of a v5 operation by its name; None where the noun decides."""
    verb = verb_of_operation(operation50)
    row = _BY_VERB.get(verb) if verb is not None else None
    if row is None or row.cim is None:
        return None
    return row.cim, row.activity


def v5_verb_of(verb: Verb, activity: str | None = None) -> str | None:
    """The MultiSpeak 5.0 verb of a CIM verb (and activity); None when v5 has none."""
    for row in VERBS:
        if row.cim is verb and row.activity == activity and row.msp50:
            return row.msp50
    return None
