"""MultiSpeak 4.1 prepayment balance adjustments: ``ppmBalanceAdjustment`` and its operations.

As the 4.1.6 CB_Server and MDM_Server WSDLs declare them: an adjustment names the prepaid
account (``accountNumber``, ``serviceType``, ``ppmLocationID``) and lists ``adjustmentItem``s,
each an ``amount`` (``money``) applied to one ``balanceType``. ``AdjustPPMBalance`` sends
adjustments (answered by errorObjects), ``GetPPMBalanceAdjustments`` asks for those of a
period. The schemas also declare a ``ppmTransaction`` type that no operation carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v41.msp_binding import MspObject, xml_list

__all__ = [
    "AdjustPPMBalance",
    "AdjustmentItem",
    "BalanceType",
    "GetPPMBalanceAdjustments",
    "GetPPMBalanceAdjustmentsResponse",
    "PpmBalanceAdjustment",
]


class BalanceType(StrEnum):
    """``balanceType``: which balance of a prepaid account an adjustment item changes."""

    OTHER = "Other"
    PRIORITY = "priorityBalance"
    TOTAL = "totalBalance"
    ARREARS = "arrearsBalance"
    PREPAID = "prepaidBalance"


@dataclass(slots=True, kw_only=True)
class AdjustmentItem:
    """``adjustmentItem``: an amount applied to one balance."""

    balance_type: BalanceType = field(metadata=xml("balanceType"))
    amount: Money | None = field(default=None, metadata=xml("amount"))
    adjustment_item_id: str | None = field(default=None, metadata=xml("adjustmentItemID"))


@dataclass(slots=True, kw_only=True)
class PpmBalanceAdjustment(MspObject):
    """``ppmBalanceAdjustment``: adjustments of one prepaid account's balances."""

    description: str | None = field(default=None, metadata=xml("description"))
    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    service_type: str | None = field(default=None, metadata=xml("serviceType"))
    ppm_location_id: str | None = field(default=None, metadata=xml("ppmLocationID"))
    adjustment_item_list: list[AdjustmentItem] = field(
        default_factory=list, metadata=xml_list("adjustmentItemList", "adjustmentItem")
    )


@dataclass(slots=True, kw_only=True)
class AdjustPPMBalance:
    """CB/MDM_Server ``AdjustPPMBalance``: apply balance adjustments."""

    adjustments: list[PpmBalanceAdjustment] = field(
        default_factory=list, metadata=xml_list("adjustments", "ppmBalanceAdjustment")
    )


@dataclass(slots=True, kw_only=True)
class GetPPMBalanceAdjustments:
    """CB/MDM_Server ``GetPPMBalanceAdjustments``: the adjustments made in a period."""

    start_time: datetime = field(metadata=xml("startTime"))
    stop_time: datetime = field(metadata=xml("stopTime"))


@dataclass(slots=True, kw_only=True)
class GetPPMBalanceAdjustmentsResponse:
    """``GetPPMBalanceAdjustmentsResponse``: the adjustments."""

    result: list[PpmBalanceAdjustment] = field(
        default_factory=list,
        metadata=xml_list("GetPPMBalanceAdjustmentsResult", "ppmBalanceAdjustment"),
    )
