"""Whole messages of profile EndDeviceAssets (8.5–8.11): EndDeviceConfig → MultiSpeak operations.

CIM → MultiSpeak only: an EndDeviceConfig (2009: EndDeviceAssets) request or event becomes the
meter notification or query its verb names, a ResponseMessage the response of a meter query,
exactly as for MeterConfig (``meter_asset_config_messages``), through the EndDeviceAssets
tables. The MultiSpeak operations themselves translate to MeterConfig, the profile that says
more about a meter; ``end_device_assets.to_cim`` gives the EndDeviceConfig view of them.
"""

from __future__ import annotations

from lxml import etree

from mspcim.cim.end_device_assets import NOUN, NOUNS, EndDeviceConfig
from mspcim.cim.message import Message, MessageKind
from mspcim.cim.payloads import Edition
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_asset_config_messages import config_to_msp, reply_to_msp
from mspcim.harmonize.profiles import end_device_assets
from mspcim.harmonize.routes import TranslateOptions, cim_route
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__: list[str] = []


@cim_route(NOUNS[Edition.CIM2013], MessageKind.REQUEST, MessageKind.EVENT)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.REQUEST, MessageKind.EVENT)
def _config_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    return config_to_msp(message, report, NOUN, EndDeviceConfig, end_device_assets.to_msp)


@cim_route(NOUNS[Edition.CIM2013], MessageKind.RESPONSE)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.RESPONSE)
def _reply_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    return reply_to_msp(message, report, NOUN, EndDeviceConfig, end_device_assets.to_msp)
