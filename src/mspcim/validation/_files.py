"""Where the official schemas and the derived cache live, and how schema files are read.

The official schemas are never copied into the repository: they are read from a directory the
user names, and anything derived from them (extracted WSDL schemas, wrapper schemas) is written
to a cache directory outside the repository. Loading never touches the network.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs
from lxml import etree

__all__ = [
    "ENV_VAR",
    "cache_root",
    "digest",
    "find_schema_dir",
    "read_xml",
    "target_namespace",
    "write_atomic",
]

ENV_VAR = "MSPCIM_SCHEMAS"
"""Environment variable naming the directory that holds the official schemas."""

_RELATIVE_DEFAULT = Path("..", "shared", "schemas")
_CACHE_FORMAT = "1"
"""Bumped whenever the derived files change shape, so stale caches are never reused."""


def _repo_root() -> Path | None:
    """The nearest ancestor of this file holding ``pyproject.toml`` (None once installed)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return None


def find_schema_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The official schema directory: ``explicit``, else ``$MSPCIM_SCHEMAS``, else a default.

    The default is ``../shared/schemas`` seen from the repository root, then from the current
    directory. A named directory (argument or variable) that does not exist gives None rather than
    a silent fallback, so a typo never validates against some other copy.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        return path.resolve() if path.is_dir() else None
    named = os.environ.get(ENV_VAR)
    if named:
        path = Path(named).expanduser()
        return path.resolve() if path.is_dir() else None
    candidates = [Path.cwd() / _RELATIVE_DEFAULT]
    root = _repo_root()
    if root is not None:
        candidates.insert(0, root / _RELATIVE_DEFAULT)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return None


def cache_root(explicit: Path | None = None) -> Path:
    """A writable directory for derived schema files: ``explicit``, user cache, or temp."""
    options = [explicit] if explicit is not None else []
    options.append(Path(platformdirs.user_cache_dir("mspcim")) / "schemas")
    for option in options:
        try:
            option.mkdir(parents=True, exist_ok=True)
            probe = tempfile.NamedTemporaryFile(dir=option, prefix=".probe-")  # noqa: SIM115
            probe.close()
        except OSError:
            continue
        return option
    return Path(tempfile.mkdtemp(prefix="mspcim-schemas-"))


def digest(*parts: bytes | str) -> str:
    """A short stable hash of ``parts`` (file contents, paths), used to name derived files."""
    hasher = hashlib.sha256(_CACHE_FORMAT.encode())
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename (safe across processes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _NoNetwork(etree.Resolver):
    """Resolver answering every non-file URL with a non-schema document, so nothing is fetched."""

    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        """Refuse ``http:``, ``https:``, ``ftp:`` and other remote URLs; let files through."""
        if "://" in system_url and not system_url.startswith("file:"):
            return self.resolve_string("<network-access-disabled/>", context, base_url=None)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        no_network=True, resolve_entities=False, load_dtd=False, remove_comments=True
    )
    parser.resolvers.add(_NoNetwork())
    return parser


def read_xml(path: Path) -> etree._ElementTree:
    """Parse a schema or WSDL file with network access and entity expansion disabled."""
    return etree.parse(str(path), _parser())


def target_namespace(path: Path) -> str | None:
    """The ``targetNamespace`` of the schema in ``path`` (None if absent); reads its start only."""
    with path.open("rb") as handle:
        for _event, element in etree.iterparse(
            handle, events=("start",), no_network=True, resolve_entities=False, load_dtd=False
        ):
            value = element.get("targetNamespace")
            return None if value is None else str(value)
    return None
