"""IEC TS 61968-14 Table 3: MultiSpeak ``MultiSpeakMsgHeader`` ⇄ IEC 61968-100 ``Header``.

Verb and Noun come from the operation catalogue (they name the MultiSpeak operation); header
attributes with no Header element travel as ``Property`` so a round trip restores them;
credentials are deliberately not forwarded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mspcim.cim.message import Header, User, Verb
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.codecs import TranslationContext, field_codec, value_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.header import MESSAGE_CONTEXTS, MultiSpeakMsgHeader

__all__ = ["HEADER_TABLE", "header_to_cim", "header_to_msp"]

_PREFIX = "MultiSpeakMsgHeader."


def _verb_noun_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    verb, noun = ctx.state.get("verb"), ctx.state.get("noun")
    if verb is None or noun is None:
        raise MappingError("the operation's CIM Verb and Noun are not known")
    return {"verb": Verb(verb), "noun": noun}


field_codec(
    "operation_verb_noun",
    _verb_noun_to_cim,
    lambda values, ctx: {},
    "Verb + Noun name the MultiSpeak operation (operation catalogue), not a header attribute",
)


def _user_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["user_id"] is None:
        if values["company"] is not None:
            return {"user": User(user_id="", organization=values["company"])}
        return {}
    return {"user": User(user_id=values["user_id"], organization=values["company"])}


def _user_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    user = values["user"]
    if user is None:
        return {}
    return {"user_id": user.user_id or None, "company": user.organization}


field_codec(
    "user",
    _user_to_cim,
    _user_to_msp,
    "UserID ⇄ User/UserID, Company ⇄ User/Organization",
)

_CONTEXTS = {context.upper(): context for context in MESSAGE_CONTEXTS}
value_codec(
    "message_context",
    lambda text: text.upper(),
    lambda text: _CONTEXTS.get(text.upper(), "Other"),
    "Production ⇄ PRODUCTION, Testing ⇄ TESTING … (unknown CIM contexts become Other)",
)


def _carried(name: str, attribute: str, codec: str = "text") -> Gap:
    return Gap(
        Side.MSP,
        name,
        f"no Header element for MultiSpeak {attribute}",
        carried_in=f"Property:{_PREFIX}{attribute}",
        codec=codec,
    )


_CREDENTIALS = "credentials are never forwarded: the gateway authenticates each side itself"

HEADER_TABLE = Table(
    name="MessageHeader",
    clause="6.2 (Table 3)",
    msp_class=MultiSpeakMsgHeader,
    cim_class=Header,
    msp_objects=("MultiSpeakMsgHeader (SOAP header of every 4.1 operation)",),
    rules=(
        Transform((), ("verb", "noun"), "operation_verb_noun", "from the operation catalogue"),
        Correlate("message_id", "message_id"),
        Correlate("time_stamp", "timestamp"),
        Correlate("app_name", "source"),
        Transform(("user_id", "company"), ("user",), "user", "UserID, Company ⇄ User"),
        Correlate("context", "context", codec="message_context"),
        Gap(Side.MSP, "pwd", _CREDENTIALS, secret=True),
        Gap(Side.MSP, "audit_password", _CREDENTIALS, secret=True),
        _carried("major_version", "MajorVersion", "integer"),
        _carried("minor_version", "MinorVersion", "integer"),
        _carried("build", "Build", "integer"),
        _carried("branch", "Branch", "integer"),
        _carried("build_string", "BuildString"),
        _carried("app_version", "AppVersion"),
        _carried("default_currency_code", "DefaultCurrencyCode"),
        _carried("cs_units", "CSUnits"),
        _carried("coordinate_system_name", "CoordinateSystemName"),
        _carried("coordinate_system_authority", "CoordinateSystemAuthority"),
        _carried("coordinate_system_authority_code", "CoordinateSystemAuthorityCode"),
        _carried("datum", "Datum"),
        _carried("session_id", "SessionID"),
        _carried("previous_session_id", "PreviousSessionID"),
        _carried("objects_remaining", "ObjectsRemaining", "integer"),
        _carried("last_sent", "LastSent"),
        _carried("registration_id", "RegistrationID"),
        _carried("audit_id", "AuditID"),
        Gap(Side.MSP, "other_attributes", "extension attributes have no Header counterpart"),
        Gap(Side.CIM, "revision", "MultiSpeak has no message-type revision"),
        Gap(
            Side.CIM, "async_reply_flag", "MultiSpeak asks asynchronously by operation (Initiate…)"
        ),
        Gap(Side.CIM, "reply_address", "MultiSpeak carries it as the operation's responseURL"),
        Gap(Side.CIM, "ack_required", "MultiSpeak always answers each call"),
        Gap(Side.CIM, "correlation_id", "MultiSpeak carries it as the operation's transactionID"),
        Gap(Side.CIM, "comment", "MultiSpeakMsgHeader has no comment attribute"),
        Gap(Side.CIM, "properties", "Property has no MultiSpeakMsgHeader attribute"),
    ),
)


def header_to_cim(
    header: MultiSpeakMsgHeader, verb: str, noun: str, report: GapReport | None = None
) -> Header:
    """The 61968-100 Header for a MultiSpeak call mapped to ``verb`` ``noun``."""
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile=HEADER_TABLE.name
    )
    shared.state.update(verb=verb, noun=noun)
    result: Header = translate(
        HEADER_TABLE, header, Direction.TO_CIM, shared, "/MultiSpeakMsgHeader"
    )
    return result


def header_to_msp(header: Header, report: GapReport | None = None) -> MultiSpeakMsgHeader:
    """The MultiSpeakMsgHeader for a CIM message (Verb/Noun select the operation elsewhere)."""
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile=HEADER_TABLE.name
    )
    result: MultiSpeakMsgHeader = translate(
        HEADER_TABLE, header, Direction.TO_MSP, shared, "/Header"
    )
    return result
