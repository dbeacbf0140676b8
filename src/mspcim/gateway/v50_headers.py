"""The v5 SOAP headers as the gateway uses them: who called, what to answer, what to send.

The gateway reads a caller's ``MultiSpeakRequestMsgHeader``, answers with a
``MultiSpeakResponseMsgHeader`` whose ``Result`` carries the call's errors (category 0 when
none; otherwise the first error's code, level Fatal when every object failed, Warning when some
did), stamps the request header of the notifications it sends, and reads the ``Result`` a v5
server answers them with. The headers are the v5 header module's; this module only decides what
the gateway writes in them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from mspcim import reply_codes
from mspcim.multispeak.v50.header import (
    Caller,
    MultiSpeakVersion,
    RequestHeader,
    ResponseHeader,
    build_request_header,
    build_response_header,
    read_response_header,
)
from mspcim.multispeak.v50.msp_binding import DEFAULT_RELEASE, Release
from mspcim.multispeak.v50.result import (
    ErrorObject,
    MessageResultLevel,
    ReplyCodeIdentifier,
    Result,
)

__all__ = [
    "error_object",
    "read_result_errors",
    "request_header",
    "response_header",
    "result_of",
]


def error_object(
    reason: str,
    when: datetime,
    *,
    reference_id: str | None = None,
    noun_type: str | None = None,
    code: str = reply_codes.INVALID_CONTENT,
) -> ErrorObject:
    """A v5 errorObject naming the object in error (``referenceID``) and why."""
    return ErrorObject(
        error_code=ReplyCodeIdentifier.from_code(code),
        event_time=when,
        display_string=reason,
        reference_id=reference_id,
        noun_type=noun_type,
    )


def result_of(errors: Sequence[ErrorObject], *, all_failed: bool = False) -> Result:
    """The ``Result`` of a call with ``errors`` (OK when there are none)."""
    if not errors:
        return Result.ok()
    first = errors[0].error_code
    return Result(
        result_identifier=first or ReplyCodeIdentifier.from_code(reply_codes.INVALID_CONTENT),
        result_description=f"{len(errors)} object(s) in error",
        level=MessageResultLevel(value="Fatal" if all_failed else "Warning"),
        error_objects=list(errors),
    )


def _version(release: Release) -> MultiSpeakVersion:
    return MultiSpeakVersion(build=release.build, build_string="Release")


def request_header(
    *, app_name: str, message_id: str, when: datetime, release: Release = DEFAULT_RELEASE
) -> etree._Element:
    """The ``MultiSpeakRequestMsgHeader`` of a message the gateway sends to a v5 server."""
    header = RequestHeader(
        multi_speak_version=_version(release),
        caller=Caller(app_name=app_name, company=app_name, system_id=app_name),
        message_id=message_id,
        time_stamp=when,
    )
    return build_request_header(header, release)


def response_header(
    *,
    app_name: str,
    message_id: str,
    when: datetime,
    result: Result | None = None,
    release: Release = DEFAULT_RELEASE,
) -> etree._Element:
    """The ``MultiSpeakResponseMsgHeader`` answering a call, with ``result`` (default OK)."""
    header = ResponseHeader(
        multi_speak_version=_version(release),
        caller=Caller(app_name=app_name, company=app_name, system_id=app_name),
        message_id=message_id,
        time_stamp=when,
        result=result or Result.ok(),
    )
    return build_response_header(header, release)


def read_result_errors(header: etree._Element | None) -> list[ErrorObject]:
    """The errorObjects of a response header's ``Result`` (none without a header)."""
    if header is None:
        return []
    return read_response_header(header).result.error_objects
