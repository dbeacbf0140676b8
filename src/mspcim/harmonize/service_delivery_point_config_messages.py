"""Whole messages of profile ServiceDeliveryPointConfig (8.28): UsagePointConfig → MultiSpeak.

MultiSpeak 4.1 has no operation of its own for a service point: an ``electricService`` travels
inside the ``serviceLocation`` it is delivered at. A UsagePointConfig (2009:
ServiceDeliveryPointConfig) event becomes a ``ServiceLocationChangedNotification``, a request
a ``ModifyCBDataForServiceLocations``, with the points grouped by their ServiceLocation; created
and deleted are each point's ``@verb`` (``location_messages.VERB_ACTIONS``). MultiSpeak service
location calls come back as ServiceLocationConfig (8.29), which holds the same points.
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.catalogue import Edition
from mspcim.cim.message import Message, MessageKind
from mspcim.cim.service_delivery_point_config import NOUN, NOUNS, UsagePointConfig
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.location_messages import at_locations, header_of, location_body, with_action
from mspcim.harmonize.profile_messages import payload_document
from mspcim.harmonize.profiles import service_delivery_point_config
from mspcim.harmonize.routes import TranslateOptions, cim_route
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__ = ["PROFILE"]

PROFILE: Final = "ServiceDeliveryPointConfig"


@cim_route(NOUNS[Edition.CIM2013], MessageKind.REQUEST, MessageKind.EVENT)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.REQUEST, MessageKind.EVENT)
def _points_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = header_of(message)
    document = payload_document(message, NOUN, UsagePointConfig)
    services = service_delivery_point_config.to_msp(document, report)
    with_action(services, header.verb)
    locations = at_locations(services, report, f"/{NOUNS[Edition.CIM2013]}/UsagePoint")
    return location_body(message, locations, report, header.noun)
