"""Gateway settings: one typed dataclass, loadable from a TOML file and overridable by options.

Every field has a default that runs on one machine with no external service; ``load_settings``
validates a file and says exactly which key is wrong.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from mspcim.cim.message import EnvelopeForm
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.broker.settings import BrokerSettings, broker_settings
from mspcim.multispeak.catalogue import OPERATIONS
from mspcim.xmlsafe import DEFAULT_LIMITS

__all__ = [
    "GatewaySettings",
    "OutboundCredentials",
    "RateLimit",
    "RetryPolicy",
    "Secret",
    "default_db_path",
    "load_settings",
]


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
class RateLimit:
    """Token buckets: per authenticated caller; per client address when not authenticated."""

    per_second: float = 20.0
    """Sustained rate: tokens added to each bucket per second."""
    burst: int = 40
    """Bucket size: requests allowed at once after a quiet spell."""


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret read from the configuration; its repr and str never show it."""

    value: str = field(repr=False)

    def __str__(self) -> str:
        return "***"


@dataclass(frozen=True, slots=True)
class OutboundCredentials:
    """How the gateway authenticates itself to one destination (added just before sending)."""

    url: str
    """Destination: the scheme, host, port and path prefix these credentials are sent to."""
    user_id: str
    """UserID in the MultiSpeakMsgHeader (and the HTTP basic user name)."""
    password: Secret
    """Pwd in the MultiSpeakMsgHeader (and the HTTP basic password)."""
    http_basic: bool = False
    """Send HTTP basic authentication too (CIM systems; MultiSpeak servers read the header)."""


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
    store: str = "sqlite"
    """Message store engine: ``sqlite`` (one process, at ``db_path``) or ``postgresql`` (several
    workers share the database at ``store_url``)."""
    store_url: str | None = None
    """PostgreSQL URL (``postgresql://user@host:5432/db``) of the store when ``store`` is
    ``postgresql``; give the password by ``PGPASSWORD`` or ``~/.pgpass`` rather than in the URL."""
    worker_id: str = "1"
    """This process's name among the workers sharing a store (unique per worker: its claims on
    outbox items carry it, and a worker restarted under it releases them)."""
    outbox_lease: float = 60.0
    """Seconds an outbox item claimed by one worker stays its own (PostgreSQL store); longer than
    any send (``request_timeout``); after it, another worker sends what a dead worker held."""
    request_timeout: float = 10.0
    """Seconds to wait for any outbound HTTP call."""
    default_expiry: float = 3600.0
    """Seconds a read request waits for its reply when the caller gives no expTime."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    """Outbound delivery policy."""
    poll_interval: float = 0.2
    """Seconds between outbox scans when nothing wakes the delivery worker."""
    drain_timeout: float = 10.0
    """Seconds a graceful shutdown (SIGTERM) waits for requests and sends in flight to finish."""
    idempotency_retention: float = 7 * 24 * 3600.0
    """Seconds an answer is kept for a caller repeating its MessageID or transactionID."""
    max_meters_per_request: int = 10_000
    """Most meterIDs accepted in one InitiateMeterReadingsByMeterID."""
    app_name: str = "mspcim"
    """AppName the gateway writes in the MultiSpeak headers it originates."""
    meter_event_url: str | None = None
    """MultiSpeak server (OA, MDM or CB) that receives MeterEventNotification for CIM events."""
    credentials_file: Path | None = None
    """Credentials file (TOML, salted hashes): callers, roles. None: authentication off."""
    outbound_credentials: tuple[OutboundCredentials, ...] = ()
    """The gateway's own credentials, per destination (UserID/Pwd, HTTP basic)."""
    max_request_bytes: int = DEFAULT_LIMITS.max_bytes
    """Largest request body accepted, in bytes (larger ones are refused before being read)."""
    rate_limit: RateLimit | None = None
    """Requests per caller (per client address when unauthenticated); None: no limit."""
    tls_cert: Path | None = None
    """PEM certificate (chain) of the listener; with ``tls_key``, the gateway serves HTTPS."""
    tls_key: Path | None = None
    """PEM private key of ``tls_cert``."""
    ca_bundle: Path | None = None
    """PEM CA certificates trusted for outbound HTTPS (instead of the system's); always verified."""
    broker: BrokerSettings = field(default_factory=BrokerSettings)
    """``[broker]``: the message broker; ``cim_transport`` says whether the CIM side uses it."""
    multispeak_destinations: dict[str, str] = field(default_factory=dict)
    """MultiSpeak endpoint name (``CB_Server``, ``OA_Server`` …) → URL of the server that
    receives the change notifications relayed from CIM events for that endpoint."""
    multispeak50_event_url: str | None = None
    """MultiSpeak v5 NOT_Server that receives EndDeviceEventsNotification for CIM events."""
    multispeak50_releases: dict[str, str] = field(default_factory=dict)
    """URL prefix of MultiSpeak v5 servers → the release they speak (``5.0.4`` carries a meter's
    GUID in ``meterID/@objectGUID``); servers not named get ``5.0.7``."""

    @property
    def base_url(self) -> str:
        """The public base URL, without a trailing slash."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def reply_address(self) -> str:
        """Where the CIM side sends asynchronous replies (over the broker: the reply queue)."""
        if self.broker.enabled:
            return self.broker.naming.reply.uri
        return f"{self.base_url}/cim/reply"

    def validate(self) -> GatewaySettings:
        """Return self, or raise ConfigurationError naming the wrong setting."""
        if not 0 < self.port < 65536:
            raise ConfigurationError(f"port must be 1-65535, not {self.port}")
        for name in ("cim_endpoint", "public_url", "meter_event_url", "multispeak50_event_url"):
            value = getattr(self, name)
            if value is None:
                continue
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigurationError(f"{name} must be an http(s) URL, not {value!r}")
        self._validate_destinations()
        self._validate_releases()
        if self.request_timeout <= 0 or self.default_expiry <= 0 or self.poll_interval <= 0:
            raise ConfigurationError(
                "request_timeout, default_expiry and poll_interval must be > 0"
            )
        if self.drain_timeout < 0 or self.idempotency_retention <= 0:
            raise ConfigurationError(
                "drain_timeout must be >= 0 and idempotency_retention must be > 0"
            )
        if self.retry.attempts < 1:
            raise ConfigurationError("retry.attempts must be at least 1")
        self._validate_store()
        self._validate_security()
        self.broker.validate()
        if self.broker.enabled and self.cim_form is not EnvelopeForm.IEC61968_100:
            raise ConfigurationError(
                "over the broker, cim_form must be 61968-100 (JMS carries no SOAP)"
            )
        return self

    def _validate_store(self) -> None:
        """Refuse an unknown engine, PostgreSQL without a URL, a lease shorter than a send."""
        if self.store not in ("sqlite", "postgresql"):
            raise ConfigurationError(f"store must be sqlite or postgresql, not {self.store!r}")
        if self.store == "postgresql":
            scheme = urlsplit(self.store_url or "").scheme
            if scheme not in ("postgresql", "postgres"):
                raise ConfigurationError(
                    "store = postgresql needs store_url = postgresql://user@host:port/database"
                )
        if not self.worker_id.strip():
            raise ConfigurationError("worker_id must not be empty")
        if self.outbox_lease <= self.request_timeout:
            raise ConfigurationError(
                f"outbox_lease ({self.outbox_lease}s) must be longer than request_timeout "
                f"({self.request_timeout}s), or a slow send would be sent again by another worker"
            )

    def _validate_security(self) -> None:
        """Refuse half a TLS setting, missing files, silly limits, unusable outbound credentials."""
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ConfigurationError("tls_cert and tls_key go together: give both or neither")
        for name in ("credentials_file", "tls_cert", "tls_key", "ca_bundle"):
            value = getattr(self, name)
            if value is not None and not Path(value).is_file():
                raise ConfigurationError(f"{name}: {value} is not a readable file")
        if self.max_request_bytes < 1024:
            raise ConfigurationError(
                f"max_request_bytes must be at least 1024, not {self.max_request_bytes}"
            )
        if self.rate_limit is not None and (
            self.rate_limit.per_second <= 0 or self.rate_limit.burst < 1
        ):
            raise ConfigurationError("rate_limit: per_second must be > 0 and burst at least 1")
        seen: set[str] = set()
        for credentials in self.outbound_credentials:
            parts = urlsplit(credentials.url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigurationError(
                    f"outbound_credentials: url must be an http(s) URL, not {credentials.url!r}"
                )
            if credentials.url in seen:
                raise ConfigurationError(f"outbound_credentials: {credentials.url} is given twice")
            seen.add(credentials.url)

    def _validate_destinations(self) -> None:
        """Refuse an unknown endpoint name or a destination that is no http(s) URL."""
        known = sorted({op.endpoint for op in OPERATIONS})
        for endpoint, url in self.multispeak_destinations.items():
            if endpoint not in known:
                raise ConfigurationError(
                    f"multispeak_destinations: unknown MultiSpeak endpoint {endpoint!r} "
                    f"(known: {', '.join(known)})"
                )
            parts = urlsplit(url) if isinstance(url, str) else None
            if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigurationError(
                    f"multispeak_destinations.{endpoint} must be an http(s) URL, not {url!r}"
                )

    def _validate_releases(self) -> None:
        """Refuse a v5 release other than 5.0.4 or 5.0.7, or a prefix that is no http(s) URL."""
        for url, release in self.multispeak50_releases.items():
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigurationError(
                    f"multispeak50_releases: {url!r} is not an http(s) URL prefix"
                )
            if release not in ("5.0.4", "5.0.7"):
                raise ConfigurationError(
                    f"multispeak50_releases.{url!r} must be 5.0.4 or 5.0.7, not {release!r}"
                )


_CONVERTERS: dict[str, Any] = {
    "db_path": Path,
    "credentials_file": Path,
    "tls_cert": Path,
    "tls_key": Path,
    "ca_bundle": Path,
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
    "store": str,
    "store_url": str,
    "worker_id": str,
    "outbox_lease": _NUMBER,
    "request_timeout": _NUMBER,
    "default_expiry": _NUMBER,
    "poll_interval": _NUMBER,
    "drain_timeout": _NUMBER,
    "idempotency_retention": _NUMBER,
    "max_meters_per_request": int,
    "app_name": str,
    "meter_event_url": str,
    "multispeak50_event_url": str,
    "credentials_file": str,
    "max_request_bytes": int,
    "tls_cert": str,
    "tls_key": str,
    "ca_bundle": str,
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
        if "gateway" in document and "broker" in document:
            table = {**table, "broker": document["broker"]}  # [broker] beside [gateway]
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
        if key == "broker":
            out[key] = broker_settings(value, str(path))
            continue
        if key == "rate_limit":
            out[key] = _rate_limit(value, path)
            continue
        if key == "outbound_credentials":
            out[key] = _outbound_credentials(value, path)
            continue
        if key == "multispeak50_releases":
            if not isinstance(value, dict):
                raise ConfigurationError(f"{path}: [gateway.multispeak50_releases] must be a table")
            for url, release in value.items():
                _check_type(f"{path}: multispeak50_releases", url, release, str)
            out[key] = dict(value)
            continue
        if key == "multispeak_destinations":
            if not isinstance(value, dict):
                raise ConfigurationError(
                    f"{path}: [gateway.multispeak_destinations] must be a table"
                )
            for endpoint, url in value.items():
                _check_type(f"{path}: multispeak_destinations", endpoint, url, str)
            out[key] = dict(value)
            continue
        _check_type(str(path), key, value, _TYPES[key])
        converter = _CONVERTERS.get(key)
        try:
            out[key] = converter(value) if converter else value
        except ValueError as exc:
            raise ConfigurationError(f"{path}: {key}: {exc}") from None
    return out


def _rate_limit(value: Any, path: Path) -> RateLimit:
    """``[gateway.rate_limit]``: per_second, burst."""
    if not isinstance(value, dict):
        raise ConfigurationError(f"{path}: [gateway.rate_limit] must be a table")
    types: dict[str, type | tuple[type, ...]] = {"per_second": _NUMBER, "burst": int}
    for key, item in value.items():
        if key not in types:
            raise ConfigurationError(f"{path}: rate_limit: unknown key {key!r} (per_second, burst)")
        _check_type(f"{path}: rate_limit", key, item, types[key])
    return RateLimit(**value)


def _outbound_credentials(value: Any, path: Path) -> tuple[OutboundCredentials, ...]:
    """``[[gateway.outbound_credentials]]``: url, user_id, one password source, http_basic."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConfigurationError(f"{path}: outbound_credentials must be [[tables]]")
    found = []
    for number, entry in enumerate(value, start=1):
        where = f"{path}: outbound_credentials #{number}"
        known = {"url", "user_id", "password", "password_env", "password_file", "http_basic"}
        if set(entry) - known:
            raise ConfigurationError(f"{where}: unknown keys {sorted(set(entry) - known)}")
        for key in ("url", "user_id"):
            _check_type(where, key, entry.get(key), str)
        if not isinstance(entry.get("http_basic", False), bool):
            raise ConfigurationError(f"{where}: http_basic must be bool (true or false)")
        found.append(
            OutboundCredentials(
                url=entry["url"],
                user_id=entry["user_id"],
                password=_password(entry, where),
                http_basic=entry.get("http_basic", False),
            )
        )
    return tuple(found)


def _password(entry: dict[str, Any], where: str) -> Secret:
    """The one password source of an outbound entry: password, password_env or password_file."""
    sources = [key for key in ("password", "password_env", "password_file") if key in entry]
    if len(sources) != 1:
        raise ConfigurationError(
            f"{where}: give exactly one of password, password_env, password_file"
        )
    [source] = sources
    name = entry[source]
    if not isinstance(name, str):
        raise ConfigurationError(f"{where}: {source} must be a string")
    if source == "password":
        return Secret(name)
    if source == "password_env":
        if name not in os.environ:
            raise ConfigurationError(f"{where}: environment variable {name} is not set")
        return Secret(os.environ[name])
    try:
        return Secret(Path(name).read_text(encoding="utf-8").rstrip("\r\n"))
    except OSError as exc:
        raise ConfigurationError(
            f"{where}: cannot read password_file {name}: {exc.strerror}"
        ) from None
