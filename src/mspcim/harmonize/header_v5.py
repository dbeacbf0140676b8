"""IEC TS 61968-14 Table 3 for MultiSpeak 5.0: v5 request/response headers ⇄ 61968-100 Header.

The v5 headers nest their values (``Caller/AppName``, ``MultiSpeakVersion/Build``,
``DataSetState/…``); the table maps ``V5HeaderFields``, the same values one per field, named by
their path in the header, so the one engine runs it and the renderer shows the paths. Values with
no Header element travel as ``Property`` — under the 4.1 table's key where 4.1 has the same
value (``AppVersion``, ``AuditID``, ``DefaultCurrencyCode``, ``CSUnits`` …, so a 4.1 header
carried through CIM lands in the v5 header), under ``MultiSpeak5.<path>`` otherwise. Passwords
are never forwarded. Verb and Noun name the operation, as in 4.1.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mspcim.cim.message import Header, User
from mspcim.harmonize import header as _header_codecs  # noqa: F401  (user, context codecs)
from mspcim.harmonize.codecs import TEXT_CODECS, TextCodec, TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v50.header import (
    Caller,
    CodedName,
    CoordinateSystemInformation,
    CSAuthority,
    CSAuthorityName,
    CSUnits,
    DataSetIDs,
    DataSetState,
    MultiSpeakVersion,
    RequestHeader,
    ResponseHeader,
    V5Header,
)
from mspcim.multispeak.v50.msp_binding import DEFAULT_RELEASE, Release
from mspcim.multispeak.v50.result import Result
from mspcim.xsdtypes import utc_now

__all__ = [
    "HEADER_TABLE_V5",
    "V5HeaderFields",
    "flatten",
    "header_from_cim",
    "header_to_cim",
    "unflatten",
]

_V41 = "MultiSpeakMsgHeader."
_V5 = "MultiSpeak5."
_PUBLISH, _REQUEST = "PublishDataSetState", "RequestDataSetState"


def _x(path: str) -> dict[str, str]:
    return {"xml": path}


@dataclass(slots=True, kw_only=True)
class V5HeaderFields:
    """A v5 request or response header, one field per value, named by its path."""

    message_id: str | None = field(default=None, metadata=_x("@MessageID"))
    time_stamp: datetime | None = field(default=None, metadata=_x("@TimeStamp"))
    context: str | None = field(default=None, metadata=_x("@Context"))
    app_name: str | None = field(default=None, metadata=_x("Caller/AppName"))
    app_version: str | None = field(default=None, metadata=_x("Caller/AppVersion"))
    company: str | None = field(default=None, metadata=_x("Caller/Company"))
    audit_id: str | None = field(default=None, metadata=_x("Caller/AuditID"))
    audit_password: str | None = field(default=None, metadata=_x("Caller/AuditPassword"))
    system_id: str | None = field(default=None, metadata=_x("Caller/SystemID"))
    password: str | None = field(default=None, metadata=_x("Caller/Password"))
    major_version: int | None = field(default=None, metadata=_x("MultiSpeakVersion/MajorVersion"))
    minor_version: int | None = field(default=None, metadata=_x("MultiSpeakVersion/MinorVersion"))
    build: int | None = field(default=None, metadata=_x("MultiSpeakVersion/Build"))
    branch: int | None = field(default=None, metadata=_x("MultiSpeakVersion/Branch"))
    build_string: str | None = field(default=None, metadata=_x("MultiSpeakVersion/BuildString"))
    coded_names: list[CodedName] = field(default_factory=list, metadata=_x("CodedNames"))
    cs_units: str | None = field(default=None, metadata=_x("CoordinateSystemInformation/CSUnits"))
    cs_authority_name: str | None = field(
        default=None, metadata=_x("CoordinateSystemInformation/CSAuthorities/CSAuthorityName")
    )
    coordinate_system_authority_code: str | None = field(
        default=None,
        metadata=_x("CoordinateSystemInformation/CSAuthorities/CoordinateSystemAuthorityCode"),
    )
    datum: str | None = field(
        default=None, metadata=_x("CoordinateSystemInformation/CSAuthorities/Datum")
    )
    data_set_state: str | None = field(default=None, metadata=_x("DataSetState"))
    """``PublishDataSetState`` or ``RequestDataSetState``: which of the choice is present."""
    data_set_id: str | None = field(default=None, metadata=_x("DataSetState/*/DataSetID"))
    previous_data_set_id: str | None = field(
        default=None, metadata=_x("DataSetState/*/PreviousDataSetID")
    )
    do_not_reply: list[str] = field(default_factory=list, metadata=_x("DoNotReply"))
    default_registered_name: str | None = field(default=None, metadata=_x("@DefaultRegisteredName"))
    default_system_name: str | None = field(default=None, metadata=_x("@DefaultSystemName"))
    default_utility: str | None = field(default=None, metadata=_x("@DefaultUtility"))
    default_currency_code: str | None = field(default=None, metadata=_x("@DefaultCurrencyCode"))
    registration_id: str | None = field(default=None, metadata=_x("@RegistrationID"))
    message_created_time_stamp: datetime | None = field(
        default=None, metadata=_x("@MessageCreatedTimeStamp")
    )
    result_data_set_id: str | None = field(default=None, metadata=_x("Result/dataSetID"))
    last_sent: str | None = field(default=None, metadata=_x("Result/lastSent"))
    objects_remaining: int | None = field(default=None, metadata=_x("Result/objectsRemaining"))


# --- text codecs of the carried structured values

_CS_UNITS = {unit.lower(): unit for unit in ("Feet", "Meters", "USSurveyFeet", "Other")}
_CS_UNITS_41 = {
    "Feet": "feet",
    "Meters": "meters",
    "USSurveyFeet": "USSurveyFeet",
    "Other": "other",
}
"""v5 CSUnits → the 4.1 spelling, which the Property (shared with the 4.1 table) holds."""


def _dump_coded_names(names: list[CodedName]) -> str:
    rows = [[n.coded_name_type, n.coded_value, n.name_part, n.description] for n in names]
    return json.dumps(rows, separators=(",", ":"))


def _load_coded_names(text: str) -> list[CodedName]:
    return [
        CodedName(coded_name_type=kind, coded_value=value, name_part=part, description=note)
        for kind, value, part, note in json.loads(text)
    ]


TEXT_CODECS["v5_coded_names"] = TextCodec("string", _dump_coded_names, _load_coded_names)
TEXT_CODECS["v5_cs_units"] = TextCodec(
    "string", lambda unit: _CS_UNITS_41.get(unit, unit), lambda t: _CS_UNITS.get(t.lower(), "Other")
)
TEXT_CODECS["word_list"] = TextCodec("string", " ".join, lambda text: text.split())


def _carried(name: str, key: str, codec: str = "text") -> Gap:
    return Gap(
        Side.MSP,
        name,
        "no Header element for this v5 header value",
        carried_in=f"Property:{key}",
        codec=codec,
    )


def _system_user_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["system_id"] is None and values["company"] is None:
        return {}
    return {"user": User(user_id=values["system_id"] or "", organization=values["company"])}


def _system_user_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    user = values["user"]
    if user is None:
        return {}
    return {"system_id": user.user_id or None, "company": user.organization}


field_codec(
    "v5_caller_user",
    _system_user_to_cim,
    _system_user_to_msp,
    "Caller/SystemID ⇄ User/UserID, Caller/Company ⇄ User/Organization",
)

_CREDENTIALS = "credentials are never forwarded: the gateway authenticates each side itself"

HEADER_TABLE_V5 = Table(
    name="MessageHeaderV5",
    clause="9 (Table 3 for MultiSpeak 5.0)",
    msp_class=V5HeaderFields,
    cim_class=Header,
    msp_objects=("MultiSpeakRequestMsgHeader / MultiSpeakResponseMsgHeader (SOAP headers of v5)",),
    rules=(
        Transform((), ("verb", "noun"), "operation_verb_noun", "from the operation catalogue"),
        Correlate("message_id", "message_id"),
        Correlate("time_stamp", "timestamp"),
        Correlate("app_name", "source"),
        Transform(
            ("system_id", "company"), ("user",), "v5_caller_user", "SystemID, Company ⇄ User"
        ),
        Correlate("context", "context", codec="message_context"),
        Gap(Side.MSP, "password", _CREDENTIALS, secret=True),
        Gap(Side.MSP, "audit_password", _CREDENTIALS, secret=True),
        _carried("app_version", _V41 + "AppVersion"),
        _carried("audit_id", _V41 + "AuditID"),
        _carried("major_version", _V5 + "MajorVersion", "integer"),
        _carried("minor_version", _V5 + "MinorVersion", "integer"),
        _carried("build", _V5 + "Build", "integer"),
        _carried("branch", _V5 + "Branch", "integer"),
        _carried("build_string", _V5 + "BuildString"),
        _carried("coded_names", _V5 + "CodedNames", "v5_coded_names"),
        _carried("cs_units", _V41 + "CSUnits", "v5_cs_units"),
        _carried("cs_authority_name", _V5 + "CSAuthorityName"),
        _carried("coordinate_system_authority_code", _V41 + "CoordinateSystemAuthorityCode"),
        _carried("datum", _V41 + "Datum"),
        _carried("data_set_state", _V5 + "DataSetState"),
        _carried("data_set_id", _V5 + "DataSetID"),
        _carried("previous_data_set_id", _V5 + "PreviousDataSetID"),
        _carried("do_not_reply", _V5 + "DoNotReply", "word_list"),
        _carried("default_registered_name", _V5 + "DefaultRegisteredName"),
        _carried("default_system_name", _V5 + "DefaultSystemName"),
        _carried("default_utility", _V5 + "DefaultUtility"),
        _carried("default_currency_code", _V41 + "DefaultCurrencyCode"),
        _carried("registration_id", _V5 + "RegistrationID"),
        _carried("message_created_time_stamp", _V5 + "MessageCreatedTimeStamp", "datetime"),
        _carried("result_data_set_id", _V5 + "Result.dataSetID"),
        _carried("last_sent", _V41 + "LastSent"),
        _carried("objects_remaining", _V41 + "ObjectsRemaining", "integer"),
        Gap(Side.CIM, "revision", "MultiSpeak has no message-type revision"),
        Gap(
            Side.CIM, "async_reply_flag", "MultiSpeak asks asynchronously by operation (Initiate…)"
        ),
        Gap(Side.CIM, "reply_address", "MultiSpeak 5.0 carries it as the operation's responseURL"),
        Gap(Side.CIM, "ack_required", "MultiSpeak always answers each call"),
        Gap(
            Side.CIM, "correlation_id", "MultiSpeak 5.0 carries it as the operation's transactionID"
        ),
        Gap(Side.CIM, "comment", "the v5 headers have no comment"),
        Gap(Side.CIM, "properties", "Property has no v5 header element"),
    ),
)
"""Table 3 extended to MultiSpeak 5.0 (IEC TS 61968-14 clause 9)."""


def flatten(header: V5Header, report: GapReport | None = None) -> V5HeaderFields:
    """The table's view of a v5 header; authorities past the first are reported lost."""
    caller, version = header.caller, header.multi_speak_version
    values = V5HeaderFields(
        message_id=header.message_id,
        time_stamp=header.time_stamp,
        context=header.context,
        app_name=caller.app_name,
        app_version=caller.app_version,
        company=caller.company,
        audit_id=caller.audit_id,
        audit_password=caller.audit_password,
        system_id=caller.system_id,
        password=caller.password,
        major_version=version.major_version,
        minor_version=version.minor_version,
        build=version.build,
        branch=version.branch,
        build_string=version.build_string,
        coded_names=list(header.coded_names),
        default_registered_name=header.default_registered_name,
        default_system_name=header.default_system_name,
        default_utility=header.default_utility,
        default_currency_code=header.default_currency_code,
        message_created_time_stamp=header.message_created_time_stamp,
    )
    coordinates = header.coordinate_system_information
    if coordinates is not None:
        values.cs_units = coordinates.cs_units.value
        for index, authority in enumerate(coordinates.cs_authorities, start=1):
            if index == 1:
                values.cs_authority_name = authority.cs_authority_name.value
                values.coordinate_system_authority_code = authority.coordinate_system_authority_code
                values.datum = authority.datum
            elif report is not None:
                report.add(
                    f"/CoordinateSystemInformation/CSAuthorities/CSAuthority[{index}]",
                    authority.coordinate_system_authority_code,
                    GapKind.LOST,
                    "the 61968-100 Header carries one coordinate-system authority",
                    None,
                    HEADER_TABLE_V5.name,
                )
    if isinstance(header, RequestHeader):
        values.registration_id = header.registration_id
        values.do_not_reply = list(header.do_not_reply)
        state = header.data_set_state
        if state is not None:
            chosen = state.publish or state.request
            values.data_set_state = _PUBLISH if state.publish is not None else _REQUEST
            if chosen is not None:
                values.data_set_id = chosen.data_set_id
                values.previous_data_set_id = chosen.previous_data_set_id
    else:
        values.result_data_set_id = header.result.data_set_id
        values.last_sent = header.result.last_sent
        values.objects_remaining = header.result.objects_remaining
    return values


def unflatten(
    values: V5HeaderFields,
    *,
    response: bool = False,
    release: Release | str = DEFAULT_RELEASE,
    result: Result | None = None,
    message_id: str = "",
    now: datetime | None = None,
) -> V5Header:
    """The v5 header of the table's view; the release's version where none was carried."""
    version = MultiSpeakVersion.of(release)
    if values.major_version is not None and values.build is not None:
        version = MultiSpeakVersion(
            major_version=values.major_version,
            minor_version=values.minor_version or 0,
            build=values.build,
            branch=values.branch,
            build_string=values.build_string,
        )
    caller = Caller(
        app_name=values.app_name or "mspcim",
        app_version=values.app_version,
        company=values.company or "",
        audit_id=values.audit_id,
        system_id=values.system_id,
    )
    coordinates = None
    if values.cs_units is not None or values.datum is not None:
        authorities = []
        if values.coordinate_system_authority_code is not None and values.datum is not None:
            authorities.append(
                CSAuthority(
                    cs_authority_name=CSAuthorityName(value=values.cs_authority_name or "Other"),
                    coordinate_system_authority_code=values.coordinate_system_authority_code,
                    datum=values.datum,
                )
            )
        if authorities:
            coordinates = CoordinateSystemInformation(
                cs_units=CSUnits(value=values.cs_units or "Other"), cs_authorities=authorities
            )
    common: dict[str, Any] = {
        "multi_speak_version": version,
        "caller": caller,
        "coded_names": list(values.coded_names),
        "coordinate_system_information": coordinates,
        "default_registered_name": values.default_registered_name,
        "default_system_name": values.default_system_name,
        "default_utility": values.default_utility,
        "default_currency_code": values.default_currency_code,
        "message_id": values.message_id or message_id,
        "time_stamp": values.time_stamp or now or utc_now(),
        "message_created_time_stamp": values.message_created_time_stamp,
        "context": values.context,
    }
    if response:
        outcome = result or Result.ok()
        outcome.data_set_id = outcome.data_set_id or values.result_data_set_id
        outcome.last_sent = outcome.last_sent or values.last_sent
        if outcome.objects_remaining is None:
            outcome.objects_remaining = values.objects_remaining
        return ResponseHeader(**common, result=outcome)
    state = None
    if values.previous_data_set_id is not None:
        ids = DataSetIDs(
            data_set_id=values.data_set_id, previous_data_set_id=values.previous_data_set_id
        )
        publish = values.data_set_state == _PUBLISH and values.data_set_id is not None
        state = DataSetState(publish=ids) if publish else DataSetState(request=ids)
    return RequestHeader(
        **common,
        data_set_state=state,
        do_not_reply=list(values.do_not_reply),
        registration_id=values.registration_id,
    )


def header_to_cim(
    header: V5Header, verb: str, noun: str, report: GapReport | None = None
) -> Header:
    """The 61968-100 Header for a v5 call mapped to ``verb`` ``noun``."""
    report = report if report is not None else GapReport()
    shared = TranslationState(report=report, profile=HEADER_TABLE_V5.name)
    shared.state.update(verb=verb, noun=noun)
    name = (
        "MultiSpeakResponseMsgHeader"
        if isinstance(header, ResponseHeader)
        else ("MultiSpeakRequestMsgHeader")
    )
    result: Header = translate(
        HEADER_TABLE_V5, flatten(header, report), Direction.TO_CIM, shared, f"/{name}"
    )
    return result


def header_from_cim(
    header: Header,
    report: GapReport | None = None,
    *,
    response: bool = False,
    release: Release | str = DEFAULT_RELEASE,
    result: Result | None = None,
    message_id: str = "",
    now: datetime | None = None,
) -> V5Header:
    """The v5 request (or, with ``response``, response) header for a CIM message's Header.

    ``message_id`` and ``now`` fill the required MessageID and TimeStamp when the CIM Header
    has none; ``result`` is the response's (see ``reply_v5``), Result OK by default.
    """
    shared = TranslationState(
        report=report if report is not None else GapReport(), profile=HEADER_TABLE_V5.name
    )
    values: V5HeaderFields = translate(HEADER_TABLE_V5, header, Direction.TO_MSP, shared, "/Header")
    return unflatten(
        values, response=response, release=release, result=result, message_id=message_id, now=now
    )
