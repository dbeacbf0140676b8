"""MultiSpeak 5.0 ``result`` ⇄ IEC 61968-100 ``Reply`` ⇄ MultiSpeak 4.1 ``ArrayOfErrorObject``.

A v5 response header says how a call went in its ``result``: ``resultIdentifier`` (category 0
is success; the others are the 61968-9 reply code categories), ``level`` and ``errorObjects``.
Towards CIM: category 0 is Result OK; a Warning or Inform result, or errors for some of the
requested objects, PARTIAL; anything else FAILED. Back, PARTIAL is level Warning (v5 errorObjects
have no level of their own: a differing Error level is reported). Each v5 errorObject ⇄ one
Error by the ``ERROR_OBJECT_V5`` table; a failed result without errorObjects becomes one Error
without ID (its code and description), and back. v4.1 errorObjects go through the same Reply
(``reply``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Final

from mspcim import reply_codes
from mspcim.cim.message import Error, ErrorLevel, ObjectID, Reply, ReplyResult
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.reply import error_objects_from_reply, reply_from_error_objects
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.errors import ErrorObject as ErrorObject41
from mspcim.multispeak.v50.result import (
    ErrorObject,
    MessageResultLevel,
    ReplyCodeIdentifier,
    Result,
)
from mspcim.xsdtypes import utc_now

__all__ = [
    "ERROR_OBJECT_V5",
    "LEVELS",
    "error_objects_from_result",
    "reply_from_result",
    "result_from_error_objects",
    "result_from_reply",
]

LEVELS: Final[dict[str, ErrorLevel]] = {
    "Inform": ErrorLevel.INFORM,
    "Warning": ErrorLevel.WARNING,
    "Fatal": ErrorLevel.FATAL,
    "Catastrophic": ErrorLevel.CATASTROPHIC,
}
"""v5 ``messageResultLevel`` ⇄ 61968-100 Error ``level`` (Other has no CIM level)."""
_BACK = {level: name for name, level in LEVELS.items()}
_OK = "0"
_PROFILE = "ReplyV5"


def _id_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["reference_id"] is None:
        return {}
    return {
        "id": ObjectID(value=values["reference_id"], kind="name", object_type=values["noun_type"])
    }


def _id_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    object_id: ObjectID | None = values["id"]
    if object_id is None:
        return {}
    return {"reference_id": object_id.value, "noun_type": object_id.object_type}


field_codec(
    "v5_error_object_id",
    _id_to_cim,
    _id_to_msp,
    "@referenceID ⇄ Error/ID, @nounType ⇄ Error/ID/@objectType",
)


def _code_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code: ReplyCodeIdentifier | None = values["error_code"]
    level = ctx.state.get("level")
    return {
        "code": code.code if code is not None else ctx.state["code"],
        "level": level if level is not None else ErrorLevel.FATAL,
    }


def _code_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    level = values["level"]
    if level is not None and level is not ctx.state.get("level"):
        ctx.gap("level", level.value, "a v5 errorObject has no level: the result's level stands")
    return {"error_code": ReplyCodeIdentifier.from_code(values["code"])}


field_codec(
    "v5_error_code",
    _code_to_cim,
    _code_to_msp,
    "errorCode (category, index) ⇄ Error/code ``category.index``; the result's level ⇄ level",
)


def _time_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    ctx.gap("event_time", values["event_time"], "61968-100 Error has no time")
    return {}


def _time_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"event_time": ctx.state["now"]}


field_codec(
    "v5_event_time",
    _time_to_cim,
    _time_to_msp,
    "eventTime is required in v5: the time of translation when the CIM Error names none",
)

ERROR_OBJECT_V5 = Table(
    name=_PROFILE,
    clause="9 (Table 3 for MultiSpeak 5.0, errors)",
    msp_class=ErrorObject,
    cim_class=Error,
    msp_objects=("errorObject in MultiSpeakResponseMsgHeader/Result/errorObjects",),
    rules=(
        Correlate("display_string", "reason"),
        Correlate("detailed_string", "details"),
        Transform(
            ("reference_id", "noun_type"), ("id",), "v5_error_object_id", "the object in error"
        ),
        Transform(("error_code",), ("code", "level"), "v5_error_code", "code and severity"),
        Transform(("event_time",), (), "v5_event_time", "when the error happened"),
        Gap(Side.MSP, "extensions_list", "vendor extensions of an errorObject have no CIM place"),
        Gap(Side.CIM, "xpath", "errorObject has no location; the object is named by referenceID"),
    ),
)
"""v5 ``errorObject`` ⇄ 61968-100 ``Error``."""


def _shared(report: GapReport | None) -> TranslationState:
    return TranslationState(report=report if report is not None else GapReport(), profile=_PROFILE)


def reply_from_result(
    result: Result, requested: int | None = None, report: GapReport | None = None
) -> Reply:
    """The Reply for a v5 result; ``requested`` objects decide PARTIAL versus FAILED."""
    shared = _shared(report)
    identifier = result.result_identifier
    level = LEVELS.get(result.level.value) if result.level is not None else None
    if result.level is not None and level is None:
        shared.report.add(
            "/Result/level",
            result.level.other_kind or result.level.value,
            GapKind.LOST,
            "61968-100 has no level Other",
            None,
            _PROFILE,
        )
    shared.state.update(code=identifier.code, level=level)
    errors = [
        translate(
            ERROR_OBJECT_V5,
            error,
            Direction.TO_CIM,
            shared,
            f"/Result/errorObjects/errorObject[{index}]",
        )
        for index, error in enumerate(result.error_objects, start=1)
    ]
    if identifier.reply_code_category.value == _OK and not errors:
        return Reply(result=ReplyResult.OK)
    if errors and result.result_description is not None:
        shared.report.add(
            "/Result/resultDescription",
            result.result_description,
            GapKind.LOST,
            "61968-100 Reply has no overall description beside its Errors",
            None,
            _PROFILE,
        )
    if not errors:
        errors = [
            Error(
                code=identifier.code,
                level=level or ErrorLevel.FATAL,
                reason=result.result_description,
            )
        ]
    failed = {error.id.value for error in errors if error.id is not None}
    partial = (requested is not None and 0 < len(failed) < requested) or level in (
        ErrorLevel.WARNING,
        ErrorLevel.INFORM,
    )
    if identifier.reply_code_category.value == _OK:
        partial = True
    return Reply(result=ReplyResult.PARTIAL if partial else ReplyResult.FAILED, errors=errors)


def result_from_reply(
    reply: Reply, report: GapReport | None = None, now: datetime | None = None
) -> Result:
    """The v5 result of a Reply: Errors become errorObjects, the first without ID the result's.

    That first Error without an ID gives the result its code and description.
    """
    if reply.result is ReplyResult.OK and not reply.errors:
        return Result.ok()
    shared = _shared(report)
    overall = next((error for error in reply.errors if error.id is None), None)
    first = overall or (reply.errors[0] if reply.errors else None)
    level = first.level if first is not None and first.level is not None else ErrorLevel.FATAL
    if reply.result is not ReplyResult.FAILED:
        level = ErrorLevel.WARNING if reply.result is ReplyResult.PARTIAL else ErrorLevel.INFORM
    shared.state.update(now=now or utc_now(), level=level)
    objects = [
        translate(ERROR_OBJECT_V5, error, Direction.TO_MSP, shared, f"/Reply/Error[{index}]")
        for index, error in enumerate(reply.errors, start=1)
        if error is not overall
    ]
    code = first.code if first is not None else reply_codes.INVALID_CONTENT
    if reply.result is ReplyResult.OK:
        code = "0.0"
    if overall is not None and overall.details is not None:
        shared.report.add(
            "/Reply/Error/details",
            overall.details,
            GapKind.LOST,
            "the v5 result has one description (the Error's reason)",
            None,
            _PROFILE,
        )
    return Result(
        result_identifier=ReplyCodeIdentifier.from_code(code),
        result_description=overall.reason if overall is not None else None,
        level=MessageResultLevel(value=_BACK[level]),
        error_objects=objects,
    )


def result_from_error_objects(
    errors: Iterable[ErrorObject41],
    requested: int | None = None,
    report: GapReport | None = None,
    now: datetime | None = None,
) -> Result:
    """The v5 result for a v4.1 ArrayOfErrorObject, through the 61968-100 Reply."""
    reply = reply_from_error_objects(errors, requested, report)
    return result_from_reply(reply, report, now)


def error_objects_from_result(
    result: Result, requested: int | None = None, report: GapReport | None = None
) -> list[ErrorObject41]:
    """The v4.1 errorObjects for a v5 result, through the 61968-100 Reply."""
    return error_objects_from_reply(reply_from_result(result, requested, report), report)
