"""Whole messages of profile ServiceDeliveryPoints (8.22): UsagePoints → MultiSpeak.

A UsagePoints (2009: ServiceDeliveryPoints) event becomes a ``ServiceLocationChangedNotification``,
a request a ``ModifyCBDataForServiceLocations``: each point an ``electricService`` (its ids and
links) inside the ``serviceLocation`` it is delivered at; created and deleted are each point's
``@verb``. MultiSpeak service location calls come back as ServiceLocationConfig (8.29).
"""

from __future__ import annotations

from typing import Final

from lxml import etree

from mspcim.cim.catalogue import Edition
from mspcim.cim.message import Message, MessageKind
from mspcim.cim.service_delivery_points import NOUN, NOUNS, UsagePoints
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.location_messages import at_locations, header_of, location_body, with_action
from mspcim.harmonize.profile_messages import payload_document
from mspcim.harmonize.profiles import service_delivery_points
from mspcim.harmonize.routes import TranslateOptions, cim_route
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__ = ["PROFILE"]

PROFILE: Final = "ServiceDeliveryPoints"


@cim_route(NOUNS[Edition.CIM2013], MessageKind.REQUEST, MessageKind.EVENT)
@cim_route(NOUNS[Edition.CIM2009], MessageKind.REQUEST, MessageKind.EVENT)
def _points_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    header = header_of(message)
    document = payload_document(message, NOUN, UsagePoints)
    services = service_delivery_points.to_msp(document, report)
    with_action(services, header.verb)
    locations = at_locations(services, report, f"/{NOUNS[Edition.CIM2013]}/UsagePoint")
    return location_body(message, locations, report, header.noun)
