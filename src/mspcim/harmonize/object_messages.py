"""Whole messages of the profiles whose MultiSpeak objects travel in lists, declared as data.

The customer profiles (8.1, 8.2, 8.3, AuxiliaryAgreementConfig) all have the same kinds of
MultiSpeak operations: notifications (``CustomerChangedNotification``), requests that act on
objects (``EnrollPPMCustomer``), queries (``GetCustomerByCustomerID``) and their responses. An
``ObjectMessages`` declares a profile's operations — which MultiSpeak operation is which CIM
verb, which query parameter is which Request/ID or option — and ``register`` installs the
message translations both ways (``routes``):

- a notification becomes an EventMessage; its verb is the action the objects' ``@verb`` share
  (``ACTION_VERBS``; MultiSpeak's default is Change), else the notification's own; the way
  back writes the action on each object (``VERB_ACTIONS``);
- a request becomes a RequestMessage of its verb; a query a ``get`` RequestMessage; a response
  with objects a ResponseMessage, one with errorObjects a ResponseMessage whose Reply says so;
- where the CIM verb alone would not give back the same operation, the Header carries it as
  ``Property[Name='MultiSpeak.operation']``;
- amounts are in the MultiSpeak header's ``DefaultCurrencyCode`` unless they say otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.binding import plan_of
from mspcim.cim.message import (
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    Verb,
)
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml_name
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_msp
from mspcim.harmonize.meter_asset_config_messages import (
    cim_header,
    operation_of,
)
from mspcim.harmonize.profile_messages import error_response_reply, message_of, payload_document
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.operations import build_array_of_error_object_response

__all__ = [
    "ACTION_VERBS",
    "VERB_ACTIONS",
    "ObjectMessages",
    "Query",
    "objects_field",
    "register",
]

ACTION_VERBS: Final[dict[str, tuple[Verb, Verb]]] = {
    "New": (Verb.CREATED, Verb.CREATE),
    "Change": (Verb.CHANGED, Verb.CHANGE),
    "Delete": (Verb.DELETED, Verb.DELETE),
}
"""MultiSpeak ``action`` (``@verb``) → (verb of an EventMessage, verb of a RequestMessage)."""

VERB_ACTIONS: Final[dict[Verb, str | None]] = {
    Verb.CREATED: "New",
    Verb.CREATE: "New",
    Verb.CHANGED: None,
    Verb.CHANGE: None,
    Verb.DELETED: "Delete",
    Verb.DELETE: "Delete",
}
"""CIM verb → the ``@verb`` written on each object (None: MultiSpeak's default, Change)."""

_HEADER_VERB: Final = "the object's action is the message's Header/Verb"


@dataclass(frozen=True, slots=True)
class Query:
    """A MultiSpeak query: its parameters as Request/ID or Request Options, and its response."""

    cls: type
    response: str
    ids: Mapping[str, tuple[str, str]] = dataclasses.field(default_factory=dict)
    """Parameter field → (``idType``, ``objectType``) of the Request/ID it becomes."""
    options: tuple[str, ...] = ()
    """Parameter fields that become Request Options named by their XML names."""


@dataclass(frozen=True, slots=True)
class ObjectMessages:
    """A profile's MultiSpeak operations and how each is a CIM message."""

    profile: str
    noun: str
    """Registry noun and Header/Noun (both editions)."""
    empty: Callable[[], Any]
    to_cim: Callable[..., Any]
    """(objects, report, path, item, default_currency) → the profile document."""
    to_msp: Callable[..., list[Any]]
    """(document, report, path, default_currency) → the MultiSpeak objects."""
    notifications: Mapping[str, tuple[type, Verb]]
    """Notification → (body class, EventMessage verb when the objects state no action)."""
    verb_operations: Mapping[Verb, str]
    """CIM verb of an event or request → the MultiSpeak operation it becomes."""
    requests: Mapping[str, tuple[type, Verb]] = dataclasses.field(default_factory=dict)
    """Request acting on objects → (body class, RequestMessage verb)."""
    queries: Mapping[str, Query] = dataclasses.field(default_factory=dict)
    responses: Mapping[str, type] = dataclasses.field(default_factory=dict)
    """Query response → body class (its result holds one object or a list)."""
    default_query: str | None = None
    """The query a ``get`` without Request/ID becomes."""
    acknowledged: str | None = None
    """The operation whose errorObject response a Reply without objects becomes by default."""
    borrowed: frozenset[str] = frozenset()
    """Operations this profile writes whose MultiSpeak → CIM translation is another profile's."""

    @property
    def default_response(self) -> str | None:
        """The response of the default query (what a ResponseMessage becomes by default)."""
        return self.queries[self.default_query].response if self.default_query else None


def objects_field(cls: type) -> tuple[str, str, str]:
    """(field, XML wrapper, XML item) of the field of ``cls`` holding MultiSpeak objects."""
    for plan in plan_of(cls):
        if plan.kind == "element" and dataclasses.is_dataclass(plan.type):
            spec = next(item for item in dataclasses.fields(cls) if item.name == plan.name)
            item = str(spec.metadata.get("item", plan.xml))
            return plan.name, plan.xml, item
    raise TypeError(f"{cls.__name__} holds no MultiSpeak object")


def _objects(call: Any, field: str) -> list[Any]:
    value = getattr(call, field)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _unread(body: etree._Element, cls: type, report: GapReport, profile: str) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", None, profile)


def _action_verb(
    objects: Sequence[Any], fallback: Verb, event: bool, paths: Sequence[str], report: GapReport
) -> Verb:
    actions = {item.verb or "Change" for item in objects}
    if len(actions) != 1 or (action := actions.pop()) not in ACTION_VERBS:
        return fallback
    verb = ACTION_VERBS[action][0 if event else 1]
    for item, path in zip(objects, paths, strict=True):
        if item.verb is not None:
            report.reclassify(f"{path}/@verb", GapKind.CARRIED, "Header/Verb", _HEADER_VERB)
    return verb


def _read(
    spec: ObjectMessages,
    body: etree._Element,
    cls: type,
    header: MultiSpeakMsgHeader,
    report: GapReport,
) -> tuple[Any, list[Any], Any, list[str]]:
    """(call, objects, CIM document, object paths) of a body holding objects."""
    name = ns.local_name(body.tag)
    call: Any = msp_binding.read(body, cls)
    _unread(body, cls, report, spec.profile)
    field, wrapper, item = objects_field(cls)
    objects = _objects(call, field)
    single = not isinstance(getattr(call, field), list)
    path = f"/{name}" if single else f"/{name}/{wrapper}"
    element = wrapper if single else item
    document = spec.to_cim(objects, report, path, element, header.default_currency_code)
    paths = [f"{path}/{element}[{index}]" for index in range(1, len(objects) + 1)]
    return call, objects, document, paths


def _message(
    spec: ObjectMessages,
    kind: MessageKind,
    verb: Verb,
    header: MultiSpeakMsgHeader,
    report: GapReport,
    options: TranslateOptions,
    operation: str | None,
    documents: list[Any],
    **parts: Any,
) -> Message:
    result = cim_header(header, verb, spec.noun, report, options, operation)
    return message_of(
        kind, result, documents, noun=spec.noun, edition=options.edition, form=options.form, **parts
    )


def _to_cim(
    spec: ObjectMessages,
) -> Callable[[etree._Element, MultiSpeakMsgHeader, GapReport, TranslateOptions], Message]:
    def translate(
        body: etree._Element,
        header: MultiSpeakMsgHeader,
        report: GapReport,
        options: TranslateOptions,
    ) -> Message:
        name = ns.local_name(body.tag)
        if name in spec.notifications or name in spec.requests:
            event = name in spec.notifications
            cls, fallback = spec.notifications[name] if event else spec.requests[name]
            _, objects, document, paths = _read(spec, body, cls, header, report)
            verb = _action_verb(objects, fallback, event, paths, report) if event else fallback
            operation = None if spec.verb_operations.get(verb) == name else name
            kind = MessageKind.EVENT if event else MessageKind.REQUEST
            return _message(spec, kind, verb, header, report, options, operation, [document])
        if name in spec.responses:
            _, _, document, _ = _read(spec, body, spec.responses[name], header, report)
            operation = None if name == spec.default_response else name
            return _message(
                spec,
                MessageKind.RESPONSE,
                Verb.REPLY,
                header,
                report,
                options,
                operation,
                [document],
                reply=Reply(ReplyResult.OK),
            )
        if name in spec.queries:
            return _query_to_cim(spec, body, header, report, options)
        operation = name.removesuffix("Response")
        reply = error_response_reply(body, report)
        kept = None if operation == spec.acknowledged else operation
        return _message(
            spec, MessageKind.RESPONSE, Verb.REPLY, header, report, options, kept, [], reply=reply
        )

    return translate


def _query_to_cim(
    spec: ObjectMessages,
    body: etree._Element,
    header: MultiSpeakMsgHeader,
    report: GapReport,
    options: TranslateOptions,
) -> Message:
    name = ns.local_name(body.tag)
    query = spec.queries[name]
    call: Any = msp_binding.read(body, query.cls)
    _unread(body, query.cls, report, spec.profile)
    request = Request()
    for field, (id_type, object_type) in query.ids.items():
        value = getattr(call, field)
        if value is not None:
            request.ids.append(ObjectID(str(value), "name", id_type, object_type=object_type))
            _report_attributes(value, f"/{name}/{xml_name(query.cls, field)}", report, spec.profile)
    for field in query.options:
        value = getattr(call, field)
        if value is not None:
            request.options.append(RequestOption(xml_name(query.cls, field), str(value)))
    operation = None if _query_for(spec, request) == name else name
    return _message(
        spec, MessageKind.REQUEST, Verb.GET, header, report, options, operation, [], request=request
    )


def _report_attributes(value: object, path: str, report: GapReport, profile: str) -> None:
    """A query parameter with attributes (a meterID) is named by its text only: report the rest."""
    if not dataclasses.is_dataclass(value):
        return
    for plan in plan_of(type(value)):
        if plan.kind == "attribute" and (found := getattr(value, plan.name)) is not None:
            reason = "Request/ID names the object by its text only"
            report.add(f"{path}/@{plan.xml}", found, GapKind.LOST, reason, None, profile)


def _query_for(spec: ObjectMessages, request: Request) -> str | None:
    """The query a ``get`` request becomes: by the idType of its first ID, else the default."""
    if request.ids:
        wanted = request.ids[0].id_type
        return next(
            (n for n, q in spec.queries.items() if any(t == wanted for t, _ in q.ids.values())),
            None,
        )
    return spec.default_query


def _header(message: Message) -> Header:
    if message.header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    return message.header


def _to_msp(
    spec: ObjectMessages,
) -> Callable[[Message, GapReport, TranslateOptions], tuple[etree._Element, MultiSpeakMsgHeader]]:
    known = {**spec.notifications, **spec.requests}

    def translate(
        message: Message, report: GapReport, options: TranslateOptions
    ) -> tuple[etree._Element, MultiSpeakMsgHeader]:
        header = _header(message)
        msp_header = header_to_msp(header, report)
        currency = msp_header.default_currency_code
        if message.kind is MessageKind.REQUEST and header.verb is Verb.GET:
            return _query_to_msp(spec, message.request or Request(), header, report), msp_header
        if message.kind is MessageKind.RESPONSE:
            documents = message.payload
            if not documents:
                name = operation_of(header, spec.acknowledged, known, report)
                errors = error_objects_from_reply(message.reply or Reply(ReplyResult.OK), report)
                return build_array_of_error_object_response(name, errors), msp_header
            name = operation_of(header, spec.default_response, spec.responses, report)
            document = payload_document(message, spec.noun, spec.empty)
            objects = spec.to_msp(document, report, f"/{spec.noun}", currency)
            return _body(spec, spec.responses[name], name, objects, report), msp_header
        name = operation_of(header, spec.verb_operations.get(header.verb), known, report)
        document = payload_document(message, spec.noun, spec.empty)
        objects = spec.to_msp(document, report, f"/{spec.noun}", currency)
        if name in spec.notifications:
            action = VERB_ACTIONS.get(header.verb)
            for item in objects:
                item.verb = action
        return _body(spec, known[name][0], name, objects, report), msp_header

    return translate


def _body(
    spec: ObjectMessages, cls: type, name: str, objects: list[Any], report: GapReport
) -> etree._Element:
    field, _, _ = objects_field(cls)
    declared = next(item for item in dataclasses.fields(cls) if item.name == field)
    if "item" not in declared.metadata:
        for index in range(2, len(objects) + 1):
            path = f"/{spec.noun}/*[{index}]"
            report.add(
                path, "(object)", GapKind.LOST, f"{name} holds one object", None, spec.profile
            )
        call = cls(**{field: objects[0] if objects else None})
    else:
        call = cls(**{field: objects})
    return msp_binding.write(call, name)


def _query_to_msp(
    spec: ObjectMessages, request: Request, header: Header, report: GapReport
) -> etree._Element:
    default = _query_for(spec, request)
    name = operation_of(header, default, spec.queries, report)
    query = spec.queries[name]
    values: dict[str, Any] = {}
    for index, found in enumerate(request.ids, start=1):
        field = next(
            (f for f, (t, _) in query.ids.items() if t == found.id_type and f not in values), None
        )
        if field is None:
            reason = f"{name} has no such parameter"
            report.add(
                f"/Request/ID[{index}]", found.value, GapKind.LOST, reason, None, spec.profile
            )
            continue
        kind = next(plan.type for plan in plan_of(query.cls) if plan.name == field)
        build: Callable[..., Any] = kind
        values[field] = build(value=found.value) if kind is not str else found.value
    for index, option in enumerate(request.options, start=1):
        field = next((f for f in query.options if xml_name(query.cls, f) == option.name), None)
        if field is None or option.value is None:
            label = f"{option.name}={option.value}"
            reason = f"{name} has no such parameter"
            report.add(f"/Request/Option[{index}]", label, GapKind.LOST, reason, None, spec.profile)
            continue
        values[field] = option.value
    return msp_binding.write(query.cls(**values), name)


def register(spec: ObjectMessages) -> ObjectMessages:
    """Install the message translations of ``spec`` both ways (``routes``); ``spec`` back."""
    acting = [name for name in (*spec.notifications, *spec.requests) if name not in spec.borrowed]
    names = [*acting, *spec.queries, *spec.responses, *(f"{name}Response" for name in acting)]
    msp_route(*names)(_to_cim(spec))
    to_msp = _to_msp(spec)
    cim_route(spec.noun, MessageKind.EVENT, MessageKind.REQUEST, MessageKind.RESPONSE)(to_msp)
    return spec
