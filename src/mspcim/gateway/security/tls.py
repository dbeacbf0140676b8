"""TLS: the listener's certificate and key, and the verification of outbound HTTPS.

Outbound certificates are always verified: against ``ca_bundle`` when one is configured, else
against the trusted authorities httpx ships (certifi). No setting turns verification off.
Both are loaded at start, so a wrong file is a clear configuration error, not a failed call.
"""

from __future__ import annotations

import ssl

from mspcim.exceptions import ConfigurationError
from mspcim.gateway.config import GatewaySettings

__all__ = ["outbound_verification", "server_tls_options"]


def server_tls_options(settings: GatewaySettings) -> dict[str, str]:
    """The uvicorn options ``ssl_certfile`` and ``ssl_keyfile`` ({} when serving plain HTTP)."""
    if settings.tls_cert is None or settings.tls_key is None:
        return {}
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(
            settings.tls_cert, settings.tls_key
        )
    except (ssl.SSLError, OSError) as exc:
        raise ConfigurationError(
            f"tls_cert {settings.tls_cert} and tls_key {settings.tls_key} cannot be loaded: {exc}"
        ) from None
    return {"ssl_certfile": str(settings.tls_cert), "ssl_keyfile": str(settings.tls_key)}


def outbound_verification(settings: GatewaySettings) -> ssl.SSLContext | bool:
    """What verifies outbound HTTPS peers: a context of ``ca_bundle``, else True (the default)."""
    if settings.ca_bundle is None:
        return True
    try:
        return ssl.create_default_context(cafile=str(settings.ca_bundle))
    except (ssl.SSLError, OSError) as exc:
        raise ConfigurationError(
            f"ca_bundle {settings.ca_bundle} cannot be loaded: {exc}"
        ) from None
