"""Whole MultiSpeak 5.0 messages of the profiles whose objects travel in lists, declared as data.

The clause-9 counterpart of ``object_messages`` (4.1). A v5 profile's operations are
notifications (``CustomersChangedNotification``: the operation names the action, objects carry
no ``@verb``), queries (``GetCustomersByCustomerIDs``: lists of ids) and their responses.
``ObjectMessages50`` declares which operation is which CIM verb and which query parameter is
which Request/ID or option; ``register50`` installs the translations both ways (``routes50``):

- a notification becomes an EventMessage of its verb; ``transactionID`` ⇄ CorrelationID; the
  empty ``…Response`` acknowledging it a ResponseMessage whose Reply is the header's result;
- a query becomes a ``get`` RequestMessage: each id of its lists one Request/ID (the GUID, kind
  ``uuid``; a primary identifier or meterID attribute is reported lost), scalars Options;
- a response with objects a ResponseMessage (Reply from the response header's ``result``);
- where the CIM verb alone would not give back the same operation, the Header carries it as
  ``Property[Name='MultiSpeak.operation']``;
- the v5 headers map by Table 3 for 5.0 (``header_v5``), results by ``reply_v5``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.cim.message import (
    Header,
    Message,
    MessageKind,
    MessageProperty,
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
from mspcim.harmonize.header_v5 import header_from_cim, header_to_cim
from mspcim.harmonize.meter_asset_config_messages import OPERATION_PROPERTY, operation_of
from mspcim.harmonize.object_messages import Query
from mspcim.harmonize.profile_messages import message_of, payload_document
from mspcim.harmonize.profiles.customer_identity_v5 import (
    MRID_IDENTIFIER,
    derived_guid,
    is_guid,
)
from mspcim.harmonize.reply_v5 import reply_from_result, result_from_reply
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import cim_route50, msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import ResponseHeader, V5Header
from mspcim.multispeak.v50.identity import ObjectID as MspObjectID
from mspcim.multispeak.v50.identity import ObjectRef, SingleIdentifier
from mspcim.multispeak.v50.object_deletion import ObjectDeletion, ObjectsDeletedNotification
from mspcim.multispeak.v50.result import Result

__all__ = ["ID_KIND", "ObjectMessages50", "Query50", "objects_field", "register50"]

ID_KIND: Final = "uuid"
"""Request/ID kind of the ids a v5 query names (MultiSpeakGUIDs)."""
_BY_GUID: Final = "Request/ID names the object by its GUID only"


Query50 = Query
"""A v5 query: declared as a 4.1 one (id lists as Request/IDs, scalars as Options, response)."""


@dataclass(frozen=True, slots=True)
class ObjectMessages50:
    """A profile's MultiSpeak 5.0 operations and how each is a CIM message."""

    profile: str
    noun: str
    empty: Callable[[], Any]
    to_cim: Callable[..., Any]
    """(objects, report, path, item, default_currency) → the profile document."""
    to_msp: Callable[..., list[Any]]
    """(document, report, path, default_currency) → the v5 objects."""
    notifications: Mapping[str, tuple[type, Verb]]
    """Notification → (body class, EventMessage verb)."""
    verb_operations: Mapping[Verb, str]
    """CIM event verb → the notification it becomes."""
    queries: Mapping[str, Query50] = dataclasses.field(default_factory=dict)
    responses: Mapping[str, type] = dataclasses.field(default_factory=dict)
    default_query: str | None = None
    """The query a ``get`` without Request/ID becomes."""
    acknowledged: str | None = None
    """The notification whose empty response a ResponseMessage without payload becomes."""
    borrowed: frozenset[str] = frozenset()
    """Operations written here whose v5 → CIM translation is another profile's."""
    deleted: str | None = None
    """The NOT_Server ``…DeletedNotification`` of the profile's objects (a *deleted* event)."""
    deleted_noun: str = ""
    """``objectRef/@noun`` of a deleted object (``msp:customer``)."""
    reference: Callable[[str, SingleIdentifier | None], Any] | None = None
    """(GUID, primary identifier) → the v5 object a deletion names."""

    @property
    def default_response(self) -> str | None:
        """The response of the default query (what a ResponseMessage becomes by default)."""
        return self.queries[self.default_query].response if self.default_query else None


_OWN_LISTS: Final = frozenset({"extensions_list", "error_objects"})
"""The lists every extensible v5 object has: never the objects a message carries."""


def _lists(cls: type) -> list[dataclasses.Field[Any]]:
    return [
        spec
        for spec in dataclasses.fields(cls)
        if "item" in spec.metadata and spec.name not in _OWN_LISTS
    ]


def objects_field(cls: type) -> tuple[str, str]:
    """(field, item element) of the list field of ``cls`` holding v5 objects."""
    for spec in _lists(cls):
        return spec.name, str(spec.metadata["item"])
    raise TypeError(f"{cls.__name__} holds no list of MultiSpeak objects")


def _unread(body: etree._Element, cls: type, report: GapReport, profile: str) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no mapping reads this element", None, profile)


def _header(
    header: V5Header,
    verb: Verb,
    spec: ObjectMessages50,
    report: GapReport,
    options: TranslateOptions,
    operation: str | None,
    transaction_id: str | None = None,
) -> Header:
    result = header_to_cim(header, verb.value, spec.noun, report)
    result.message_id = result.message_id or options.new_id()
    if transaction_id is not None:
        result.correlation_id = transaction_id
    if operation is not None:
        result.properties.append(MessageProperty(OPERATION_PROPERTY, operation))
    return result


def _reply(header: V5Header, requested: int | None, report: GapReport) -> Reply:
    if isinstance(header, ResponseHeader):
        return reply_from_result(header.result, requested, report)
    return Reply(ReplyResult.OK)


def _to_cim(spec: ObjectMessages50) -> Callable[..., Message]:
    def translate(
        body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
    ) -> Message:
        name = ns.local_name(body.tag)
        currency = header.default_currency_code
        if name in spec.queries:
            return _query_to_cim(spec, body, header, report, options)
        if name == spec.deleted:
            return _deletions_to_cim(spec, body, header, report, options)
        if name in spec.notifications or name in spec.responses:
            event = name in spec.notifications
            cls = spec.notifications[name][0] if event else spec.responses[name]
            call: Any = msp_binding.read(body, cls)
            _unread(body, cls, report, spec.profile)
            objects, path, item = _objects_of(cls, call, name)
            document = spec.to_cim(objects, report, path, item, currency)
            if event:
                verb = spec.notifications[name][1]
                kept = None if spec.verb_operations.get(verb) == name else name
                transaction = getattr(call, "transaction_id", None)
                cim = _header(header, verb, spec, report, options, kept, transaction)
                return message_of(
                    MessageKind.EVENT,
                    cim,
                    [document],
                    noun=spec.noun,
                    edition=options.edition,
                    form=options.form,
                )
            kept = None if name == spec.default_response else name
            cim = _header(header, Verb.REPLY, spec, report, options, kept)
            reply = _reply(header, len(objects), report)
            return message_of(
                MessageKind.RESPONSE,
                cim,
                [document],
                noun=spec.noun,
                edition=options.edition,
                form=options.form,
                reply=reply,
            )
        operation = name.removesuffix("Response")
        kept = None if operation == spec.acknowledged else operation
        cim = _header(header, Verb.REPLY, spec, report, options, kept)
        return message_of(
            MessageKind.RESPONSE,
            cim,
            [],
            noun=spec.noun,
            edition=options.edition,
            form=options.form,
            reply=_reply(header, None, report),
        )

    return translate


def _report_rest(value: object, path: str, report: GapReport, profile: str) -> None:
    """An id with more than its GUID (a primary identifier, meterID attributes): report the rest."""
    for spec in dataclasses.fields(value):  # type: ignore[arg-type]
        found = getattr(value, spec.name)
        if spec.name == "object_guid" or found is None:
            continue
        shown = found.value if isinstance(found, SingleIdentifier) else found
        where = f"{path}/{xml_name(type(value), spec.name)}"
        report.add(where, shown, GapKind.LOST, _BY_GUID, None, profile)


def _query_to_cim(
    spec: ObjectMessages50,
    body: etree._Element,
    header: V5Header,
    report: GapReport,
    options: TranslateOptions,
) -> Message:
    name = ns.local_name(body.tag)
    query = spec.queries[name]
    call: Any = msp_binding.read(body, query.cls)
    _unread(body, query.cls, report, spec.profile)
    request = Request()
    for field, (id_type, object_type) in query.ids.items():
        wrapper = xml_name(query.cls, field)
        item = str(
            next(f for f in dataclasses.fields(query.cls) if f.name == field).metadata["item"]
        )
        for index, value in enumerate(getattr(call, field), start=1):
            guid = value if isinstance(value, str) else value.object_guid
            request.ids.append(ObjectID(guid, ID_KIND, id_type, object_type=object_type))
            if not isinstance(value, str):
                _report_rest(value, f"/{name}/{wrapper}/{item}[{index}]", report, spec.profile)
    for field in query.options:
        value = getattr(call, field)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                request.options.append(RequestOption(_option_name(query.cls, field), str(item)))
    kept = None if _query_for(spec, request) == name else name
    cim = _header(header, Verb.GET, spec, report, options, kept)
    return message_of(
        MessageKind.REQUEST,
        cim,
        [],
        noun=spec.noun,
        edition=options.edition,
        form=options.form,
        request=request,
    )


def _query_for(spec: ObjectMessages50, request: Request) -> str | None:
    """The query a ``get`` becomes: by the idType of its first ID, else the default."""
    if request.ids:
        wanted = request.ids[0].id_type
        return next(
            (n for n, q in spec.queries.items() if any(t == wanted for t, _ in q.ids.values())),
            None,
        )
    return spec.default_query


def _cim_header(message: Message) -> Header:
    if message.header is None:
        raise MessageFormatError("message has no Header", xpath="/Header")
    return message.header


def _to_msp(spec: ObjectMessages50) -> Callable[..., tuple[etree._Element, V5Header]]:
    def translate(
        message: Message, report: GapReport, options: TranslateOptions
    ) -> tuple[etree._Element, V5Header]:
        header = _cim_header(message)
        release = options.release
        if message.kind is MessageKind.RESPONSE:
            reply = message.reply or Reply(ReplyResult.OK)
            result: Result = result_from_reply(reply, report)
            v5 = header_from_cim(
                header,
                report,
                response=True,
                release=release,
                result=result,
                message_id=options.new_id(),
            )
            if not message.payload:
                known = dict.fromkeys([*spec.notifications, *filter(None, [spec.deleted])])
                name = operation_of(header, spec.acknowledged, known, report)
                cls = (
                    spec.notifications[name][0]
                    if name in spec.notifications
                    else ObjectsDeletedNotification
                )
                namespace = msp_binding.namespace_of_class(cls)
                return etree.Element(ns.qname(namespace, f"{name}Response")), v5
            name = operation_of(header, spec.default_response, spec.responses, report)
            document = payload_document(message, spec.noun, spec.empty)
            objects = spec.to_msp(document, report, f"/{spec.noun}", v5.default_currency_code)
            return _body(spec.responses[name], name, objects, release), v5
        v5 = header_from_cim(header, report, release=release, message_id=options.new_id())
        if message.kind is MessageKind.REQUEST and header.verb is Verb.GET:
            return _query_to_msp(spec, message.request or Request(), header, report, release), v5
        if spec.deleted is not None and header.verb in (Verb.DELETED, Verb.DELETE):
            return _deletions_to_msp(spec, message, header, report, release), v5
        name = operation_of(
            header, spec.verb_operations.get(header.verb), spec.notifications, report
        )
        document = payload_document(message, spec.noun, spec.empty)
        objects = spec.to_msp(document, report, f"/{spec.noun}", v5.default_currency_code)
        cls = spec.notifications[name][0]
        body = _body(cls, name, objects, release, transaction_id=header.correlation_id)
        return body, v5

    return translate


def _holder(cls: type) -> tuple[str, type] | None:
    """(field, class) of the object of ``cls`` holding the list, when the list is not its own.

    MultiSpeak 5.0 puts some lists one level down (``meters/electricMeters/electricMeter``).
    """
    if _lists(cls):
        return None
    for bound in msp_binding.layout(cls):
        if dataclasses.is_dataclass(bound.type) and _lists(bound.type):
            return bound.name, bound.type
    raise TypeError(f"{cls.__name__} holds no list of MultiSpeak objects")


def _objects_of(cls: type, call: Any, name: str) -> tuple[list[Any], str, str]:
    """(objects, their path, their element) of a call or response of ``cls``."""
    holder = _holder(cls)
    if holder is None:
        field, item = objects_field(cls)
        return list(getattr(call, field)), f"/{name}/{xml_name(cls, field)}", item
    container = getattr(call, holder[0])
    field, item = objects_field(holder[1])
    objects = list(getattr(container, field)) if container is not None else []
    path = f"/{name}/{xml_name(cls, holder[0])}/{xml_name(holder[1], field)}"
    return objects, path, item


def _body(cls: type, name: str, objects: list[Any], release: str, **extra: Any) -> etree._Element:
    names = {spec.name for spec in dataclasses.fields(cls)}
    values = {key: value for key, value in extra.items() if key in names}
    holder = _holder(cls)
    if holder is None:
        field, _ = objects_field(cls)
        values[field] = objects
    else:
        field, _ = objects_field(holder[1])
        values[holder[0]] = holder[1](**{field: objects})
    return msp_binding.write(cls(**values), name, release=release)


def _query_to_msp(
    spec: ObjectMessages50, request: Request, header: Header, report: GapReport, release: str
) -> etree._Element:
    name = operation_of(header, _query_for(spec, request), spec.queries, report)
    query = spec.queries[name]
    values: dict[str, Any] = {field: [] for field in query.ids}
    kinds = {
        field: next(plan.type for plan in msp_binding.layout(query.cls) if plan.name == field)
        for field in query.ids
    }
    for index, found in enumerate(request.ids, start=1):
        field = next((f for f, (t, _) in query.ids.items() if t == found.id_type), None)
        if field is None:
            reason = f"{name} has no such parameter"
            report.add(
                f"/Request/ID[{index}]", found.value, GapKind.LOST, reason, None, spec.profile
            )
            continue
        values[field].append(_msp_id(kinds[field], found.value, index, report, spec.profile))
    for index, option in enumerate(request.options, start=1):
        field = next((f for f in query.options if _option_name(query.cls, f) == option.name), None)
        if field is None or option.value is None:
            reason = f"{name} has no such parameter"
            label = f"{option.name}={option.value}"
            report.add(f"/Request/Option[{index}]", label, GapKind.LOST, reason, None, spec.profile)
            continue
        if _is_list(query.cls, field):
            values.setdefault(field, []).append(option.value)
        else:
            values[field] = option.value
    return msp_binding.write(query.cls(**values), name, release=release)


def _option_name(cls: type, field: str) -> str:
    """The Option name of a query field: its element, or for a list its item element."""
    spec = next(item for item in dataclasses.fields(cls) if item.name == field)
    return str(spec.metadata.get("item") or spec.metadata["xml"])


def _is_list(cls: type, field: str) -> bool:
    return any(plan.repeated for plan in msp_binding.layout(cls) if plan.name == field)


def _msp_id(kind: type, value: str, index: int, report: GapReport, profile: str) -> Any:
    """A v5 id of ``kind`` for Request/ID ``value`` (a GUID derived from a value that is not)."""
    if is_guid(value):
        return kind(object_guid=value)
    reason = "not a MultiSpeakGUID: the GUID is uuid5 of it"
    report.add(f"/Request/ID[{index}]", value, GapKind.CHANGED, reason, None, profile)
    if kind is MspObjectID:
        primary = SingleIdentifier(value=value, identifier_name=MRID_IDENTIFIER)
        return MspObjectID(object_guid=derived_guid(value), primary_identifier=primary)
    return kind(object_guid=derived_guid(value))


_DELETION_ONLY: Final = "a deletion names the object only"
_IDENTIFIER_VALUE: Final = "primaryIdentifierValue"
"""``identifierName`` of the primary identifier an objectRef gives by value only."""


def _deletions_to_cim(
    spec: ObjectMessages50,
    body: etree._Element,
    header: V5Header,
    report: GapReport,
    options: TranslateOptions,
) -> Message:
    assert spec.reference is not None and spec.deleted is not None
    call = msp_binding.read(body, ObjectsDeletedNotification)
    _unread(body, ObjectsDeletedNotification, report, spec.profile)
    objects = []
    base = f"/{spec.deleted}/ArrayOfObjectDeletion/objectDeletion"
    for index, deletion in enumerate(call.deletions, start=1):
        ref = deletion.object_ref
        value = ref.primary_identifier_value
        kind = MRID_IDENTIFIER if value and derived_guid(value) == ref.object_guid else None
        primary = (
            SingleIdentifier(value=value, identifier_name=kind or _IDENTIFIER_VALUE)
            if value
            else None
        )
        objects.append(spec.reference(ref.object_guid, primary))
        for field in ("reason", "responsible_system", "time_stamp"):
            if (found := getattr(deletion, field)) is not None:
                where = f"{base}[{index}]/{xml_name(ObjectDeletion, field)}"
                reason = "the deleted event names the objects only"
                report.add(where, found, GapKind.LOST, reason, None, spec.profile)
    document = spec.to_cim(objects, report, base, "objectRef", header.default_currency_code)
    cim = _header(header, Verb.DELETED, spec, report, options, None, call.transaction_id)
    return message_of(
        MessageKind.EVENT,
        cim,
        [document],
        noun=spec.noun,
        edition=options.edition,
        form=options.form,
    )


def _deletions_to_msp(
    spec: ObjectMessages50, message: Message, header: Header, report: GapReport, release: str
) -> etree._Element:
    assert spec.reference is not None and spec.deleted is not None
    document = payload_document(message, spec.noun, spec.empty)
    objects = spec.to_msp(document, report, f"/{spec.noun}", None)
    deletions = []
    for index, item in enumerate(objects, start=1):
        primary = item.primary_identifier
        named = spec.reference(item.object_guid, primary)
        for field in dataclasses.fields(item):
            if getattr(item, field.name) != getattr(named, field.name):
                where = f"/{spec.noun}/*[{index}]/{xml_name(type(item), field.name)}"
                shown = getattr(item, field.name)
                report.add(where, shown, GapKind.LOST, _DELETION_ONLY, None, spec.profile)
        ref = ObjectRef(
            object_guid=item.object_guid,
            noun=spec.deleted_noun,
            primary_identifier_value=primary.value if primary is not None else None,
        )
        deletions.append(ObjectDeletion(object_ref=ref))
    call = ObjectsDeletedNotification(deletions=deletions, transaction_id=header.correlation_id)
    return msp_binding.write(call, spec.deleted, release=release)


def register50(spec: ObjectMessages50) -> ObjectMessages50:
    """Install the v5 message translations of ``spec`` both ways (``routes50``)."""
    acting = [name for name in spec.notifications if name not in spec.borrowed]
    if spec.deleted is not None:
        acting.append(spec.deleted)
    names = [*acting, *spec.queries, *spec.responses, *(f"{name}Response" for name in acting)]
    msp50_route(*names)(_to_cim(spec))
    to_msp = _to_msp(spec)
    cim_route50(spec.noun, MessageKind.EVENT, MessageKind.REQUEST, MessageKind.RESPONSE)(to_msp)
    return spec
