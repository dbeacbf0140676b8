"""Whole messages of profile SDPLocationConfig (8.26): UsagePointLocationConfig → MultiSpeak.

A UsagePointLocationConfig (2009: SDPLocationConfig) event becomes a
``ServiceLocationChangedNotification``, a request a ``ModifyCBDataForServiceLocations``: each
location a ``serviceLocation`` with its points by id; created and deleted are each location's
``@verb``. MultiSpeak service location calls come back as ServiceLocationConfig (8.29), the
profile that holds the same locations with their points.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.catalogue import Edition
from mspcim.cim.message import Message, MessageKind
from mspcim.cim.sdp_location_config import NOUN, NOUNS, UsagePointLocationConfig
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.location_messages import header_of, location_body, with_action
from mspcim.harmonize.profile_messages import payload_document
from mspcim.harmonize.profiles import sdp_location_config
from mspcim.harmonize.routes import TranslateOptions, cim_route
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__ = ["PROFILE"]

PROFILE: Final = "SDPLocationConfig"


@cim_route(NOUNS[Edition.CIM2013], MessageKind.REQUEST, MessageKind.EVENT)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.REQUEST, MessageKind.EVENT)
def _locations_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = header_of(message)
    document = payload_document(message, NOUN, UsagePointLocationConfig)
    locations = sdp_location_config.to_msp(document, report)
    with_action(locations, header.verb)
    return location_body(message, locations, report, header.noun)
