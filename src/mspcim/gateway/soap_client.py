"""Reading what a SOAP peer answered: a body, a SOAP Fault, or something that is not SOAP.

One function decides, for every outbound call of the gateway, whether the answer is usable,
a refusal by the peer (``RemoteFaultError``), or a failure worth retrying (``TransportError``).
"""

from __future__ import annotations

from mspcim import xmlsafe
from mspcim.exceptions import InputError, RemoteFaultError, TransportError
from mspcim.gateway.transport import HttpResponse
from mspcim.soap import SoapEnvelope, read_envelope

__all__ = ["read_soap_answer"]


def read_soap_answer(response: HttpResponse, url: str) -> SoapEnvelope:
    """The envelope a peer answered (a Fault included); raise when there is none to read.

    5xx without a readable SOAP envelope is retryable; any other non-SOAP answer is a refusal.
    """
    if not response.body.strip():
        if response.status >= 500:
            raise TransportError(f"{url} answered HTTP {response.status} with no body")
        if 200 <= response.status < 300:
            raise RemoteFaultError(
                f"{url} answered HTTP {response.status} with no body", status=response.status
            )
        raise RemoteFaultError(f"{url} answered HTTP {response.status}", status=response.status)
    try:
        envelope = read_envelope(xmlsafe.parse(response.body))
    except InputError as exc:
        if response.status >= 500 or response.status in (408, 429):
            raise TransportError(f"{url} answered HTTP {response.status}: {exc.reason}") from None
        raise RemoteFaultError(
            f"{url} answered HTTP {response.status} with no SOAP envelope ({exc.reason})",
            status=response.status,
            body=response.body[:2000],
        ) from None
    if envelope.fault is None and not 200 <= response.status < 300:
        if response.status >= 500:
            raise TransportError(f"{url} answered HTTP {response.status}")
        raise RemoteFaultError(f"{url} answered HTTP {response.status}", status=response.status)
    return envelope
