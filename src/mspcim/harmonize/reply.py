"""MultiSpeak ``errorObject`` lists ⇄ IEC 61968-100 ``Reply`` (Result and Error).

An empty ArrayOfErrorObject is Result OK; errors for some of the requested objects are PARTIAL;
errors for all (or for the call as such) are FAILED. Each errorObject ⇄ one Error, by the
``ERROR_OBJECT`` table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mspcim import reply_codes
from mspcim.cim.message import Error, ErrorLevel, ObjectID, Reply, ReplyResult
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.errors import ErrorObject

__all__ = [
    "DEFAULT_ERROR_CODE",
    "ERROR_OBJECT",
    "error_objects_from_reply",
    "reply_from_error_objects",
]

DEFAULT_ERROR_CODE = reply_codes.INVALID_CONTENT
"""Error code given to a MultiSpeak error, which carries none (category 2: request refused)."""


def _id_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["object_id"] is None:
        return {}
    return {"id": ObjectID(value=values["object_id"], kind="name", object_type=values["noun_type"])}


def _id_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    object_id: ObjectID | None = values["id"]
    if object_id is None:
        return {}
    return {"object_id": object_id.value, "noun_type": object_id.object_type}


field_codec(
    "error_object_id",
    _id_to_cim,
    _id_to_msp,
    "@objectID ⇄ Error/ID, @nounType ⇄ Error/ID/@objectType",
)


def _code_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"code": ctx.state.get("error_code", DEFAULT_ERROR_CODE), "level": ErrorLevel.FATAL}


def _code_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["code"]:
        ctx.gap("code", values["code"], "errorObject has no error code")
    return {}


field_codec(
    "error_code",
    _code_to_cim,
    _code_to_msp,
    f"MultiSpeak errors become code {DEFAULT_ERROR_CODE}, level FATAL; the CIM code is reported",
)

ERROR_OBJECT = Table(
    name="Reply",
    clause="6.2 (Table 3, errors)",
    msp_class=ErrorObject,
    cim_class=Error,
    msp_objects=("errorObject / ArrayOfErrorObject (result of most 4.1 operations)",),
    rules=(
        Correlate("error_string", "reason"),
        Correlate("text", "details"),
        Transform(("object_id", "noun_type"), ("id",), "error_object_id", "the object in error"),
        Transform((), ("code", "level"), "error_code", "code and severity"),
        Gap(Side.MSP, "event_time", "61968-100 Error has no time"),
        Gap(Side.CIM, "xpath", "errorObject has no location; the object is named by objectID"),
    ),
)


def reply_from_error_objects(
    errors: Iterable[ErrorObject],
    requested: int | None = None,
    report: GapReport | None = None,
    code: str = DEFAULT_ERROR_CODE,
) -> Reply:
    """The Reply for a MultiSpeak result; ``requested`` objects decide PARTIAL versus FAILED."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile="Reply")
    shared.state["error_code"] = code
    cim_errors = [
        translate(ERROR_OBJECT, error, Direction.TO_CIM, shared, f"/errorObject[{index}]")
        for index, error in enumerate(errors, start=1)
    ]
    if not cim_errors:
        return Reply(result=ReplyResult.OK)
    failed_objects = {error.id.value for error in cim_errors if error.id is not None}
    partial = requested is not None and 0 < len(failed_objects) < requested
    return Reply(result=ReplyResult.PARTIAL if partial else ReplyResult.FAILED, errors=cim_errors)


def error_objects_from_reply(reply: Reply, report: GapReport | None = None) -> list[ErrorObject]:
    """The errorObjects of a Reply; a FAILED reply without Error elements still yields one."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile="Reply")
    errors = [
        translate(ERROR_OBJECT, error, Direction.TO_MSP, shared, f"/Reply/Error[{index}]")
        for index, error in enumerate(reply.errors, start=1)
    ]
    if not errors and reply.result is ReplyResult.FAILED:
        errors.append(ErrorObject(error_string="the CIM system answered FAILED without details"))
    return errors
