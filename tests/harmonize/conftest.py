"""Fixtures of the mapping tests: the schemas that judge messages with declared profiles."""

from __future__ import annotations

import pytest
from declared_schemas import declared_schema_set

from mspcim.validation import SchemaSet


@pytest.fixture(scope="session")
def declared(schemas: SchemaSet, tmp_path_factory: pytest.TempPathFactory) -> SchemaSet:
    """The official schemas plus every profile XSD the project declares (both editions)."""
    return declared_schema_set(schemas, tmp_path_factory.mktemp("declared"))
