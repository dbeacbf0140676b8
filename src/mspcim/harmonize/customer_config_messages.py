"""Whole messages of profile CustomerConfig (8.3): the MultiSpeak customer operations ⇄ CIM.

Declared as data (``object_messages``): ``CustomerChangedNotification`` is the event of every
CIM verb (the customers' ``@verb`` says New, Change or Delete); the CB/MDM queries become
``get CustomerConfig`` requests — ``customerId`` as Request/ID of idType customerID, ``meterID``
of idType meterID, names and ``lastReceived`` as Request Options — and their responses
ResponseMessages.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.customer_config import NOUN, CustomerConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_messages import ObjectMessages, Query, register
from mspcim.harmonize.profiles import customer_config
from mspcim.multispeak.v41.customer import (
    CustomerChangedNotification,
    GetAllCustomers,
    GetAllCustomersResponse,
    GetCustomerByCustomerID,
    GetCustomerByCustomerIDResponse,
    GetCustomerByMeterID,
    GetCustomerByMeterIDResponse,
    GetCustomerByName,
    GetCustomerByNameResponse,
)

__all__ = ["CHANGED", "MESSAGES"]

CHANGED: Final = "CustomerChangedNotification"

MESSAGES: Final = register(
    ObjectMessages(
        profile="CustomerConfig",
        noun=NOUN,
        empty=CustomerConfig,
        to_cim=customer_config.to_cim,
        to_msp=customer_config.to_msp,
        notifications={CHANGED: (CustomerChangedNotification, Verb.CHANGED)},
        verb_operations=dict.fromkeys(
            (Verb.CREATED, Verb.CHANGED, Verb.DELETED, Verb.CREATE, Verb.CHANGE, Verb.DELETE),
            CHANGED,
        ),
        queries={
            "GetAllCustomers": Query(
                GetAllCustomers, "GetAllCustomersResponse", options=("last_received",)
            ),
            "GetCustomerByCustomerID": Query(
                GetCustomerByCustomerID,
                "GetCustomerByCustomerIDResponse",
                ids={"customer_id": ("customerID", "Customer")},
            ),
            "GetCustomerByMeterID": Query(
                GetCustomerByMeterID,
                "GetCustomerByMeterIDResponse",
                ids={"meter_id": ("meterID", "Meter")},
            ),
            "GetCustomerByName": Query(
                GetCustomerByName,
                "GetCustomerByNameResponse",
                options=("first_name", "last_name"),
            ),
        },
        responses={
            "GetAllCustomersResponse": GetAllCustomersResponse,
            "GetCustomerByCustomerIDResponse": GetCustomerByCustomerIDResponse,
            "GetCustomerByMeterIDResponse": GetCustomerByMeterIDResponse,
            "GetCustomerByNameResponse": GetCustomerByNameResponse,
        },
        default_query="GetAllCustomers",
        acknowledged=CHANGED,
    )
)
"""The customer operations, declared."""
