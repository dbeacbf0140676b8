"""mspcim: MultiSpeak ⇄ IEC CIM translation after IEC TS 61968-14.

The public API: translate documents (``translate_document``), read gap reports, parse safely,
work with the IEC 61968-9 codes. The gateway lives in ``mspcim.gateway`` (not imported here,
so the library stays free of web-server dependencies at import time).
"""

from __future__ import annotations

from mspcim.cim.reading_quality import ReadingQualityCode
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.exceptions import (
    ConfigurationError,
    InputError,
    MappingError,
    MessageFormatError,
    MspcimError,
    RemoteFaultError,
    SchemaError,
    StoreError,
    TransportError,
    UnknownOperationError,
    XmlSafetyError,
)
from mspcim.harmonize.gaps import GapEntry, GapKind, GapReport
from mspcim.harmonize.translator import Dialect, Translation, detect, translate_document
from mspcim.xmlsafe import XmlLimits, parse

__version__ = "0.1.0"

__all__ = [
    "ConfigurationError",
    "Dialect",
    "GapEntry",
    "GapKind",
    "GapReport",
    "InputError",
    "MappingError",
    "MessageFormatError",
    "MspcimError",
    "ReadingQualityCode",
    "ReadingTypeCode",
    "RemoteFaultError",
    "SchemaError",
    "StoreError",
    "Translation",
    "TransportError",
    "UnknownOperationError",
    "XmlLimits",
    "XmlSafetyError",
    "__version__",
    "detect",
    "parse",
    "translate_document",
]
