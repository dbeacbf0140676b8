"""``mspcim credentials``: manage the gateway's credentials file (salted hashes, never secrets).

``add`` prompts for the secret (twice, not echoed) or reads one line from standard input with
``--stdin``; a secret is never taken from the command line, where other users and the shell's
history would see it. The file is rewritten atomically, readable by its owner only.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer

from mspcim.exceptions import ConfigurationError, MspcimError
from mspcim.gateway.config import load_settings
from mspcim.gateway.security.credentials import (
    Credential,
    Credentials,
    Side,
    load_credentials,
    save_credentials,
)
from mspcim.gateway.security.hashing import SecretHash

__all__ = ["credentials_app", "register"]

SHORT_SECRET = 12
"""Below this many characters a secret is accepted with a warning."""

credentials_app = typer.Typer(
    help="The gateway's credentials file: callers, roles, salted hashes (never clear text).",
    no_args_is_help=True,
)

FileOption = Annotated[
    Path | None, typer.Option("--file", "-f", help="Credentials file (TOML) to read and write.")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Gateway configuration whose credentials_file to use."),
]


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(2)


def _path(file: Path | None, config: Path | None) -> Path:
    """The credentials file: ``--file``, else the ``credentials_file`` of ``--config``."""
    if file is not None:
        return file
    if config is None:
        raise _fail("give --file PATH or --config gateway.toml (with credentials_file)")
    try:
        settings = load_settings(config)
    except MspcimError as exc:
        raise _fail(str(exc)) from None
    if settings.credentials_file is None:
        raise _fail(f"{config} sets no credentials_file")
    return settings.credentials_file


def _load(path: Path) -> Credentials:
    """The file's credentials; an empty set for a file not yet written."""
    if not path.exists():
        return Credentials()
    try:
        return load_credentials(path)
    except ConfigurationError as exc:
        raise _fail(str(exc)) from None


def _save(path: Path, credentials: Credentials) -> None:
    try:
        save_credentials(path, credentials)
    except OSError as exc:
        raise _fail(f"cannot write {path}: {exc.strerror}") from None


def _read_secret(from_stdin: bool, name: str) -> str:
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = getpass.getpass(f"Secret for {name}: ")
        if getpass.getpass("Again: ") != secret:
            raise _fail("the two entries differ; nothing written")
    if not secret:
        raise _fail("an empty secret is not accepted; nothing written")
    if len(secret) < SHORT_SECRET:
        sys.stderr.write(f"warning: a secret of fewer than {SHORT_SECRET} characters is weak\n")
    return secret


@credentials_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Caller: MultiSpeak UserID or CIM peer user name.")],
    role: Annotated[
        list[str] | None, typer.Option("--role", help="Role granted (repeatable).")
    ] = None,
    operation: Annotated[
        list[str] | None,
        typer.Option("--operation", help="Endpoint:Operation or cim:Noun granted (repeatable)."),
    ] = None,
    side: Annotated[
        Side, typer.Option(help="multispeak (header UserID/Pwd) or cim (HTTP basic).")
    ] = Side.MULTISPEAK,
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the secret from one line of standard input.")
    ] = False,
    replace: Annotated[bool, typer.Option(help="Replace a caller of the same name.")] = False,
    file: FileOption = None,
    config: ConfigOption = None,
) -> None:
    """Add a caller: prompts for its secret and stores only a salted scrypt hash."""
    path = _path(file, config)
    credentials = _load(path)
    if name in credentials.callers and not replace:
        raise _fail(f"{path} already has a caller {name!r}; use --replace to change it")
    if not name.strip():
        raise _fail("a caller needs a name")
    caller = Credential(
        name=name,
        side=side,
        secret=SecretHash.of(_read_secret(stdin, name)),
        roles=tuple(role or ()),
        operations=tuple(operation or ()),
    )
    try:
        credentials = credentials.with_caller(caller)
    except ConfigurationError as exc:
        raise _fail(str(exc)) from None
    _save(path, credentials)
    granted = ", ".join((*caller.roles, *caller.operations)) or "nothing beyond PingURL/GetMethods"
    print(f"{name} ({side.value}) written to {path}; granted: {granted}")


@credentials_app.command("role")
def role(
    name: Annotated[str, typer.Argument(help="Role name.")],
    operation: Annotated[
        list[str],
        typer.Option("--operation", help="Endpoint:Operation or cim:Noun pattern (repeatable)."),
    ],
    file: FileOption = None,
    config: ConfigOption = None,
) -> None:
    """Declare a role (or redefine it): the operations it grants."""
    path = _path(file, config)
    try:
        credentials = _load(path).with_role(name, tuple(operation))
    except ConfigurationError as exc:
        raise _fail(str(exc)) from None
    _save(path, credentials)
    print(f"role {name} written to {path}: {', '.join(operation)}")


@credentials_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="Caller to remove.")],
    file: FileOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove a caller."""
    path = _path(file, config)
    try:
        credentials = _load(path).without_caller(name)
    except ConfigurationError as exc:
        raise _fail(str(exc)) from None
    _save(path, credentials)
    print(f"{name} removed from {path}")


@credentials_app.command("list")
def list_callers(file: FileOption = None, config: ConfigOption = None) -> None:
    """List roles and callers (names, sides, grants; never hashes)."""
    path = _path(file, config)
    credentials = _load(path)
    for name, patterns in credentials.roles.items():
        print(f"role   {name}: {', '.join(patterns)}")
    for caller in credentials.callers.values():
        granted = ", ".join((*caller.roles, *caller.operations)) or "-"
        print(f"caller {caller.name} ({caller.side.value}): {granted}")


def register(app: typer.Typer) -> None:
    """Add ``credentials`` to the ``mspcim`` command line."""
    app.add_typer(credentials_app, name="credentials")
