"""``mspcim mappings`` and ``mspcim profiles``: the mapping catalogue and the profiles' XSDs.

Everything is built over the registries (``harmonize.catalogue.PROFILES`` and the CIM payload
codecs), never over a named profile. ``profiles xsd`` emits what the project declares: the CIM
profile's ``declared_schema`` (an official schema is named, never copied) and the MultiSpeak 4.1
equivalent bound from the MultiSpeak dataclasses; what cannot be bound is said, not guessed.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from lxml import etree

from mspcim import ns
from mspcim.binding import Binding, FieldPlan, plan_of
from mspcim.cim.catalogue import registered
from mspcim.cim.payloads import Edition
from mspcim.harmonize.catalogue import PROFILES, Profile
from mspcim.harmonize.catalogue import profile as find_profile
from mspcim.harmonize.mapping_tables import SCOPE, codec_of, msp_object_name, slug, tables_of
from mspcim.harmonize.render import Format, columns, documents, render
from mspcim.harmonize.rules import Nest

__all__ = ["Side", "SideSchema", "bindable", "cim_schema", "msp_schema", "register"]

ENVELOPE_SCHEMA = "iec61968-100/Message.xsd"
"""The official schema of the IEC 61968-100 envelope (Header, Request, Reply)."""

_SIMPLE = (str, int, Decimal, float, bool, datetime, date)
_XS = f"{{{ns.XS}}}"
_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")

profiles_app = typer.Typer(
    help="The CIM profiles the project reads and writes, and the XSDs it declares.",
    no_args_is_help=True,
)


class Side(StrEnum):
    """Which side's schema ``profiles xsd`` emits."""

    CIM = "cim"
    MSP41 = "msp41"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class SideSchema:
    """The XSD of one side of a profile, or why there is none."""

    side: str
    file_name: str
    schema: etree._Element | None
    notes: tuple[str, ...]
    satisfied: bool
    """True when the side is described: emitted here, or by a named official schema."""


def _stderr(text: str) -> None:
    sys.stderr.write(text + "\n")


def _fail(message: str, code: int = 2) -> typer.Exit:
    _stderr(f"error: {' '.join(message.split())}")
    return typer.Exit(code)


# --- the MultiSpeak side: dataclasses as Binding can emit them


_VIEWS: dict[tuple[type[Any], str], tuple[type[Any] | None, tuple[str, ...]]] = {}
_SHAPES: dict[tuple[type[Any], tuple[tuple[str, str, Any], ...]], type[Any]] = {}
"""One view per class and field layout, so a class used under several names is one type."""


def bindable(cls: type[Any], element: str) -> tuple[type[Any] | None, tuple[str, ...]]:
    """(``cls`` as ``Binding`` can describe it, problems) for element ``element`` of type ``cls``.

    MultiSpeak dataclasses name fields relative to their parent: the element's own name is its
    text, ``<element>/@a`` one of its attributes; ``@*`` is any attribute; metadata ``item``
    names the items of a wrapped list. Those are understood; any other path, or a type with no
    XSD counterpart, is a problem and no class is returned.
    """
    found = _VIEWS.get((cls, element))
    if found is None:
        _VIEWS[(cls, element)] = (None, (f"{cls.__name__}: a type that contains itself",))
        found = _VIEWS[(cls, element)] = _view(cls, element)
    return found


def _view(cls: type[Any], element: str) -> tuple[type[Any] | None, tuple[str, ...]]:
    problems: list[str] = []
    hints = typing.get_type_hints(cls)
    plans = {plan.name: plan for plan in plan_of(cls)}
    specs: list[tuple[str, Any, Any]] = []
    for item in dataclasses.fields(cls):
        if "xml" not in item.metadata:
            continue
        name = str(item.metadata["xml"])
        if name == element:
            name = "."
        elif name.startswith(f"{element}/@"):
            name = name[len(element) + 1 :]
        if name == "@*":
            continue
        where = f"{cls.__name__}.{item.name}"
        if name != "." and not _NCNAME.fullmatch(name.removeprefix("@")):
            problems.append(f"{where}: XML name {name!r} is a path, not one element or attribute")
            continue
        plan = plans[item.name]
        annotation: Any = hints[item.name]
        if dataclasses.is_dataclass(plan.type):
            inner, found = bindable(plan.type, str(item.metadata.get("item", name)))
            problems += found
            annotation = _annotation(inner, plan)
        elif not (plan.xsd_type or plan.type in _SIMPLE or _is_enum(plan.type)):
            problems.append(f"{where}: type {plan.type!r} has no XML Schema counterpart")
            continue
        metadata = {**item.metadata, "xml": name}
        default: Any = dataclasses.field(metadata=metadata)
        if item.default is not dataclasses.MISSING:
            default = dataclasses.field(default=item.default, metadata=metadata)
        elif item.default_factory is not dataclasses.MISSING:
            default = dataclasses.field(default_factory=item.default_factory, metadata=metadata)
        specs.append((item.name, annotation, default))
    names = [str(spec[2].metadata["xml"]) for spec in specs]
    if "." in names and any(not name.startswith(("@", ".")) for name in names):
        problems.append(f"{cls.__name__}: text content mixed with child elements")
    if problems:
        return None, tuple(dict.fromkeys(problems))
    shape = (cls, tuple((name, str(spec.metadata["xml"]), kind) for name, kind, spec in specs))
    view = _SHAPES.get(shape)
    if view is None:
        view = _SHAPES[shape] = dataclasses.make_dataclass(
            cls.__name__,
            specs,
            namespace={"__doc__": cls.__doc__, "__module__": cls.__module__},
            kw_only=True,
        )
    return view, ()


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, Enum)


def _annotation(inner: type[Any] | None, plan: FieldPlan) -> Any:
    """The annotation of a field now typed ``inner`` (repeated, optional as before)."""
    if plan.repeated:
        return list[inner]  # type: ignore[valid-type]
    return inner if plan.required else typing.Optional[inner]  # noqa: UP045


def _reachable(cls: type[Any]) -> list[type[Any]]:
    """``cls`` and every dataclass its fields hold, once each."""
    found: list[type[Any]] = []
    pending = [cls]
    while pending:
        item = pending.pop(0)
        if item not in found:
            found.append(item)
            pending += [plan.type for plan in plan_of(item) if dataclasses.is_dataclass(plan.type)]
    return found


def _wrappers(cls: type[Any]) -> dict[str, str]:
    """Wrapper element → item element of ``cls``'s wrapped lists (metadata ``item``)."""
    return {
        str(item.metadata["xml"]): str(item.metadata["item"])
        for item in dataclasses.fields(cls)
        if "item" in item.metadata
    }


def _finish(schema: etree._Element, root: type[Any]) -> None:
    """Add what ``Binding.xsd`` leaves out: ``xs:anyAttribute`` for ``@*``, list wrappers."""
    types = {item.get("name"): item for item in schema.iterchildren(f"{_XS}complexType")}
    for cls in _reachable(root):
        complex_type = types.get(cls.__name__)
        if complex_type is None:
            continue
        for wrapper, item in _wrappers(cls).items():
            _wrap(complex_type.find(f"{_XS}sequence/{_XS}element[@name='{wrapper}']"), item)
        if any(plan.xml == "*" and plan.kind == "attribute" for plan in plan_of(cls)):
            holder = complex_type.find(f"{_XS}simpleContent/{_XS}extension")
            etree.SubElement(
                complex_type if holder is None else holder,
                f"{_XS}anyAttribute",
                namespace="##other",
                processContents="lax",
            )


def _wrap(element: etree._Element | None, item: str) -> None:
    """Turn repeated ``element`` into one optional wrapper of repeated ``item`` elements."""
    if element is None:
        return
    inner = etree.Element(f"{_XS}element", name=item, minOccurs="0", maxOccurs="unbounded")
    if element.get("type"):
        inner.set("type", str(element.attrib.pop("type")))
    inner.extend(list(element))
    if "maxOccurs" in element.attrib:
        del element.attrib["maxOccurs"]
    element.set("minOccurs", "0")
    holder = etree.SubElement(etree.SubElement(element, f"{_XS}complexType"), f"{_XS}sequence")
    holder.append(inner)


def _merge(schema: etree._Element, other: etree._Element) -> None:
    """Add ``other``'s global declarations that ``schema`` does not have yet."""
    present = {(child.tag, child.get("name")) for child in schema}
    for child in other:
        if child.get("name") and (child.tag, child.get("name")) not in present:
            schema.append(child)


def msp_schema(profile: Profile) -> SideSchema:
    """The MultiSpeak 4.1 XSD the project's MultiSpeak dataclasses of ``profile`` declare."""
    tables = tables_of(profile)
    nested = {id(rule.table) for table in tables for rule in table.rules if isinstance(rule, Nest)}
    file_name = f"{slug(profile.name)}.msp41.xsd"
    schema: etree._Element | None = None
    problems: list[str] = []
    for table in (table for table in tables if id(table) not in nested):
        root = msp_object_name(table)
        view, found = bindable(table.msp_class, root)
        if view is None:
            problems.append(f"{root} ({table.msp_class.__name__}) is not fully bindable:")
            problems += [f"  {problem}" for problem in found]
            continue
        try:
            part = Binding(ns.MSP41).xsd(
                view,
                root,
                f"MultiSpeak 4.1 {root} as mspcim declares it for IEC TS 61968-14 "
                f"{table.clause} {profile.name}",
            )
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{root} ({table.msp_class.__name__}) cannot be described: {exc}")
            continue
        _finish(part, table.msp_class)
        if schema is None:
            schema = part
        else:
            _merge(schema, part)
    broken = _compile_error(schema)
    if broken:
        problems.append(f"the declared schema does not compile: {broken}")
    if problems:
        notes = ("no MultiSpeak 4.1 XSD emitted:", *problems)
        return SideSchema("msp41", file_name, None, notes, False)
    return SideSchema("msp41", file_name, schema, ("declared by mspcim",), True)


def _compile_error(schema: etree._Element | None) -> str:
    """Why lxml cannot compile ``schema`` ('' when it can): a broken declaration stops here."""
    try:
        if schema is not None:
            etree.XMLSchema(schema)
    except etree.XMLSchemaParseError as exc:
        return str(exc)
    return ""


def cim_schema(profile: Profile, edition: Edition) -> SideSchema:
    """The CIM profile's XSD as the project declares it, or the official schema that applies."""
    file_name = f"{slug(profile.name)}.cim{edition.value}.xsd"
    if profile.noun is None:
        note = (
            f"{profile.name} has no CIM noun: its CIM side is the IEC 61968-100 envelope, "
            f"official schema {ENVELOPE_SCHEMA} (not copied; read it from your schema folder)"
        )
        return SideSchema("cim", file_name, None, (note,), True)
    codec = codec_of(profile.noun, edition)
    if codec is None:
        note = f"no {edition.label} payload codec for {profile.noun} is registered"
        return SideSchema("cim", file_name, None, (note,), False)
    notes = []
    if codec.official_schema:
        notes.append(
            f"official schema for {edition.label} {profile.noun}: {codec.official_schema} "
            "(not copied; read it from your schema folder)"
        )
    if codec.declared_schema is None:
        if not notes:
            notes.append(f"the {edition.label} {profile.noun} codec declares no schema")
        return SideSchema("cim", file_name, None, tuple(notes), bool(codec.official_schema))
    schema = codec.declared_schema()
    broken = _compile_error(schema)
    if broken:
        notes.append(f"the declared {edition.label} schema does not compile: {broken}")
        return SideSchema("cim", file_name, None, tuple(notes), False)
    notes.append(f"{edition.label} {profile.noun} as declared by mspcim")
    return SideSchema("cim", file_name, schema, tuple(notes), True)


# --- commands

EditionOption = Annotated[
    Edition, typer.Option("--edition", help="IEC 61968-9 edition whose CIM names are shown.")
]


def _profile(name: str) -> Profile:
    """The registered profile ``name``; exits with a clear line when it is unknown or unmapped."""
    try:
        return find_profile(name)
    except KeyError as exc:
        if name.lower() in (item.lower() for item in SCOPE):
            raise _fail(
                f"{name} is in the scope of IEC TS 61968-14 but not yet mapped", 1
            ) from None
        raise _fail(str(exc.args[0])) from None


def mappings(
    profile_name: Annotated[
        str | None,
        typer.Argument(metavar="[PROFILE]", help="A profile; none: all, with a summary."),
    ] = None,
    edition: EditionOption = Edition.CIM2013,
    form: Annotated[
        Format, typer.Option("--format", help="text, md (Markdown), csv or json.")
    ] = Format.TEXT,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write one file per profile (and the index) to DIR."),
    ] = None,
    pair: Annotated[
        str | None,
        typer.Option("--pair", help="Two of msp41, msp50, cim2009, cim2013 as A:B: their tables."),
    ] = None,
    msp: Annotated[
        str, typer.Option("--msp", help="MultiSpeak version of the tables: 4.1 or 5.0.")
    ] = "4.1",
) -> None:
    """Show IEC TS 61968-14 mappings: correlations, transformations and gaps per profile."""
    if pair is not None or msp != "4.1":
        from mspcim.console.pairs_cli import other_mappings

        if output is not None:
            raise _fail("--output writes the 4.1 catalogue; use stdout with --pair or --msp")
        sys.stdout.write(other_mappings(pair, msp, profile_name, edition, form))
        return
    chosen = None if profile_name is None else [_profile(profile_name)]
    if output is None:
        sys.stdout.write(render(chosen, edition, form))
        return
    files = documents(form, edition)
    if chosen is not None:
        stem = slug(chosen[0].name) + "."
        files = {name: text for name, text in files.items() if name.startswith(stem)}
    try:
        output.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (output / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot write to {output}: {exc.strerror}") from None
    print(f"wrote {len(files)} files to {output}")


@profiles_app.command("list")
def profiles_list() -> None:
    """List CIM nouns × editions: official schema, declared by mspcim, or none."""
    codecs = {(codec.noun, codec.edition): codec for codec in registered()}
    nouns = sorted({noun for noun, _ in codecs} | {p.noun for p in PROFILES if p.noun})
    rows = [("CIM noun", "mapping", *(edition.label for edition in Edition))]
    for noun in nouns:
        mapped = ", ".join(f"{p.name} ({p.clause})" for p in PROFILES if p.noun == noun)
        cells = []
        for edition in Edition:
            codec = codecs.get((noun, edition))
            kinds = []
            if codec is not None and codec.official_schema:
                kinds.append(f"official {codec.official_schema}")
            if codec is not None and codec.declared_schema is not None:
                kinds.append("declared")
            cells.append(" + ".join(kinds) or ("—" if codec is None else "no schema"))
        rows.append((noun, mapped or "no table", *cells))
    print("\n".join(columns(rows, "")))


@profiles_app.command("xsd")
def profiles_xsd(
    profile_name: Annotated[str, typer.Argument(metavar="PROFILE", help="A mapped profile.")],
    edition: Annotated[Edition, typer.Option("--edition", help="IEC 61968-9 edition.")],
    side: Annotated[Side, typer.Option(help="cim, msp41 or both.")] = Side.BOTH,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Directory for the XSD files [stdout].")
    ] = None,
) -> None:
    """Emit a profile's XSDs as the project declares them (CIM profile, MultiSpeak 4.1).

    Exit status 1 when a requested side has neither an emitted nor an official schema.
    """
    chosen = _profile(profile_name)
    results = []
    if side in (Side.CIM, Side.BOTH):
        results.append(cim_schema(chosen, edition))
    if side in (Side.MSP41, Side.BOTH):
        results.append(msp_schema(chosen))
    emitted = [result for result in results if result.schema is not None]
    if output is None and len(emitted) > 1:
        raise _fail(f"{len(emitted)} schemas to emit: give -o DIR, or --side cim / --side msp41")
    for result in results:
        for note in result.notes:
            _stderr(f"{result.side}: {note}")
        if result.schema is None:
            continue
        text = etree.tostring(
            result.schema, pretty_print=True, xml_declaration=True, encoding="UTF-8"
        )
        if output is None:
            sys.stdout.buffer.write(text)
            continue
        try:
            output.mkdir(parents=True, exist_ok=True)
            (output / result.file_name).write_bytes(text)
        except OSError as exc:
            raise _fail(f"cannot write to {output}: {exc.strerror}") from None
        _stderr(f"{result.side}: wrote {output / result.file_name}")
    if not all(result.satisfied for result in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``mappings`` and ``profiles`` to the ``mspcim`` command line."""
    app.command("mappings")(mappings)
    app.add_typer(profiles_app, name="profiles")
