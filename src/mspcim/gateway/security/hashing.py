"""Salted scrypt hashes of secrets: made once per credential, compared in constant time.

A ``SecretHash`` records everything needed to check a secret again (salt and the scrypt cost
parameters ``n``, ``r``, ``p``), so stronger parameters can be adopted entry by entry.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from mspcim.exceptions import ConfigurationError

__all__ = ["SCHEME", "SecretHash"]

SCHEME = "scrypt"
"""The only hashing scheme written and read."""

DEFAULT_N = 2**14
"""scrypt CPU/memory cost (16 MiB with r = 8): about 50 ms per check on a laptop."""
DIGEST_BYTES = 32
SALT_BYTES = 16
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16


def _maxmem(n: int, r: int, p: int) -> int:
    """Memory scrypt needs for these parameters, with room to spare."""
    return 128 * r * (n + p + 2) + 1024 * 1024


@dataclass(frozen=True, slots=True)
class SecretHash:
    """A salted scrypt hash of one secret, with its parameters."""

    salt: bytes
    digest: bytes
    n: int = DEFAULT_N
    r: int = 8
    p: int = 1

    def __repr__(self) -> str:
        return f"SecretHash(scheme={SCHEME!r}, n={self.n}, r={self.r}, p={self.p})"

    @classmethod
    def of(cls, secret: str, *, n: int = DEFAULT_N, r: int = 8, p: int = 1) -> SecretHash:
        """Hash ``secret`` with a fresh random salt."""
        _check_parameters(n, r, p, "scrypt")
        salt = os.urandom(SALT_BYTES)
        return cls(salt, _scrypt(secret, salt, n, r, p, DIGEST_BYTES), n, r, p)

    def matches(self, secret: str) -> bool:
        """Whether ``secret`` is the hashed one (constant-time comparison of the digests)."""
        candidate = _scrypt(secret, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(candidate, self.digest)

    def to_table(self) -> dict[str, str | int]:
        """The fields of a credentials-file entry that hold this hash."""
        return {
            "scheme": SCHEME,
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "hash": base64.b64encode(self.digest).decode("ascii"),
        }

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str) -> SecretHash:
        """Read the hash fields of a credentials-file entry; a ConfigurationError says what."""
        scheme = table.get("scheme")
        if scheme != SCHEME:
            raise ConfigurationError(f"{where}: scheme must be {SCHEME!r}, not {scheme!r}")
        numbers: dict[str, int] = {}
        for key in ("n", "r", "p"):
            value = table.get(key)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigurationError(f"{where}: {key} must be an integer, not {value!r}")
            numbers[key] = value
        _check_parameters(numbers["n"], numbers["r"], numbers["p"], where)
        salt = _base64(table.get("salt"), "salt", where)
        digest = _base64(table.get("hash"), "hash", where)
        if len(salt) < 8 or len(digest) < 16:
            raise ConfigurationError(f"{where}: salt or hash too short (8 and 16 bytes at least)")
        return cls(salt, digest, numbers["n"], numbers["r"], numbers["p"])


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_maxmem(n, r, p), dklen=length
    )


def _check_parameters(n: int, r: int, p: int, where: str) -> None:
    if n < 2 or n > _MAX_N or n & (n - 1):
        raise ConfigurationError(f"{where}: n must be a power of 2 from 2 to {_MAX_N}, not {n}")
    if not 1 <= r <= _MAX_R or not 1 <= p <= _MAX_P:
        raise ConfigurationError(f"{where}: r must be 1-{_MAX_R} and p 1-{_MAX_P}")


def _base64(value: Any, key: str, where: str) -> bytes:
    if not isinstance(value, str):
        raise ConfigurationError(f"{where}: {key} must be base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ConfigurationError(f"{where}: {key} is not valid base64") from None
