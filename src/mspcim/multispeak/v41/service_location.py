"""MultiSpeak 4.1 ``serviceLocation``: a place where services are delivered, and its services.

As the 4.1.6 WSDLs declare it (``mspPointObject`` → ``serviceLocation``): the customer, a
description and facility name, the service address (``address`` of Annex A), SIC code and site
id, the political and survey ``network`` (districts, county, city, section, lot …), the
electric services delivered there (``electricService``), phone numbers, special needs and
contact information. Water, gas, propane and other services, graphic symbols, annotations and
the order and work lists are not modelled: ``msp_binding.unread`` names them so a translation
reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.address import Address, ContactInfo, PhoneNumber
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.multispeak.v41.msp_binding import xml_list
from mspcim.multispeak.v41.point_object import MspPointObject

__all__ = ["Network", "ServiceLocation"]


@dataclass(slots=True, kw_only=True)
class Network:
    """``network``: the districts, county, town and survey parcel a location is part of."""

    board_dist: str | None = field(default=None, metadata=xml("boardDist"))
    tax_dist: str | None = field(default=None, metadata=xml("taxDist"))
    franchise_dist: str | None = field(default=None, metadata=xml("franchiseDist"))
    school_dist: str | None = field(default=None, metadata=xml("schoolDist"))
    district: str | None = field(default=None, metadata=xml("district"))
    county: str | None = field(default=None, metadata=xml("county"))
    city_code: str | None = field(default=None, metadata=xml("cityCode"))
    city: str | None = field(default=None, metadata=xml("city"))
    state: str | None = field(default=None, metadata=xml("state"))
    postal_code: str | None = field(default=None, metadata=xml("postalCode"))
    country: str | None = field(default=None, metadata=xml("country"))
    section: str | None = field(default=None, metadata=xml("section"))
    township: str | None = field(default=None, metadata=xml("township"))
    range: str | None = field(default=None, metadata=xml("range"))
    subdivision: str | None = field(default=None, metadata=xml("subdivision"))
    block: str | None = field(default=None, metadata=xml("block"))
    lot: str | None = field(default=None, metadata=xml("lot"))


@dataclass(slots=True, kw_only=True)
class ServiceLocation(MspPointObject):
    """``serviceLocation``: where services are delivered, to whom, and the services themselves."""

    customer_id: str | None = field(default=None, metadata=xml("customerID"))
    description: str | None = field(default=None, metadata=xml("description"))
    facility_name: str | None = field(default=None, metadata=xml("facilityName"))
    service_address: Address | None = field(default=None, metadata=xml("serviceAddress"))
    sic: str | None = field(default=None, metadata=xml("SIC"))
    site_id: str | None = field(default=None, metadata=xml("siteID"))
    network: Network | None = field(default=None, metadata=xml("network"))
    electric_service_list: list[ElectricService] = field(
        default_factory=list, metadata=xml_list("electricServiceList", "electricService")
    )
    phone_list: list[PhoneNumber] = field(
        default_factory=list, metadata=xml_list("phoneList", "phoneNumber")
    )
    special_needs: str | None = field(default=None, metadata=xml("specialNeeds"))
    contact_info: ContactInfo | None = field(default=None, metadata=xml("contactInfo"))
