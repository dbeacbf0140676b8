"""Read and write IEC 61968-100 messages in both envelope forms (see ``cim.message``).

Reading is lenient about which of the two envelope namespaces the inner elements use and strict
about what must be there (Header/Verb, Header/Noun, Reply/Result); writing follows the schema of
the chosen form exactly, element order included.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    MessageProperty,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    User,
    Verb,
)
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.soap import read_envelope
from mspcim.xsdtypes import format_boolean, format_datetime, parse_boolean, parse_datetime

__all__ = ["build_message", "read_message", "soap_action"]

_T = TypeVar("_T")

_NOUN_MESSAGE = re.compile(r"^http://www\.iec\.ch/TC57/2011/(?P<noun>\w+)Message$")
_ENVELOPE_NAMESPACES = (ns.MESSAGE, ns.MESSAGE_WWW)
_WWW_CONTEXTS = frozenset({"PRODUCTION", "TESTING", "DEVELOPMENT", "STUDY", "TRAINING"})
_VERB_PREFIXES = {
    Verb.CREATE: "Create",
    Verb.CHANGE: "Change",
    Verb.CANCEL: "Cancel",
    Verb.CLOSE: "Close",
    Verb.DELETE: "Delete",
    Verb.CREATED: "Created",
    Verb.CHANGED: "Changed",
    Verb.CANCELED: "Canceled",
    Verb.CLOSED: "Closed",
    Verb.DELETED: "Deleted",
}


# --- reading


def read_message(root: etree._Element) -> Message:
    """Read a 61968-100 message in either form, bare or inside a SOAP envelope."""
    if ns.local_name(root.tag) == "Envelope" and ns.namespace_of(root.tag) in (
        ns.SOAP11,
        ns.SOAP12,
    ):
        root = read_envelope(root).first_body
    namespace, local = ns.namespace_of(root.tag), ns.local_name(root.tag)
    if namespace in _ENVELOPE_NAMESPACES:
        try:
            kind = MessageKind(local)
        except ValueError:
            raise MessageFormatError(
                f"{local!r} is not a 61968-100 message (RequestMessage, ResponseMessage, "
                "EventMessage or FaultMessage)",
                xpath=f"/{local}",
            ) from None
        form = EnvelopeForm.IEC61968_100
    elif match := _NOUN_MESSAGE.match(namespace):
        kind = _noun_wrapper_kind(local, match["noun"])
        form = EnvelopeForm.NOUN_WRAPPER
    else:
        raise MessageFormatError(
            f"not an IEC 61968-100 message: root {local!r} in namespace {namespace!r}",
            xpath=f"/{local}",
            code=reply_codes.REFUSED_XML,
        )
    parts = _children_by_name(root)
    path = f"/{local}"
    header_element = parts.get("Header")
    if header_element is None and kind is not MessageKind.FAULT:
        raise MessageFormatError(
            "message has no Header", xpath=f"{path}/Header", code=reply_codes.MISSING_ELEMENTS
        )
    header = _read_header(header_element, f"{path}/Header") if header_element is not None else None
    request = parts.get("Request")
    reply = parts.get("Reply")
    if kind in (MessageKind.RESPONSE, MessageKind.FAULT) and reply is None:
        raise MessageFormatError(
            f"{kind.value} has no Reply", xpath=f"{path}/Reply", code=reply_codes.MISSING_ELEMENTS
        )
    payload = parts.get("Payload")
    return Message(
        kind=kind,
        header=header,
        request=_read_request(request, f"{path}/Request") if request is not None else None,
        reply=_read_reply(reply, f"{path}/Reply") if reply is not None else None,
        payload=_payload_documents(payload) if payload is not None else [],
        form=form,
    )


def _noun_wrapper_kind(local: str, noun: str) -> MessageKind:
    if local == f"{noun}RequestMessage" or any(
        local == f"{prefix}{noun}" for prefix in ("Create", "Change", "Cancel", "Close", "Delete")
    ):
        return MessageKind.REQUEST
    if local == f"{noun}ResponseMessage":
        return MessageKind.RESPONSE
    if local == f"{noun}FaultMessage":
        return MessageKind.FAULT
    if any(local == f"{p}{noun}" for p in ("Created", "Changed", "Canceled", "Closed", "Deleted")):
        return MessageKind.EVENT
    raise MessageFormatError(f"{local!r} is not a {noun} message", xpath=f"/{local}")


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def _children_by_name(element: etree._Element) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for child in _children(element):
        found.setdefault(ns.local_name(child.tag), child)
    return found


def _text(parts: dict[str, etree._Element], name: str) -> str | None:
    element = parts.get(name)
    if element is None:
        return None
    return (element.text or "").strip()


def _optional(
    parts: dict[str, etree._Element], name: str, path: str, parse: Callable[..., _T]
) -> _T | None:
    text = _text(parts, name)
    if text is None or text == "":
        return None
    return parse(text, where=f"{path}/{name}")


def _read_header(element: etree._Element, path: str) -> Header:
    parts = _children_by_name(element)
    verb_text = _text(parts, "Verb")
    noun = _text(parts, "Noun")
    if not verb_text:
        raise MessageFormatError(
            "Header has no Verb", xpath=f"{path}/Verb", code=reply_codes.MISSING_ELEMENTS
        )
    if not noun:
        raise MessageFormatError(
            "Header has no Noun", xpath=f"{path}/Noun", code=reply_codes.MISSING_ELEMENTS
        )
    try:
        verb = Verb(verb_text)
    except ValueError:
        raise MessageFormatError(f"unknown Verb {verb_text!r}", xpath=f"{path}/Verb") from None
    user = None
    if (user_element := parts.get("User")) is not None:
        user_parts = _children_by_name(user_element)
        user = User(
            user_id=_text(user_parts, "UserID") or "",
            organization=_text(user_parts, "Organization") or None,
        )
    properties = [
        MessageProperty(
            name=(_text(_children_by_name(prop), "Name") or ""),
            value=_text(_children_by_name(prop), "Value"),
        )
        for prop in _children(element)
        if ns.local_name(prop.tag) == "Property"
    ]
    return Header(
        verb=verb,
        noun=noun,
        revision=_text(parts, "Revision"),
        context=_text(parts, "Context"),
        timestamp=_optional(parts, "Timestamp", path, parse_datetime),
        source=_text(parts, "Source"),
        async_reply_flag=_optional(parts, "AsyncReplyFlag", path, parse_boolean),
        reply_address=_text(parts, "ReplyAddress"),
        ack_required=_optional(parts, "AckRequired", path, parse_boolean),
        user=user,
        message_id=_text(parts, "MessageID"),
        correlation_id=_text(parts, "CorrelationID"),
        comment=_text(parts, "Comment"),
        properties=properties,
    )


def _read_id(element: etree._Element) -> ObjectID:
    return ObjectID(
        value=(element.text or "").strip(),
        kind=element.get("kind"),
        id_type=element.get("idType"),
        id_authority=element.get("idAuthority"),
        object_type=element.get("objectType"),
    )


def _read_request(element: etree._Element, path: str) -> Request:
    parts = _children_by_name(element)
    options = []
    ids = []
    for child in _children(element):
        name = ns.local_name(child.tag)
        if name == "Option":
            option_parts = _children_by_name(child)
            options.append(
                RequestOption(
                    name=_text(option_parts, "name") or "", value=_text(option_parts, "value")
                )
            )
        elif name == "ID":
            ids.append(_read_id(child))
    return Request(
        start_time=_optional(parts, "StartTime", path, parse_datetime),
        end_time=_optional(parts, "EndTime", path, parse_datetime),
        options=options,
        ids=ids,
    )


def _read_reply(element: etree._Element, path: str) -> Reply:
    parts = _children_by_name(element)
    result_text = _text(parts, "Result")
    try:
        result = ReplyResult(result_text or "")
    except ValueError:
        raise MessageFormatError(
            f"Reply/Result must be OK, PARTIAL or FAILED, not {result_text!r}",
            xpath=f"{path}/Result",
        ) from None
    errors = [
        _read_error(child) for child in _children(element) if ns.local_name(child.tag) == "Error"
    ]
    ids = [_read_id(child) for child in _children(element) if ns.local_name(child.tag) == "ID"]
    return Reply(result=result, errors=errors, ids=ids)


def _read_error(element: etree._Element) -> Error:
    parts = _children_by_name(element)
    level_text = _text(parts, "level")
    level = ErrorLevel.__members__.get(level_text or "")
    object_id = None
    if (id_element := parts.get("ID")) is not None:
        object_id = _read_id(id_element)
    elif (obj := parts.get("object")) is not None:
        mrid = _text(_children_by_name(obj), "mRID")
        object_id = ObjectID(value=mrid) if mrid else None
    return Error(
        code=_text(parts, "code") or "",
        level=level,
        reason=_text(parts, "reason"),
        details=_text(parts, "details"),
        xpath=_text(parts, "xpath"),
        id=object_id,
    )


def _payload_documents(element: etree._Element) -> list[etree._Element]:
    """Profile documents inside Payload (Format and the envelope's own elements excluded)."""
    envelope_namespaces = {*_ENVELOPE_NAMESPACES, ns.namespace_of(element.tag)}
    return [
        child
        for child in _children(element)
        if ns.namespace_of(child.tag) not in envelope_namespaces
    ]


# --- writing


def soap_action(message: Message) -> str:
    """The SOAPAction of ``message`` as the 61968-9:2013 WSDLs name their operations."""
    noun = message.noun or "Message"
    if message.kind is MessageKind.FAULT:
        return f"http://iec.ch/TC57/2011/{noun}/Fault"
    verb = message.header.verb if message.header else Verb.REPLY
    if verb is Verb.GET:
        return f"http://iec.ch/TC57/2011/Get{noun}/Get{noun}"
    if message.kind is MessageKind.RESPONSE:
        return f"http://iec.ch/TC57/2011/Reply{noun}/Reply{noun}"
    return f"http://iec.ch/TC57/2011/{noun}/{verb.value.capitalize()}{noun}"


def build_message(message: Message) -> etree._Element:
    """The XML of ``message`` in ``message.form``."""
    if message.form is EnvelopeForm.NOUN_WRAPPER:
        return _build_noun_wrapper(message)
    root = etree.Element(ns.qname(ns.MESSAGE, message.kind.value), nsmap={"msg": ns.MESSAGE})
    _fill(root, message, ns.MESSAGE, ns.MESSAGE, www=False)
    return root


def _build_noun_wrapper(message: Message) -> etree._Element:
    noun = message.noun
    if noun is None and message.kind is MessageKind.FAULT:
        raise MessageFormatError("a noun-wrapper FaultMessage needs a noun")
    assert noun is not None or message.kind is MessageKind.FAULT
    wrapper_ns = ns.NOUN_MESSAGE_2011.format(noun=noun)
    root_name = _noun_wrapper_root(message, noun or "")
    root = etree.Element(
        ns.qname(wrapper_ns, root_name), nsmap={"tns": wrapper_ns, "msg": ns.MESSAGE_WWW}
    )
    _fill(root, message, wrapper_ns, ns.MESSAGE_WWW, www=True)
    return root


def _noun_wrapper_root(message: Message, noun: str) -> str:
    if message.kind is MessageKind.RESPONSE:
        return f"{noun}ResponseMessage"
    if message.kind is MessageKind.FAULT:
        return f"{noun}FaultMessage"
    verb = message.header.verb if message.header else Verb.GET
    if message.kind is MessageKind.REQUEST and verb in (Verb.GET, Verb.EXECUTE):
        return f"{noun}RequestMessage"
    prefix = _VERB_PREFIXES.get(verb)
    if prefix is None:
        raise MessageFormatError(f"no noun-wrapper element for verb {verb.value!r} on {noun}")
    return f"{prefix}{noun}"


def _fill(
    root: etree._Element, message: Message, part_ns: str, inner_ns: str, *, www: bool
) -> None:
    """Append Header, Request, Reply and Payload to ``root`` in schema order."""
    if message.header is not None and message.kind is not MessageKind.FAULT:
        _write_header(
            etree.SubElement(root, ns.qname(part_ns, "Header")), message.header, inner_ns, www
        )
    if message.request is not None and message.kind is MessageKind.REQUEST:
        _write_request(
            etree.SubElement(root, ns.qname(part_ns, "Request")), message.request, inner_ns, www
        )
    if message.kind in (MessageKind.RESPONSE, MessageKind.FAULT):
        reply = message.reply or Reply(result=ReplyResult.OK)
        _write_reply(etree.SubElement(root, ns.qname(part_ns, "Reply")), reply, inner_ns, www)
    documents = list(message.payload)
    if www and not documents and message.kind in (MessageKind.RESPONSE, MessageKind.EVENT):
        noun = message.noun or ""
        documents = [etree.Element(ns.qname(ns.CIM_2011_PROFILE.format(profile=noun), noun))]
    if documents and message.kind is not MessageKind.FAULT:
        payload = etree.SubElement(root, ns.qname(part_ns, "Payload"))
        payload.extend(documents)


def _sub(parent: etree._Element, namespace: str, name: str, text: str | None) -> None:
    if text is not None:
        etree.SubElement(parent, ns.qname(namespace, name)).text = text


def _write_header(element: etree._Element, header: Header, q: str, www: bool) -> None:
    _sub(element, q, "Verb", header.verb.value)
    _sub(element, q, "Noun", header.noun)
    _sub(element, q, "Revision", header.revision)
    context = header.context
    if www and context is not None and context not in _WWW_CONTEXTS:
        context = None
    _sub(element, q, "Context", context)
    _sub(element, q, "Timestamp", format_datetime(header.timestamp) if header.timestamp else None)
    _sub(element, q, "Source", header.source)
    if header.async_reply_flag is not None:
        _sub(element, q, "AsyncReplyFlag", format_boolean(header.async_reply_flag))
    _sub(element, q, "ReplyAddress", header.reply_address)
    if header.ack_required is not None:
        _sub(element, q, "AckRequired", format_boolean(header.ack_required))
    if header.user is not None:
        user = etree.SubElement(element, ns.qname(q, "User"))
        _sub(user, q, "UserID", header.user.user_id)
        organization = header.user.organization
        if www and organization is None:
            organization = ""
        _sub(user, q, "Organization", organization)
    _sub(element, q, "MessageID", header.message_id)
    _sub(element, q, "CorrelationID", header.correlation_id)
    _sub(element, q, "Comment", header.comment)
    for prop in header.properties:
        prop_element = etree.SubElement(element, ns.qname(q, "Property"))
        _sub(prop_element, q, "Name", prop.name)
        _sub(prop_element, q, "Value", prop.value)


def _write_id(parent: etree._Element, q: str, name: str, object_id: ObjectID, www: bool) -> None:
    element = etree.SubElement(parent, ns.qname(q, name))
    element.text = object_id.value
    if www:
        return
    for attribute, value in (
        ("idType", object_id.id_type),
        ("idAuthority", object_id.id_authority),
        ("kind", object_id.kind),
        ("objectType", object_id.object_type),
    ):
        if value is not None:
            element.set(attribute, value)


def _write_request(element: etree._Element, request: Request, q: str, www: bool) -> None:
    _sub(
        element, q, "StartTime", format_datetime(request.start_time) if request.start_time else None
    )
    _sub(element, q, "EndTime", format_datetime(request.end_time) if request.end_time else None)
    for option in request.options:
        option_element = etree.SubElement(element, ns.qname(q, "Option"))
        _sub(option_element, q, "name", option.name)
        _sub(option_element, q, "value", option.value)
    for object_id in request.ids:
        _write_id(element, q, "ID", object_id, www)


def _write_reply(element: etree._Element, reply: Reply, q: str, www: bool) -> None:
    _sub(element, q, "Result", reply.result.value)
    for error in reply.errors:
        _write_error(etree.SubElement(element, ns.qname(q, "Error")), error, q, www)
    for object_id in reply.ids:
        _write_id(element, q, "ID", object_id, www)


def _write_error(element: etree._Element, error: Error, q: str, www: bool) -> None:
    _sub(element, q, "code", error.code)
    _sub(element, q, "level", error.level.value if error.level else None)
    _sub(element, q, "reason", error.reason)
    _sub(element, q, "details", error.details)
    if error.xpath:
        _write_qname(element, q, error.xpath)
    if error.id is not None:
        if www:
            obj = etree.SubElement(element, ns.qname(q, "object"))
            _sub(obj, q, "mRID", error.id.value)
        else:
            _write_id(element, q, "ID", error.id, www)


def _write_qname(parent: etree._Element, q: str, name: str) -> None:
    """Write ``xpath`` (typed xs:QName) from a Clark name or a plain NCName."""
    namespace, local = ns.namespace_of(name), ns.local_name(name) or name
    if not re.fullmatch(r"[A-Za-z_][\w.\-]*", local):
        raise MappingError(f"Error/xpath must name one element, not {name!r}")
    if namespace:
        element = etree.SubElement(parent, ns.qname(q, "xpath"), nsmap={"e": namespace})
        element.text = f"e:{local}"
    else:
        etree.SubElement(parent, ns.qname(q, "xpath")).text = local
