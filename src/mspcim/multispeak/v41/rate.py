"""MultiSpeak 4.1 rates: ``rate``, ``rateComponent`` and ``RateChangedNotification``.

As the 4.1.6 WSDLs declare them: a ``rate`` (an ``mspObject``) has a ``rateCode``, its
description, the ``startTime`` it applies from, ``rateComponents`` (each a price, as simple
content, with ``currencyCode``, ``commodityUnits``, a description and a component rate code)
and ``TOUSchedules`` (not bound here: reported by ``msp_binding.unread``).
``RateChangedNotification(rateInfo, transactionID)`` is served by the MR, MDM, NOT and HAN
servers. Prices are ``Decimal``: the schema's ``xs:float`` is a lexical form, never a float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import MspObject, xml_list

__all__ = ["Rate", "RateChangedNotification", "RateComponent"]


@dataclass(slots=True, kw_only=True)
class RateComponent:
    """``rateComponent``: one price of a rate, per ``commodityUnits``, in ``currencyCode``."""

    value: Decimal = field(metadata=xml("."))
    currency_code: str | None = field(default=None, metadata=xml("@currencyCode"))
    commodity_units: str | None = field(default=None, metadata=xml("@commodityUnits"))
    rate_component_description: str | None = field(
        default=None, metadata=xml("@rateComponentDescription")
    )
    rate_code: str | None = field(default=None, metadata=xml("@rateCode"))


@dataclass(slots=True, kw_only=True)
class Rate(MspObject):
    """``rate``: a tariff by its code, from a start time, with its price components."""

    rate_code: str | None = field(default=None, metadata=xml("rateCode"))
    rate_code_description: str | None = field(default=None, metadata=xml("rateCodeDescription"))
    start_time: datetime | None = field(default=None, metadata=xml("startTime"))
    rate_components: list[RateComponent] = field(
        default_factory=list, metadata=xml_list("rateComponents", "rateComponent")
    )


@dataclass(slots=True, kw_only=True)
class RateChangedNotification:
    """MR/MDM/NOT/HAN_Server ``RateChangedNotification``: a rate was added or changed."""

    rate_info: Rate | None = field(default=None, metadata=xml("rateInfo"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
