"""The one exceptions module of mspcim.

Hierarchy (the delivery policy decides by class: only ``TransportError`` is retried)::

    MspcimError
    ├── InputError                 the input is at fault: a standard error, never retried
    │   ├── XmlSafetyError         refused by the parser: DTD, entity, size, depth, count
    │   ├── MessageFormatError     well-formed XML that is not the message it claims to be
    │   │   └── UnknownOperationError
    │   ├── MappingError           a value that cannot be translated (unknown unit, NaN)
    │   └── AccessError            the caller may not do this (now): the request is not served
    │       ├── AuthenticationError    missing or wrong credentials
    │       ├── AuthorisationError     an authenticated caller not allowed this operation
    │       └── RateLimitError         too many requests from this caller or address
    ├── SchemaError                a document does not validate against its schema
    ├── ConfigurationError         settings or files given to the program are wrong
    ├── StoreError                 the message store cannot do what was asked
    └── TransportError             sending failed; may succeed later (retryable)
        └── RemoteFaultError       the peer answered with a fault (not retryable)
"""

from __future__ import annotations

from mspcim import reply_codes


class MspcimError(Exception):
    """Base of every error raised by mspcim."""


class InputError(MspcimError):
    """The input is at fault. ``code`` is a 61968-100 style error code, ``xpath`` locates it."""

    code = reply_codes.INVALID_CONTENT
    """Error code in the 61968-100 ``category.number`` form (see ``mspcim.reply_codes``)."""

    def __init__(self, message: str, *, xpath: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.xpath = xpath
        if code is not None:
            self.code = code

    @property
    def reason(self) -> str:
        """The human-readable reason, without the location."""
        return str(self.args[0]) if self.args else ""


class XmlSafetyError(InputError):
    """Refused by the hardened parser: DTD, entities, size, depth, element count, syntax."""

    code = reply_codes.REFUSED_XML


class MessageFormatError(InputError):
    """Well-formed XML that is not the expected message (wrong namespace, missing field, ...)."""

    code = reply_codes.INVALID_CONTENT


class UnknownOperationError(MessageFormatError):
    """The SOAP body or SOAPAction names an operation this endpoint does not offer."""

    code = reply_codes.UNKNOWN_OPERATION


class MappingError(InputError):
    """A value cannot be translated to the other standard (unknown unit, non-numeric reading)."""

    code = reply_codes.UNTRANSLATABLE


class AccessError(InputError):
    """The caller may not do this; ``status`` is the HTTP status to answer (None: the default)."""

    status: int | None = None


class AuthenticationError(AccessError):
    """Credentials are missing or wrong; the reason never says which, nor echoes a secret."""

    code = reply_codes.UNAUTHENTICATED


class AuthorisationError(AccessError):
    """An authenticated caller is not allowed the operation it called (the reason names it)."""

    code = reply_codes.FORBIDDEN


class RateLimitError(AccessError):
    """Too many requests from one caller or address; ``retry_after`` says when to try again."""

    code = reply_codes.RATE_LIMITED
    status = 429

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SchemaError(MspcimError):
    """A document does not validate against its schema; ``errors`` lists the validator's lines."""

    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class ConfigurationError(MspcimError):
    """A setting, option or file given to the program is wrong."""


class StoreError(MspcimError):
    """The message store cannot do what was asked."""


class TransportError(MspcimError):
    """Sending a message failed in a way that may succeed if tried again."""


class RemoteFaultError(TransportError):
    """The peer answered with a SOAP Fault or an HTTP error that retrying will not cure."""

    def __init__(self, message: str, *, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.status = status
        self.body = body
