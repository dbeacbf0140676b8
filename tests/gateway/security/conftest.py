"""Fixtures of the security tests: a credentials file, and the gateway with authentication on.

``credentials_file`` writes ``_security_support.credentials()``; ``secure`` is the in-process
gateway of ``tests/gateway`` (same store, peers and mock transport) rebuilt with it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from _security_support import credentials, rebuild

from mspcim.gateway.security.credentials import save_credentials


@pytest.fixture
def credentials_file(tmp_path: Path) -> Path:
    path = tmp_path / "credentials.toml"
    save_credentials(path, credentials())
    return path


@pytest.fixture
async def secure(gateway: Any, credentials_file: Path) -> AsyncIterator[Any]:
    """The in-process gateway with authentication on."""
    async with rebuild(gateway, credentials_file=credentials_file) as secured:
        yield secured


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Commands under test configure logging to their own stderr: undo it after each test."""
    logger = logging.getLogger("mspcim")
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    yield
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate
