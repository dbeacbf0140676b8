"""Gateway settings: one typed dataclass, loadable from a TOML file and overridable by options.

Every field has a default that runs on one machine with no external service; ``load_settings``
validates a file and says exactly which key is wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from mspcim.cim.message import EnvelopeForm
from mspcim.exceptions import ConfigurationError

__all__ = ["GatewaySettings", "RetryPolicy", "default_db_path", "load_settings"]


def default_db_path() -> Path:
    """The message store's default location, under the user's data directory."""
    return Path(user_data_dir("mspcim", appauthor=False)) / "gateway.db"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How outbound messages are retried: exponential backoff, then the dead letter state."""

    attempts: int = 5
    """Attempts before a message is given up (dead letter)."""
    initial_delay: float = 0.5
    """Seconds before the first retry."""
    max_delay: float = 30.0
    """Ceiling of the backoff, in seconds."""
    multiplier: float = 2.0
    """Backoff growth per attempt."""

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        return float(min(self.max_delay, self.initial_delay * self.multiplier ** (attempt - 1)))


@dataclass(frozen=True, slots=True)
class GatewaySettings:
    """Everything the gateway needs to run."""

    host: str = "127.0.0.1"
    """Interface to listen on."""
    port: int = 8080
    """TCP port to listen on."""
    cim_endpoint: str = "http://127.0.0.1:8081/"
    """URL of the CIM system (61968-100 over SOAP) that answers get MeterReadings."""
    cim_form: EnvelopeForm = EnvelopeForm.IEC61968_100
    """Envelope form the CIM system expects: 61968-100 or the 61968-9 noun wrappers."""
    public_url: str | None = None
    """Base URL under which peers reach the gateway (for ReplyAddress); default from host:port."""
    db_path: Path = field(default_factory=default_db_path)
    """SQLite message store (correlation state, outbox, trace)."""
    request_timeout: float = 10.0
    """Seconds to wait for any outbound HTTP call."""
    default_expiry: float = 3600.0
    """Seconds a read request waits for its reply when the caller gives no expTime."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    """Outbound delivery policy."""
    poll_interval: float = 0.2
    """Seconds between outbox scans when nothing wakes the delivery worker."""
    max_meters_per_request: int = 10_000
    """Most meterIDs accepted in one InitiateMeterReadingsByMeterID."""
    app_name: str = "mspcim"
    """AppName the gateway writes in the MultiSpeak headers it originates."""
    meter_event_url: str | None = None
    """MultiSpeak server (OA, MDM or CB) that receives MeterEventNotification for CIM events."""

    @property
    def base_url(self) -> str:
        """The public base URL, without a trailing slash."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def reply_address(self) -> str:
        """Where the CIM side sends asynchronous replies."""
        return f"{self.base_url}/cim/reply"

    def validate(self) -> GatewaySettings:
        """Return self, or raise ConfigurationError naming the wrong setting."""
        if not 0 < self.port < 65536:
            raise ConfigurationError(f"port must be 1-65535, not {self.port}")
        for name in ("cim_endpoint", "public_url", "meter_event_url"):
            value = getattr(self, name)
            if value is None:
                continue
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigurationError(f"{name} must be an http(s) URL, not {value!r}")
        if self.request_timeout <= 0 or self.default_expiry <= 0 or self.poll_interval <= 0:
            raise ConfigurationError(
                "request_timeout, default_expiry and poll_interval must be > 0"
            )
        if self.retry.attempts < 1:
            raise ConfigurationError("retry.attempts must be at least 1")
        return self


_CONVERTERS: dict[str, Any] = {
    "db_path": Path,
    "cim_form": EnvelopeForm,
}

_NUMBER = (int, float)
_TYPES: dict[str, type | tuple[type, ...]] = {
    "host": str,
    "port": int,
    "cim_endpoint": str,
    "cim_form": str,
    "public_url": str,
    "db_path": str,
    "request_timeout": _NUMBER,
    "default_expiry": _NUMBER,
    "poll_interval": _NUMBER,
    "max_meters_per_request": int,
    "app_name": str,
    "meter_event_url": str,
}
"""TOML value types of the ``[gateway]`` settings (``retry`` is a table)."""

_RETRY_TYPES: dict[str, type | tuple[type, ...]] = {
    "attempts": int,
    "initial_delay": _NUMBER,
    "max_delay": _NUMBER,
    "multiplier": _NUMBER,
}


def _check_type(where: str, key: str, value: Any, expected: type | tuple[type, ...]) -> None:
    if isinstance(value, bool) or not isinstance(value, expected):
        names = " or ".join(
            t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,))
        )
        raise ConfigurationError(f"{where}: {key} must be {names}, not {value!r}")


def load_settings(path: Path | None = None, **overrides: Any) -> GatewaySettings:
    """Settings from an optional TOML file (``[gateway]`` table), then non-None ``overrides``."""
    values: dict[str, Any] = {}
    if path is not None:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigurationError(f"configuration file {path} does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(f"{path}: not valid TOML ({exc})") from None
        table = document.get("gateway", document)
        if not isinstance(table, dict):
            raise ConfigurationError(f"{path}: [gateway] must be a table of settings")
        values.update(_from_table(table, path))
    values.update({key: value for key, value in overrides.items() if value is not None})
    try:
        settings = GatewaySettings(**values)
    except TypeError as exc:
        raise ConfigurationError(str(exc)) from None
    return settings.validate()


def _from_table(table: dict[str, Any], path: Path) -> dict[str, Any]:
    known = {item.name for item in fields(GatewaySettings)}
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigurationError(f"{path}: unknown setting {key!r} (known: {sorted(known)})")
        if key == "retry":
            if not isinstance(value, dict):
                raise ConfigurationError(f"{path}: [gateway.retry] must be a table")
            for retry_key, retry_value in value.items():
                if retry_key in _RETRY_TYPES:
                    _check_type(f"{path}: retry", retry_key, retry_value, _RETRY_TYPES[retry_key])
            try:
                out[key] = replace(RetryPolicy(), **value)
            except TypeError as exc:
                raise ConfigurationError(f"{path}: retry: {exc}") from None
            continue
        _check_type(str(path), key, value, _TYPES[key])
        converter = _CONVERTERS.get(key)
        try:
            out[key] = converter(value) if converter else value
        except ValueError as exc:
            raise ConfigurationError(f"{path}: {key}: {exc}") from None
    return out
