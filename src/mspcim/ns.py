"""Every namespace URI the project speaks, in one place.

Names follow the standards: SOAP envelopes, MultiSpeak 4.1, the IEC 61968-100 message envelope
(FDIS and the older ``www.`` form of the 61968-9 WSDLs), and the IEC 61968-9 profile namespaces.
"""

from __future__ import annotations

from typing import Final

SOAP11: Final = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12: Final = "http://www.w3.org/2003/05/soap-envelope"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
XS: Final = "http://www.w3.org/2001/XMLSchema"
WSDL: Final = "http://schemas.xmlsoap.org/wsdl/"

MSP41: Final = "http://www.multispeak.org/Version_4.1_Release"
"""MultiSpeak 4.1.x release namespace (elements, SOAPAction prefix)."""
MSP41_CPSM: Final = "cpsm_V4.1_Release"
MSP41_ACTION_PREFIX: Final = MSP41 + "/"

MSP50: Final = "http://www.multispeak.org/V5.0"
"""MultiSpeak 5.0.x objects (``MultiSpeak.xsd``)."""
MSP50_COMMON: Final = MSP50 + "/commonTypes"
MSP50_ARRAYS: Final = MSP50 + "/commonArrays"
MSP50_ENUMS: Final = MSP50 + "/enumerations"
MSP50_PRIMITIVES: Final = MSP50 + "/primitives"
MSP50_REQUEST: Final = MSP50 + "/ws/request"
"""``MultiSpeakRequestMsgHeader``."""
MSP50_RESPONSE: Final = MSP50 + "/ws/response"
"""``MultiSpeakResponseMsgHeader``."""
MSP50_WSDL: Final = MSP50 + "/wsdl/{endpoint}"
"""Operation elements of one endpoint, e.g. ``…/V5.0/wsdl/MR_Server``."""
MSP504_ACTION_PREFIX: Final = "http://www.multispeak.org/Version_5.0_Release/"
"""SOAPAction prefix of the 5.0.4 WSDLs."""

MESSAGE: Final = "http://iec.ch/TC57/2011/schema/message"
"""IEC 61968-100 common message envelope (FDIS form)."""
MESSAGE_WWW: Final = "http://www.iec.ch/TC57/2011/schema/message"
"""Pre-FDIS envelope used by the noun-specific wrappers of the 61968-9:2013 WSDLs."""

CIM_2011_PROFILE: Final = "http://iec.ch/TC57/2011/{profile}#"
CIM_2009_PROFILE: Final = "http://iec.ch/TC57/2009/{profile}#"
NOUN_MESSAGE_2011: Final = "http://www.iec.ch/TC57/2011/{noun}Message"

METER_READINGS_2011: Final = CIM_2011_PROFILE.format(profile="MeterReadings")
METER_READINGS_2009: Final = CIM_2009_PROFILE.format(profile="MeterReadings")
METER_READINGS_MESSAGE: Final = NOUN_MESSAGE_2011.format(noun="MeterReadings")


def qname(namespace: str, local: str) -> str:
    """Clark notation ``{namespace}local`` as lxml expects it."""
    return f"{{{namespace}}}{local}"


def local_name(tag: object) -> str:
    """Local part of a Clark-notation tag (``''`` for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace_of(tag: object) -> str:
    """Namespace part of a Clark-notation tag (``''`` when unqualified)."""
    if not isinstance(tag, str) or not tag.startswith("{"):
        return ""
    return tag[1:].partition("}")[0]
