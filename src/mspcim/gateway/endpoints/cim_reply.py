"""``/cim/reply``: where the CIM side sends asynchronous replies and events (the ReplyAddress).

Accepts both envelope forms, SOAP-wrapped or bare, and answers a 61968-100 ResponseMessage
(Reply OK or FAILED with Error code and xpath) in the same wrapping; a document that cannot be
read at all gets a FaultMessage. A refused message changes no transaction; a readable one is
kept in the wire tap either way, for the operator. With authentication on, a peer authenticates
by HTTP basic authentication (401 and a challenge otherwise), its Header/User/UserID must name
it, and it must be allowed the noun (``cim:<Noun>``); a refused peer's message is not kept.
A repeated Header/MessageID is answered as before (``gateway.idempotency``); a reply that no
open conversation takes is kept as a stray (``gateway.strays``).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.exceptions import AccessError, InputError, MessageFormatError, RateLimitError
from mspcim.gateway.endpoints.soap_http import access_outcome, read_body, request_limits
from mspcim.gateway.flow import CimReceiver
from mspcim.gateway.idempotency import IdempotentReceiver, Repetition
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.credentials import cim_operation
from mspcim.gateway.security.gatekeeper import Gatekeeper
from mspcim.gateway.strays import keep_unknown
from mspcim.soap import SoapVersion, build_envelope, read_envelope

__all__ = ["CimReplyEndpoint"]

log = logging.getLogger("mspcim.gateway.cim_reply")


class CimReplyEndpoint:
    """Receives replies and events from the CIM side."""

    def __init__(
        self,
        runtime: Runtime,
        receivers: Mapping[str, Sequence[CimReceiver]],
        gatekeeper: Gatekeeper | None = None,
    ) -> None:
        self.runtime = runtime
        self.receivers = {noun: list(chain) for noun, chain in receivers.items()}
        self.gatekeeper = gatekeeper or Gatekeeper(None)
        self.receiver = IdempotentReceiver(runtime)

    async def handle(self, request: Request) -> Response:
        """Starlette endpoint (POST)."""
        version: SoapVersion | None = SoapVersion.from_content_type(
            request.headers.get("content-type")
        )
        message: Message | None = None
        exchange = self.runtime.metrics.exchange("cim", "cim/reply")
        address = request.client.host if request.client else None
        ids: dict[str, str | None] = {}
        limits = request_limits(self.runtime.settings)
        try:
            self.gatekeeper.admit(address)
            peer = await self.gatekeeper.cim_peer(
                request.headers.get("authorization"), address=address, ids=ids
            )
            raw = await read_body(request, limits.max_bytes)
            root = xmlsafe.parse(raw, limits)
            if ns.local_name(root.tag) == "Envelope":
                envelope = read_envelope(root)
                version = envelope.version
                root = envelope.first_body
            else:
                version = None
            message = read_message(root)
            header = message.header
            ids = {
                "correlation_id": header.correlation_id if header else None,
                "message_id": header.message_id if header else None,
            }
            exchange.operation = cim_operation(message.noun or "unknown")
            if message.kind not in (MessageKind.RESPONSE, MessageKind.EVENT):
                raise MessageFormatError(
                    f"/cim/reply takes ResponseMessage or EventMessage, not {message.kind.value}",
                    xpath=f"/{ns.local_name(root.tag)}",
                )
            chain = self.receivers.get(message.noun or "")
            if not chain:
                served = ", ".join(sorted(self.receivers))
                raise MessageFormatError(
                    f"Noun {message.noun!r} is not served here (only {served})",
                    xpath="/Header/Noun",
                    code=reply_codes.INVALID_NOUN,
                )
            user_id = header.user.user_id if header is not None and header.user else None
            self.gatekeeper.authorise_cim(
                peer, user_id, exchange.operation, address=address, ids=ids
            )
            receipt = self.receiver.cim(peer.name if peer else None, message, root)
            correlation = message.header.correlation_id if message.header else None
            repetition = Repetition("cim", message.kind.value, raw, correlation, peer=address)
            replayed = self.receiver.replay(receipt, ids, repetition)
            if replayed is not None:
                return exchange.done("replayed", replayed)
            with self.receiver.record(receipt) as recording:
                self.runtime.log_message(
                    "in", "cim", message.kind.value, raw, correlation_id=correlation, peer=address
                )
                reply = _first_claim(chain, message)
                if any(error.code == reply_codes.UNKNOWN_CORRELATION for error in reply.errors):
                    keep_unknown(self.runtime, message, raw, address)
                recording.answer = self._answer(self._response(message, reply), version)
            assert recording.answer is not None
            outcome = "replayed" if recording.replayed else reply.result.value.lower()
            return exchange.done(outcome, recording.answer)
        except AccessError as exc:
            return exchange.done(access_outcome(exc), self._refuse_access(exc, message, version))
        except InputError as exc:
            log.info(
                "refused a CIM reply: %s (at %s)",
                exc.reason,
                exc.xpath,
                extra={**ids, "event": "refused"},
            )
            reply = Reply(ReplyResult.FAILED, [_error(exc)])
            if message is None:
                fault = Message(MessageKind.FAULT, None, reply=reply)
                return exchange.done("refused", self._answer(fault, version, status=400))
        except Exception:
            log.exception("internal error handling a CIM reply")
            reply = Reply(
                ReplyResult.FAILED,
                [
                    Error(
                        code=reply_codes.INTERNAL,
                        level=ErrorLevel.FATAL,
                        reason="internal error in the gateway (logged)",
                    )
                ],
            )
            fault = Message(MessageKind.FAULT, None, reply=reply)
            return exchange.done("error", self._answer(fault, version, status=500))
        return exchange.done("refused", self._answer(self._response(message, reply), version))

    def _refuse_access(
        self, exc: AccessError, message: Message | None, version: SoapVersion | None
    ) -> Response:
        """Reply FAILED with the refusal's Error: 401 (with a challenge), 403 or 429."""
        reply = Reply(ReplyResult.FAILED, [_error(exc)])
        answer = (
            self._response(message, reply)
            if message is not None
            else Message(MessageKind.FAULT, None, reply=reply)
        )
        response = self._answer(answer, version, status=exc.status or 403)
        if response.status_code == 401:
            response.headers["WWW-Authenticate"] = 'Basic realm="mspcim", charset="UTF-8"'
        if isinstance(exc, RateLimitError):
            response.headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after)))
        return response

    def _response(self, message: Message, reply: Reply) -> Message:
        runtime = self.runtime
        return Message(
            kind=MessageKind.RESPONSE,
            header=Header(
                verb=Verb.REPLY,
                noun=message.noun or "",
                timestamp=datetime.fromtimestamp(runtime.clock(), UTC).replace(microsecond=0),
                source=runtime.settings.app_name,
                message_id=runtime.new_id(),
                correlation_id=message.header.message_id if message.header else None,
            ),
            reply=reply,
        )

    def _answer(self, message: Message, version: SoapVersion | None, status: int = 200) -> Response:
        element: etree._Element = build_message(message)
        if version is None:
            return Response(
                xmlsafe.serialize(element), status_code=status, media_type="application/xml"
            )
        return Response(
            xmlsafe.serialize(build_envelope(version, [element])),
            status_code=status,
            media_type=version.content_type(),
        )


def _first_claim(chain: Sequence[CimReceiver], message: Message) -> Reply:
    """The Reply of the first receiver that takes ``message``; FAILED when none does."""
    for receiver in chain:
        reply = receiver(message)
        if reply is not None:
            return reply
    correlation = message.header.correlation_id if message.header else None
    return Reply(
        ReplyResult.FAILED,
        [
            Error(
                code=reply_codes.UNKNOWN_CORRELATION,
                level=ErrorLevel.WARNING,
                reason=f"no open conversation takes {message.noun} with CorrelationID "
                f"{correlation!r}",
                xpath="CorrelationID",
            )
        ],
    )


def _error(exc: InputError) -> Error:
    """A Reply/Error for an input error: code, reason, and the offending element as xpath."""
    xpath = None
    if exc.xpath:
        last = exc.xpath.rstrip("/").rpartition("/")[2].split("[")[0].lstrip("@")
        xpath = last if last and last != "*" else None
    return Error(
        code=exc.code,
        level=ErrorLevel.FATAL,
        reason=exc.reason,
        details=f"at {exc.xpath}" if exc.xpath else None,
        xpath=xpath,
    )
