"""``mspcim mappings --msp 5.0`` and ``--pair A:B``: the tables of MultiSpeak 5.0 and of any pair.

``--msp 5.0`` renders ``PROFILES_V5`` as ``mappings`` renders the 4.1 tables. ``--pair`` names
two of msp41, msp50, cim2009, cim2013 (``cim`` is 2013): a MultiSpeak dialect against a CIM
edition is that dialect's own tables in that edition's names; 4.1 against 5.0 and 2009 against
2013 are composed through the pivot (``harmonize.pair_tables``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict

import typer

from mspcim.cim.payloads import Edition
from mspcim.harmonize.catalogue import Profile
from mspcim.harmonize.pair_tables import DIALECTS, pair_tables, pair_text, profiles_of
from mspcim.harmonize.render import Format, render

__all__ = ["other_mappings"]

_VERSIONS = {"4.1": "msp41", "5.0": "msp50"}


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(2)


def _chosen(profiles: Sequence[Profile], name: str | None, where: str) -> list[Profile]:
    if name is None:
        return list(profiles)
    found = [item for item in profiles if item.name.lower() == name.lower()]
    if not found:
        known = ", ".join(item.name for item in profiles) or "none yet"
        raise _fail(f"no {where} profile {name!r} (known: {known})")
    return found


def _rendered(dialect: str, name: str | None, edition: Edition, form: Format) -> str:
    """A MultiSpeak dialect's own tables, labelled with its version."""
    profiles = _chosen(profiles_of(dialect), name, DIALECTS[dialect])
    text = render(profiles, edition, form)
    if dialect == "msp50" and form in (Format.TEXT, Format.MARKDOWN):
        text = text.replace("MultiSpeak 4.1: ", "MultiSpeak 5.0: ")
    return text


def other_mappings(
    pair: str | None, msp: str, name: str | None, edition: Edition, form: Format
) -> str:
    """The text ``mappings`` prints for ``--pair`` or ``--msp 5.0``; typer.Exit on bad input."""
    if pair is None:
        if msp not in _VERSIONS:
            raise _fail(f"--msp must be one of {', '.join(_VERSIONS)}")
        return _rendered(_VERSIONS[msp], name, edition, form)
    left, _, right = pair.partition(":")
    try:
        tables = pair_tables(left, right)
    except ValueError as exc:
        raise _fail(f"--pair {pair}: {exc}") from None
    if tables is None:
        dialect, cim = (left, right) if left.startswith("msp") else (right, left)
        return _rendered(dialect, name, Edition(DIALECTS[cim].removeprefix("CIM ")), form)
    if name is not None:
        tables = [table for table in tables if table.profile.lower() == name.lower()]
        if not tables:
            raise _fail(f"no profile {name!r} in the {DIALECTS[left]} ⇄ {DIALECTS[right]} tables")
    if form is Format.JSON:
        return json.dumps([asdict(table) for table in tables], indent=2, ensure_ascii=False) + "\n"
    if form is not Format.TEXT:
        raise _fail("--pair renders as text or json")
    return pair_text(tables)
