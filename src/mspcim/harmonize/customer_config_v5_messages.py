"""Whole MultiSpeak 5.0 messages of profile CustomerConfig (clause 9) ⇄ CIM, declared as data.

NOT_Server ``CustomersChangedNotification`` and ``CustomersCreatedNotification`` are the
*changed* and *created* CustomerConfig events, ``CustomersDeletedNotification`` (objectRefs)
the *deleted* one; the CB_Server queries become ``get
CustomerConfig`` requests — ``customerID`` items as Request/IDs of idType customerID, meterIDs
of idType meterID, ``lastReceived`` an Option — and their responses ResponseMessages.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.customer_config import NOUN, CustomerConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_v5_messages import ObjectMessages50, Query50, register50
from mspcim.harmonize.profiles import customer_config_v5
from mspcim.multispeak.v50.customer import (
    Customer,
    CustomersChangedNotification,
    CustomersCreatedNotification,
    GetAllCustomers,
    GetAllCustomersResponse,
    GetCustomersByCustomerIDs,
    GetCustomersByCustomerIDsResponse,
    GetCustomersByMeterIDs,
    GetCustomersByMeterIDsResponse,
)

__all__ = ["CHANGED", "CREATED", "DELETED", "MESSAGES"]

CHANGED: Final = "CustomersChangedNotification"
CREATED: Final = "CustomersCreatedNotification"
DELETED: Final = "CustomersDeletedNotification"

MESSAGES: Final = register50(
    ObjectMessages50(
        profile="CustomerConfig",
        noun=NOUN,
        empty=CustomerConfig,
        to_cim=customer_config_v5.to_cim,
        to_msp=customer_config_v5.to_msp,
        notifications={
            CHANGED: (CustomersChangedNotification, Verb.CHANGED),
            CREATED: (CustomersCreatedNotification, Verb.CREATED),
        },
        verb_operations={
            Verb.CHANGED: CHANGED,
            Verb.CHANGE: CHANGED,
            Verb.CREATED: CREATED,
            Verb.CREATE: CREATED,
        },
        queries={
            "GetAllCustomers": Query50(
                GetAllCustomers, "GetAllCustomersResponse", options=("last_received",)
            ),
            "GetCustomersByCustomerIDs": Query50(
                GetCustomersByCustomerIDs,
                "GetCustomersByCustomerIDsResponse",
                ids={"customer_ids": ("customerID", "Customer")},
            ),
            "GetCustomersByMeterIDs": Query50(
                GetCustomersByMeterIDs,
                "GetCustomersByMeterIDsResponse",
                ids={"meter_ids": ("meterID", "Meter")},
            ),
        },
        responses={
            "GetAllCustomersResponse": GetAllCustomersResponse,
            "GetCustomersByCustomerIDsResponse": GetCustomersByCustomerIDsResponse,
            "GetCustomersByMeterIDsResponse": GetCustomersByMeterIDsResponse,
        },
        default_query="GetAllCustomers",
        acknowledged=CHANGED,
        deleted=DELETED,
        deleted_noun="msp:customer",
        reference=lambda guid, primary: Customer(object_guid=guid, primary_identifier=primary),
    )
)
"""The v5 customer operations, declared."""
