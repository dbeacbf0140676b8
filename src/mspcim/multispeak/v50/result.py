"""MultiSpeak 5.0 ``result`` of the response header: what v4.1 said with ``ArrayOfErrorObject``.

``resultIdentifier`` (a ``replyCodeCategory`` 0–7 and an ``index``) says how the call went, as
IEC 61968-9 reply codes do; ``level`` its severity; ``errorObjects`` the objects in error, each
with its own ``errorCode``, ``eventTime`` and display/detailed strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.extensions import EXTENSIONS_LIST, ExtensionsItem
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "REPLY_CODE_CATEGORIES",
    "RESULT_LEVELS",
    "ErrorObject",
    "MessageResultLevel",
    "ReplyCodeCategory",
    "ReplyCodeIdentifier",
    "Result",
]

REPLY_CODE_CATEGORIES = ("0", "1", "2", "3", "4", "5", "6", "7", "Other")
"""``replyCodeCategoryKind`` values (the 61968-9 reply code categories, and Other)."""
RESULT_LEVELS = ("Inform", "Warning", "Fatal", "Catastrophic", "Other")
"""``messageResultLevelKind`` values."""


@dataclass(slots=True, kw_only=True)
class ReplyCodeCategory:
    """``replyCodeCategory``: a category 0–7 or Other (named by ``otherKind``)."""

    NAMESPACE: ClassVar[str] = ns.MSP50_ENUMS
    value: str = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class MessageResultLevel:
    """``level``: Inform, Warning, Fatal, Catastrophic or Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50_ENUMS
    value: str = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class ReplyCodeIdentifier:
    """``replyCodeIdentifier``: category and index, the 61968-9 ``category.index`` code."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    reply_code_category: ReplyCodeCategory = field(metadata=xml("replyCodeCategory"))
    index: str = field(metadata=xml("index"))

    @property
    def code(self) -> str:
        """The dotted ``category.index`` code."""
        return f"{self.reply_code_category.value}.{self.index}"

    @classmethod
    def from_code(cls, code: str) -> ReplyCodeIdentifier:
        """The identifier of a dotted code; a category outside 0–7 becomes Other."""
        category, _, index = code.partition(".")
        if category in REPLY_CODE_CATEGORIES and category != "Other":
            return cls(reply_code_category=ReplyCodeCategory(value=category), index=index or "0")
        return cls(
            reply_code_category=ReplyCodeCategory(value="Other", other_kind=category),
            index=index or "0",
        )


@dataclass(slots=True, kw_only=True)
class ErrorObject:
    """``errorObject`` (v5): one object in error, with its code, time and messages."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    extensions_list: list[ExtensionsItem] = field(default_factory=list, metadata=EXTENSIONS_LIST)
    error_code: ReplyCodeIdentifier | None = field(default=None, metadata=xml("errorCode"))
    event_time: datetime = field(metadata=xml("eventTime"))
    display_string: str | None = field(default=None, metadata=xml("displayString"))
    detailed_string: str | None = field(default=None, metadata=xml("detailedString"))
    reference_id: str | None = field(default=None, metadata=xml("@referenceID"))
    noun_type: str | None = field(default=None, metadata=xml("@nounType"))


@dataclass(slots=True, kw_only=True)
class Result:
    """``result`` of a ``MultiSpeakResponseMsgHeader``."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    result_identifier: ReplyCodeIdentifier = field(metadata=xml("resultIdentifier"))
    result_description: str | None = field(default=None, metadata=xml("resultDescription"))
    level: MessageResultLevel | None = field(default=None, metadata=xml("level"))
    error_objects: list[ErrorObject] = field(
        default_factory=list, metadata=xml_list("errorObjects", "errorObject")
    )
    data_set_id: str | None = field(default=None, metadata=xml("dataSetID"))
    last_sent: str | None = field(default=None, metadata=xml("lastSent"))
    objects_remaining: int | None = field(default=None, metadata=xml("objectsRemaining"))

    @classmethod
    def ok(cls) -> Result:
        """The result of a call that went well (category 0, index 0)."""
        return cls(result_identifier=ReplyCodeIdentifier.from_code("0.0"))
