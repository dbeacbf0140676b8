"""MultiSpeak 5.0 SOAP headers: ``MultiSpeakRequestMsgHeader`` and ``MultiSpeakResponseMsgHeader``.

Unlike 4.1's attribute-only header, v5 headers hold elements (``MultiSpeakVersion``, ``Caller``,
``CodedNames``, ``CoordinateSystemInformation``, ``DataSetState``, ``DoNotReply``, and the
response's ``Result``) in the request/response namespaces, whose contents are declared in
``commonTypes``, plus attributes (``MessageID``, ``TimeStamp``, ``RegistrationID``, ``Context`` …).
The dataclasses are the declaration; ``msp_binding`` reads and writes them for either release
(5.0.4 requires ``BuildString`` and ``Caller/SystemID``, which 5.0.7 made optional).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.msp_binding import (
    DEFAULT_RELEASE,
    Form,
    Release,
    read,
    register_form,
    write,
    xml_list,
)
from mspcim.multispeak.v50.result import Result

__all__ = [
    "BUILD_DESCRIPTORS",
    "CODED_NAME_TYPES",
    "MESSAGE_CONTEXTS",
    "CSAuthority",
    "CSAuthorityName",
    "CSUnits",
    "Caller",
    "CodedName",
    "CoordinateSystemInformation",
    "DataSetIDs",
    "DataSetState",
    "MultiSpeakVersion",
    "RequestHeader",
    "ResponseHeader",
    "V5Header",
    "build_request_header",
    "build_response_header",
    "read_request_header",
    "read_response_header",
]

MESSAGE_CONTEXTS = ("Development", "Production", "Study", "Testing", "Training", "Other")
"""``MessageContext`` values."""
BUILD_DESCRIPTORS = ("Branch", "PR", "RC", "RD", "Release")
"""``BuildDescriptor`` values."""
CODED_NAME_TYPES = ("GlobalDomain", "RegisteredName", "SystemName", "NounType", "Other")
"""``codedNameType`` values."""


@dataclass(slots=True, kw_only=True)
class MultiSpeakVersion:
    """``MultiSpeakVersion``: major, minor, build, branch and build descriptor."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    major_version: int = field(default=5, metadata=xml("MajorVersion"))
    minor_version: int = field(default=0, metadata=xml("MinorVersion"))
    build: int = field(default=DEFAULT_RELEASE.build, metadata=xml("Build"))
    branch: int | None = field(default=None, metadata=xml("Branch"))
    build_string: str | None = field(default=None, metadata=xml("BuildString"))

    @classmethod
    def of(cls, release: Release | str) -> MultiSpeakVersion:
        """The version of a release, e.g. 5.0.7 Release."""
        return cls(build=Release(release).build, build_string="Release")

    @property
    def version(self) -> str:
        """Dotted version, e.g. ``5.0.7``."""
        return f"{self.major_version}.{self.minor_version}.{self.build}"


def _insert_after(element: etree._Element, tag: str, after: tuple[str, ...], text: str) -> None:
    """Add child ``tag`` with ``text`` (when absent) after the last present of ``after``."""
    if element.find(tag) is not None:
        return
    child = etree.Element(tag)
    child.text = text
    previous = [found for name in after if (found := element.find(name)) is not None]
    if previous:
        previous[-1].addnext(child)
    else:
        element.insert(0, child)


def _common(local: str) -> str:
    return ns.qname(ns.MSP50_COMMON, local)


def _version_emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        names = ("MajorVersion", "MinorVersion", "Build", "Branch")
        _insert_after(element, _common("BuildString"), tuple(map(_common, names)), "Release")


register_form(MultiSpeakVersion, Form(lambda element: None, _version_emit))


@dataclass(slots=True, kw_only=True)
class Caller:
    """``Caller``: the calling application, its company, system and credentials."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    app_name: str = field(metadata=xml("AppName"))
    app_version: str | None = field(default=None, metadata=xml("AppVersion"))
    company: str = field(metadata=xml("Company"))
    audit_id: str | None = field(default=None, metadata=xml("AuditID"))
    audit_password: str | None = field(default=None, metadata=xml("AuditPassword"))
    system_id: str | None = field(default=None, metadata=xml("SystemID"))
    password: str | None = field(default=None, metadata=xml("Password"))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={'********' if name.endswith('password') and value else value!r}"
            for name in (
                "app_name",
                "app_version",
                "company",
                "audit_id",
                "audit_password",
                "system_id",
                "password",
            )
            if (value := getattr(self, name)) is not None
        )
        return f"Caller({shown})"


def _caller_emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        names = ("AppName", "AppVersion", "Company", "AuditID", "AuditPassword")
        _insert_after(element, _common("SystemID"), tuple(map(_common, names)), "")


register_form(Caller, Form(lambda element: None, _caller_emit))


@dataclass(slots=True, kw_only=True)
class CodedName:
    """``codedName``: a short code standing for a longer name part in this message."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    coded_value: str = field(metadata=xml("codedValue"))
    name_part: str = field(metadata=xml("namePart"))
    description: str | None = field(default=None, metadata=xml("description"))
    coded_name_type: str | None = field(default=None, metadata=xml("@codedNameType"))


@dataclass(slots=True, kw_only=True)
class CSUnits:
    """``CSUnits``: Feet, Meters, USSurveyFeet or Other (named by ``otherKind``)."""

    value: str = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class CSAuthorityName:
    """``CSAuthorityName``: the coordinate-system authority (EPSG …) or Other."""

    value: str = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class CSAuthority:
    """``CSAuthority``: an authority, its code for the coordinate system, and the datum."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    cs_authority_name: CSAuthorityName = field(metadata=xml("CSAuthorityName"))
    coordinate_system_authority_code: str = field(metadata=xml("CoordinateSystemAuthorityCode"))
    datum: str = field(metadata=xml("Datum"))


@dataclass(slots=True, kw_only=True)
class CoordinateSystemInformation:
    """``CoordinateSystemInformation``: units and authorities of the coordinates in a message."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    cs_units: CSUnits = field(metadata=xml("CSUnits"))
    cs_authorities: list[CSAuthority] = field(
        default_factory=list, metadata=xml_list("CSAuthorities", "CSAuthority")
    )


@dataclass(slots=True, kw_only=True)
class DataSetIDs:
    """``PublishDataSetState`` / ``RequestDataSetState``: this and the previous data set."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    data_set_id: str | None = field(default=None, metadata=xml("DataSetID"))
    """Required when publishing, optional when requesting."""
    previous_data_set_id: str = field(metadata=xml("PreviousDataSetID"))


@dataclass(slots=True, kw_only=True)
class DataSetState:
    """``DataSetState``: a choice of the published or the requested data-set state."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    publish: DataSetIDs | None = field(default=None, metadata=xml("PublishDataSetState"))
    request: DataSetIDs | None = field(default=None, metadata=xml("RequestDataSetState"))


@dataclass(slots=True, kw_only=True)
class _HeaderBase:
    """What both v5 headers declare: version, caller, names, coordinates, default attributes."""

    multi_speak_version: MultiSpeakVersion = field(
        default_factory=MultiSpeakVersion, metadata=xml("MultiSpeakVersion")
    )
    caller: Caller = field(
        default_factory=lambda: Caller(app_name="mspcim", company=""), metadata=xml("Caller")
    )
    coded_names: list[CodedName] = field(
        default_factory=list, metadata=xml_list("CodedNames", "codedName", ns.MSP50_COMMON)
    )
    coordinate_system_information: CoordinateSystemInformation | None = field(
        default=None, metadata=xml("CoordinateSystemInformation")
    )
    default_registered_name: str | None = field(
        default=None, metadata=xml("@DefaultRegisteredName")
    )
    default_system_name: str | None = field(default=None, metadata=xml("@DefaultSystemName"))
    default_utility: str | None = field(default=None, metadata=xml("@DefaultUtility"))
    default_currency_code: str | None = field(default=None, metadata=xml("@DefaultCurrencyCode"))
    message_id: str = field(metadata=xml("@MessageID"))
    time_stamp: datetime = field(metadata=xml("@TimeStamp"))
    message_created_time_stamp: datetime | None = field(
        default=None, metadata=xml("@MessageCreatedTimeStamp")
    )
    context: str | None = field(default=None, metadata=xml("@Context"))


@dataclass(slots=True, kw_only=True)
class RequestHeader(_HeaderBase):
    """``MultiSpeakRequestMsgHeader``: the SOAP header of every v5 request."""

    NAMESPACE: ClassVar[str] = ns.MSP50_REQUEST
    data_set_state: DataSetState | None = field(default=None, metadata=xml("DataSetState"))
    do_not_reply: list[str] = field(
        default_factory=list, metadata=xml_list("DoNotReply", "registrationID", ns.MSP50_COMMON)
    )
    """Registration ids whose notifications the caller asks not to receive for this message."""
    registration_id: str | None = field(default=None, metadata=xml("@RegistrationID"))


@dataclass(slots=True, kw_only=True)
class ResponseHeader(_HeaderBase):
    """``MultiSpeakResponseMsgHeader``: the SOAP header of every v5 response, with its result."""

    NAMESPACE: ClassVar[str] = ns.MSP50_RESPONSE
    result: Result = field(default_factory=Result.ok, metadata=xml("Result"))


V5Header = RequestHeader | ResponseHeader
"""Either v5 header (what a route receives with a v5 body)."""


def _check(element: etree._Element, namespace: str, name: str) -> None:
    if element.tag != ns.qname(namespace, name):
        raise MessageFormatError(
            f"expected {{{namespace}}}{name}, not {element.tag}", xpath=f"/Envelope/Header/{name}"
        )


def read_request_header(element: etree._Element) -> RequestHeader:
    """A ``MultiSpeakRequestMsgHeader`` of either release; bad values raise with their path."""
    _check(element, ns.MSP50_REQUEST, "MultiSpeakRequestMsgHeader")
    return read(element, RequestHeader, "/Envelope/Header/MultiSpeakRequestMsgHeader")


def read_response_header(element: etree._Element) -> ResponseHeader:
    """A ``MultiSpeakResponseMsgHeader`` of either release; bad values raise with their path."""
    _check(element, ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader")
    return read(element, ResponseHeader, "/Envelope/Header/MultiSpeakResponseMsgHeader")


def build_request_header(
    header: RequestHeader, release: Release | str = DEFAULT_RELEASE
) -> etree._Element:
    """The ``MultiSpeakRequestMsgHeader`` element, written for ``release``."""
    return write(header, "MultiSpeakRequestMsgHeader", release=release)


def build_response_header(
    header: ResponseHeader, release: Release | str = DEFAULT_RELEASE
) -> etree._Element:
    """The ``MultiSpeakResponseMsgHeader`` element, written for ``release``."""
    return write(header, "MultiSpeakResponseMsgHeader", release=release)
