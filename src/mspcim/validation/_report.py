"""Error lines as people read them: ``line N: /Envelope/Body/.../value: what is wrong``.

libxml2 reports paths relative to the validated element and writes elements of a default
namespace as ``*``; ``schema_errors`` maps them back onto the document and spells every step by
its local name, so the same path shows whether the error came from an XSD or from code.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from mspcim.ns import local_name

__all__ = ["MAX_LINES", "element_path", "located", "schema_errors"]

_LONG_SET = re.compile(r"\{('[^']*'(?:, '[^']*')*)\}")
_SET_LIMIT = 160
_SET_SHOWN = 8
MAX_LINES = 1000
"""Errors formatted per validation; a pathological document cannot make formatting quadratic."""


def element_path(element: etree._Element) -> str:
    """``/Envelope/Body/X/Y[2]``: local names from the root, indexed among same-named siblings."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        step = local_name(node.tag)
        if parent is not None:
            tag = str(node.tag)
            before = sum(1 for _ in node.itersiblings(tag, preceding=True))
            if before or next(node.itersiblings(tag), None) is not None:
                step += f"[{before + 1}]"
        steps.append(step)
        node = parent
    return "/" + "/".join(reversed(steps))


def located(element: etree._Element, message: str) -> str:
    """``message`` prefixed with the element's source line (when known) and path."""
    line = element.sourceline
    where = element_path(element)
    return f"line {line}: {where}: {message}" if line else f"{where}: {message}"


def _shorten_sets(message: str) -> str:
    """Abbreviate the enumeration sets libxml2 spells in full (MultiSpeak ``uom`` has 183)."""

    def shorten(match: re.Match[str]) -> str:
        body = match.group(1)
        if len(body) <= _SET_LIMIT:
            return match.group(0)
        values = body.split(", ")
        return "{" + ", ".join(values[:_SET_SHOWN]) + f", … ({len(values)} values)}}"

    return _LONG_SET.sub(shorten, message)


def _follow(start: etree._Element, path: str) -> tuple[etree._Element | None, str]:
    """Walk a libxml2 node path from ``start`` (its first step); return element and any @attr."""
    steps = [step for step in path.split("/") if step]
    node = start
    for step in steps[1:]:
        if step.startswith("@"):
            return node, step
        name, _, index = step.partition("[")
        position = int(index.rstrip("]")) if index else 1
        prefix, _, local = name.rpartition(":")
        if name == "*":
            candidates = node.iterchildren(etree.Element)
        else:
            same_name = node.iterchildren("{*}" + local)
            candidates = (child for child in same_name if (child.prefix or "") == prefix)
        found = next(islice(candidates, position - 1, None), None)
        if found is None:
            return None, ""
        node = found
    return node, ""


def schema_errors(log: etree._ListErrorLog, validated: etree._Element) -> list[str]:
    """Format the errors of one XSD validation of ``validated`` (an element of some document)."""
    errors = list(log)
    lines: list[str] = []
    for error in errors[:MAX_LINES]:
        message = _shorten_sets(error.message.strip())
        node, attribute = _follow(validated, error.path or "")
        if node is None:
            where = f"{element_path(validated)} ({error.path})"
        else:
            where = element_path(node) + ("/" + attribute if attribute else "")
        line = error.line or (node.sourceline if node is not None else None)
        lines.append(f"line {line}: {where}: {message}" if line else f"{where}: {message}")
    if len(errors) > MAX_LINES:
        lines.append(f"{element_path(validated)}: ... and {len(errors) - MAX_LINES} more errors")
    return lines
