"""Field metadata naming each dataclass attribute in its standard's XML.

Both sides' dataclasses declare ``field(metadata=xml("meterID/@objectID"))``; gap reports and
rendered mapping tables read the names back, so they speak the standards' own vocabulary.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

__all__ = ["xml", "xml_name"]


def xml(name: str) -> dict[str, str]:
    """Field metadata naming the attribute in the standard's XML."""
    return {"xml": name}


def xml_name(cls: type[Any], attribute: str) -> str:
    """The XML name of ``cls.attribute`` from its field metadata (the attribute name if none)."""
    for item in fields(cls):
        if item.name == attribute:
            return str(item.metadata.get("xml", attribute))
    raise KeyError(f"{cls.__name__} has no field {attribute!r}")
