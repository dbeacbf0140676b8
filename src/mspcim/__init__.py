"""mspcim: MultiSpeak <-> IEC CIM translation after IEC TS 61968-14."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
