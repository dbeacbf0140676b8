"""Secrets never leave the gateway: one masking function for wire-tap copies and log lines.

What is blanked (to ``***``), wherever it appears in a message or a line of text:

- XML attributes and elements whose name is ``Pwd`` or ends in ``Password`` (MultiSpeak 4.1
  ``Pwd``/``AuditPassword``, v5 ``Caller/Password``/``AuditPassword``), with or without prefix;
- HTTP ``Authorization`` and ``Proxy-Authorization`` values;
- the password of a URL's user information (``https://user:***@host/``).

It works on text, not on a parsed tree, so a malformed message is masked as well as a valid
one. A body in an encoding the patterns cannot read (UTF-16 or UTF-32 without a way to tell) is
withheld whole rather than stored unmasked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import AnyStr

__all__ = ["MASK", "mask_headers", "mask_secrets", "mask_text"]

MASK = "***"
"""What a secret is replaced with."""

WITHHELD = b"<!-- mspcim: body withheld: its encoding cannot be masked -->"

_SECRET_NAME = r"(?:[\w.-]+:)?[\w.-]*(?i:pwd|password)"
_PATTERNS: tuple[str, ...] = (
    # <Password>secret</Password>, <v5:AuditPassword a="b"><![CDATA[secret]]> (closed or not)
    rf"<(?:{_SECRET_NAME})(?:\s[^<>]*)?>(?P<value>(?:[^<]|<!\[CDATA\[.*?\]\]>|<!--.*?-->)+)",
    # Pwd="secret", AuditPassword='secret', Pwd=secret
    rf"(?<![\w.:-]){_SECRET_NAME}\s*=\s*"
    r"(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s\"'<>/,;&]+))",
    # Authorization: Basic abc=, 'authorization': 'Bearer x'
    r"(?i:proxy-authorization|authorization)[\"']?\s*[:=]\s*[\"']?(?P<value>[^\"'\r\n,}]+)",
    # https://user:secret@host/
    r"\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@\"'<>]+:(?P<value>[^/\s@\"'<>]+)@",
)
_VALUES = ("value", "double", "single", "bare")
_TEXT = tuple(re.compile(pattern, re.DOTALL) for pattern in _PATTERNS)
_BYTES = tuple(re.compile(pattern.encode("ascii"), re.DOTALL) for pattern in _PATTERNS)

_WIDE_MARKS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _blank(match: re.Match[AnyStr], mask: AnyStr) -> AnyStr:
    """The matched text with its value group(s) replaced by ``mask``."""
    whole, offset = match.group(0), match.start()
    pieces, last = [], 0
    for name in _VALUES:
        if name in match.re.groupindex and match.start(name) >= 0:
            start, end = match.span(name)
            pieces += [whole[last : start - offset], mask]
            last = end - offset
    pieces.append(whole[last:])
    return mask[:0].join(pieces)


def mask_text(text: str) -> str:
    """``text`` with every secret it holds replaced by ``***``."""
    for pattern in _TEXT:
        text = pattern.sub(lambda match: _blank(match, MASK), text)
    return text


def mask_secrets(data: bytes) -> bytes:
    """A message body with every secret blanked, in the body's own encoding.

    ASCII-compatible encodings (UTF-8, ISO 8859 …) are masked byte for byte; UTF-16 and UTF-32
    are decoded, masked and encoded again; anything else holding NUL bytes is withheld.
    """
    for mark, encoding in _WIDE_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return WITHHELD
            return mask_text(text).encode(encoding)
    if b"\x00" in data:
        return WITHHELD
    mask = MASK.encode("ascii")
    for pattern in _BYTES:
        data = pattern.sub(lambda match: _blank(match, mask), data)
    return data


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """HTTP headers fit to log: authorization values blanked."""
    return {
        name: MASK if name.lower() in ("authorization", "proxy-authorization") else mask_text(value)
        for name, value in headers.items()
    }
