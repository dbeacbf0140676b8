"""Validate documents against the official MultiSpeak and IEC schemas of a user-given directory.

The schemas carry their owners' copyright, so mspcim never ships them: ``find_schema_dir`` finds
a copy (argument, ``$MSPCIM_SCHEMAS`` or ``../shared/schemas``) and ``SchemaSet`` validates any
element against the schema its namespace calls for. Nothing is ever fetched from the network.
"""

from __future__ import annotations

from mspcim.validation._files import find_schema_dir
from mspcim.validation._schemaset import SchemaSet, default_schema_set

__all__ = ["SchemaSet", "default_schema_set", "find_schema_dir"]
