"""The credentials file: roles, and who may call the gateway, with salted hashes of their secrets.

TOML, written by ``mspcim credentials`` (never holding a secret in clear text)::

    [roles]
    meter-reading = ["MR_Server:*"]
    connect-disconnect = ["CD_Server:InitiateConnectDisconnect"]
    head-end = ["cim:*"]

    [callers."CIS"]                     # MultiSpeak: the header's UserID (v5: Caller/SystemID)
    side = "multispeak"
    roles = ["meter-reading"]
    operations = []                     # patterns granted besides the roles
    scheme = "scrypt"
    n = 16384
    r = 8
    p = 1
    salt = "…"                          # base64
    hash = "…"                          # base64

An operation is ``Endpoint:Operation`` on the MultiSpeak side
(``CD_Server:InitiateConnectDisconnect``) and ``cim:Noun`` for what a CIM peer posts to
``/cim/reply``; patterns may use ``*`` and ``?``.
``PingURL`` and ``GetMethods`` need authentication but no role.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from mspcim.exceptions import ConfigurationError
from mspcim.gateway.security.hashing import SecretHash
from mspcim.multispeak.catalogue import OPERATIONS, Exchange

__all__ = [
    "CIM_PREFIX",
    "Credential",
    "Credentials",
    "Side",
    "cim_operation",
    "dump_credentials",
    "load_credentials",
    "multispeak_operation",
    "save_credentials",
]

CIM_PREFIX = "cim"
"""The 'endpoint' part of the operations of CIM peers: ``cim:<Noun>``."""

OPEN_OPERATIONS = frozenset(
    f"{op.endpoint}:{op.name}" for op in OPERATIONS if op.exchange is Exchange.LOCAL
)
"""Operations every authenticated caller may call (PingURL, GetMethods)."""

_KNOWN_OPERATIONS = tuple(f"{op.endpoint}:{op.name}" for op in OPERATIONS)


def multispeak_operation(endpoint: str, name: str) -> str:
    """The operation id of a MultiSpeak call: ``Endpoint:Operation``."""
    return f"{endpoint}:{name}"


def cim_operation(noun: str) -> str:
    """The operation id of a CIM message posted to /cim/reply: ``cim:<Noun>``."""
    return f"{CIM_PREFIX}:{noun}"


class Side(StrEnum):
    """Where a caller authenticates."""

    MULTISPEAK = "multispeak"
    """MultiSpeak header credentials (4.1 UserID/Pwd, v5 Caller SystemID/Password)."""
    CIM = "cim"
    """HTTP basic authentication on /cim/reply (with Header/User/UserID, when sent, the same)."""


@dataclass(frozen=True, slots=True)
class Credential:
    """One caller: its name, side, granted roles and operations, and its secret's hash."""

    name: str
    side: Side
    secret: SecretHash
    roles: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    """Operation patterns granted directly, besides those of the roles."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """The content of a credentials file."""

    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    callers: dict[str, Credential] = field(default_factory=dict)

    def find(self, name: str, side: Side) -> Credential | None:
        """The caller called ``name`` authenticating on ``side``."""
        found = self.callers.get(name)
        return found if found is not None and found.side is side else None

    def patterns_of(self, caller: Credential) -> tuple[str, ...]:
        """Every operation pattern granted to ``caller``."""
        granted = [pattern for role in caller.roles for pattern in self.roles.get(role, ())]
        return (*granted, *caller.operations)

    def allows(self, caller: Credential, operation: str) -> bool:
        """Whether ``caller`` may call ``operation`` (an ``Endpoint:Operation`` id)."""
        if caller.side is Side.MULTISPEAK and operation in OPEN_OPERATIONS:
            return True
        return any(fnmatchcase(operation, pattern) for pattern in self.patterns_of(caller))

    def with_caller(self, caller: Credential) -> Credentials:
        """A copy holding ``caller`` (replacing one of the same name); its roles must exist."""
        for role in caller.roles:
            if role not in self.roles:
                raise ConfigurationError(
                    f"role {role!r} is not declared (declared: {', '.join(sorted(self.roles))})"
                )
        for pattern in caller.operations:
            check_pattern(pattern, f"caller {caller.name!r}")
        return replace(self, callers={**self.callers, caller.name: caller})

    def without_caller(self, name: str) -> Credentials:
        """A copy without the caller ``name``."""
        if name not in self.callers:
            raise ConfigurationError(f"no caller called {name!r}")
        return replace(self, callers={k: v for k, v in self.callers.items() if k != name})

    def with_role(self, name: str, patterns: tuple[str, ...]) -> Credentials:
        """A copy where role ``name`` grants ``patterns``."""
        if not name.strip():
            raise ConfigurationError("a role needs a name")
        for pattern in patterns:
            check_pattern(pattern, f"role {name!r}")
        return replace(self, roles={**self.roles, name: patterns})


def check_pattern(pattern: str, where: str) -> None:
    """Refuse a pattern that is not ``Endpoint:Operation`` or matches no operation served."""
    endpoint, colon, operation = pattern.partition(":")
    if not colon or not endpoint or not operation:
        raise ConfigurationError(
            f"{where}: operation {pattern!r} must read Endpoint:Operation "
            f"(e.g. CD_Server:InitiateConnectDisconnect) or {CIM_PREFIX}:Noun"
        )
    if fnmatchcase(CIM_PREFIX, endpoint):
        return
    if not any(fnmatchcase(known, pattern) for known in _KNOWN_OPERATIONS):
        raise ConfigurationError(
            f"{where}: operation {pattern!r} names no MultiSpeak operation of the catalogue"
        )


# --- reading


def load_credentials(path: Path) -> Credentials:
    """Read and check a credentials file; ConfigurationError names the wrong entry and key."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"credentials file {path} does not exist") from None
    except OSError as exc:
        raise ConfigurationError(f"cannot read credentials file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path}: not valid TOML ({exc})") from None
    unknown = set(document) - {"roles", "callers"}
    if unknown:
        raise ConfigurationError(f"{path}: unknown tables {sorted(unknown)} (roles, callers)")
    credentials = Credentials()
    roles = _table(document.get("roles", {}), f"{path}: [roles]")
    for name, patterns in roles.items():
        where = f"{path}: role {name!r}"
        try:
            credentials = credentials.with_role(name, _strings(patterns, where))
        except ConfigurationError as exc:
            raise ConfigurationError(_within(where, exc)) from None
    callers = _table(document.get("callers", {}), f"{path}: [callers]")
    for name, entry in callers.items():
        where = f"{path}: caller {name!r}"
        try:
            credentials = credentials.with_caller(_caller(name, _table(entry, where), where))
        except ConfigurationError as exc:
            raise ConfigurationError(_within(where, exc)) from None
    return credentials


def _within(where: str, exc: ConfigurationError) -> str:
    """The error's message, prefixed with ``where`` unless it already is."""
    message = str(exc)
    return message if message.startswith(where) else f"{where}: {message}"


def _caller(name: str, entry: dict[str, Any], where: str) -> Credential:
    known = {"side", "roles", "operations", "scheme", "n", "r", "p", "salt", "hash"}
    unknown = set(entry) - known
    if unknown:
        raise ConfigurationError(f"{where}: unknown keys {sorted(unknown)}")
    try:
        side = Side(str(entry.get("side")))
    except ValueError:
        raise ConfigurationError(
            f"{where}: side must be 'multispeak' or 'cim', not {entry.get('side')!r}"
        ) from None
    return Credential(
        name=name,
        side=side,
        secret=SecretHash.from_table(entry, where),
        roles=_strings(entry.get("roles", []), f"{where}: roles"),
        operations=_strings(entry.get("operations", []), f"{where}: operations"),
    )


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigurationError(f"{where} must be a table")
    return value


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigurationError(f"{where} must be a list of strings")
    return tuple(value)


# --- writing


def _quote(text: str) -> str:
    """A TOML basic string."""
    escaped = []
    for char in text:
        if char in ('"', "\\"):
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_quote(item) for item in items) + "]"


def dump_credentials(credentials: Credentials) -> str:
    """The credentials as TOML text (hashes only, never a secret)."""
    lines = [
        "# mspcim credentials: salted scrypt hashes, never clear text.",
        "# Managed with `mspcim credentials`; comments are not kept.",
        "",
        "[roles]",
    ]
    lines += [f"{_quote(name)} = {_list(patterns)}" for name, patterns in credentials.roles.items()]
    for caller in credentials.callers.values():
        lines += [
            "",
            f"[callers.{_quote(caller.name)}]",
            f"side = {_quote(caller.side.value)}",
            f"roles = {_list(caller.roles)}",
            f"operations = {_list(caller.operations)}",
        ]
        for key, value in caller.secret.to_table().items():
            lines.append(f"{key} = {_quote(value) if isinstance(value, str) else value}")
    return "\n".join(lines) + "\n"


def save_credentials(path: Path, credentials: Credentials) -> None:
    """Write the file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".credentials-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(dump_credentials(credentials))
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
