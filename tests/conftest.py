"""Shared fixtures: the official schema set, and a helper failing a test with its schema errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from mspcim import xmlsafe
from mspcim.validation import SchemaSet, find_schema_dir

AssertSchemaValid = Callable[..., None]
"""``assert_schema_valid(element_or_bytes, **validate_options)``."""


@pytest.fixture(scope="session")
def schemas() -> SchemaSet:
    """The official schemas (``$MSPCIM_SCHEMAS`` or ``../shared/schemas``); skips when absent."""
    root = find_schema_dir()
    if root is None:
        pytest.skip(
            "official schemas not found: set MSPCIM_SCHEMAS or place them in ../shared/schemas"
        )
    return SchemaSet(root)


@pytest.fixture
def assert_schema_valid(schemas: SchemaSet) -> AssertSchemaValid:
    """A function failing the test, listing every validator error, unless the document is valid."""

    def check(document: etree._Element | bytes, **options: Any) -> None:
        element = xmlsafe.parse(document) if isinstance(document, bytes) else document
        errors = schemas.validate(element, **options)
        if errors:
            listing = "\n  ".join(errors)
            pytest.fail(f"not valid against the official schemas:\n  {listing}", pytrace=False)

    return check
