"""The Reply/Error codes mspcim writes, in one declared table.

IEC 61968-100 Error/code is ``category.number``. The first group comes from the 61968-9 code
list as published in a public copy (not checked against the standard itself); the second group
(category 6) is the project's own, for conditions that list does not name.
"""

from __future__ import annotations

from typing import Final

__all__ = ["REPLY_CODES"]

MISSING_ELEMENTS: Final = "1.6"
INVALID_METER: Final = "2.4"
INVALID_NOUN: Final = "2.5"
INVALID_VERB: Final = "2.9"
TIMED_OUT: Final = "4.1"

REFUSED_XML: Final = "6.1"
INVALID_CONTENT: Final = "6.2"
UNTRANSLATABLE: Final = "6.3"
UNKNOWN_OPERATION: Final = "6.4"
UNKNOWN_CORRELATION: Final = "6.5"
UNAUTHENTICATED: Final = "6.6"
FORBIDDEN: Final = "6.7"
RATE_LIMITED: Final = "6.8"
INTERNAL: Final = "6.9"

REPLY_CODES: Final[dict[str, str]] = {
    MISSING_ELEMENTS: "mandatory request elements missing",
    INVALID_METER: "invalid meter(s)",
    INVALID_NOUN: "invalid noun",
    INVALID_VERB: "invalid verb",
    TIMED_OUT: "request timed out",
    REFUSED_XML: "refused by the hardened parser or not a SOAP/61968-100 document (mspcim)",
    INVALID_CONTENT: "well-formed but not the expected message (mspcim)",
    UNTRANSLATABLE: "a value cannot be translated to the other standard (mspcim)",
    UNKNOWN_OPERATION: "operation not offered by this endpoint (mspcim)",
    UNKNOWN_CORRELATION: "no open request has this CorrelationID (mspcim)",
    UNAUTHENTICATED: "missing or wrong credentials (mspcim)",
    FORBIDDEN: "operation not permitted for this caller (mspcim)",
    RATE_LIMITED: "too many requests from this caller or address (mspcim)",
    INTERNAL: "internal error in the gateway (mspcim)",
}
"""Every code mspcim writes, with its meaning."""
