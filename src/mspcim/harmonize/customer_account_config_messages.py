"""Whole messages of profile CustomerAccountConfig (8.1): the MultiSpeak account operations ⇄ CIM.

Declared as data (``object_messages``): ``AccountChangedNotification`` is the event of every
CIM verb (the accounts' ``@verb`` says New, Change or Delete); the CB/MDM queries become
``get CustomerAccountConfig`` requests — ``customerID`` and ``meterID`` as Request/IDs,
``lastReceived`` as a Request Option — and their responses ResponseMessages. Amounts are in the
header's ``DefaultCurrencyCode`` unless they name their own currency.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.customer_account_config import NOUN, CustomerAccountConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_messages import ObjectMessages, Query, register
from mspcim.harmonize.profiles import customer_account_config
from mspcim.multispeak.v41.account import (
    AccountChangedNotification,
    GetAccountByMeterID,
    GetAccountByMeterIDResponse,
    GetAccountsByCustomerID,
    GetAccountsByCustomerIDResponse,
    GetAllAccounts,
    GetAllAccountsResponse,
)

__all__ = ["CHANGED", "MESSAGES"]

CHANGED: Final = "AccountChangedNotification"

MESSAGES: Final = register(
    ObjectMessages(
        profile="CustomerAccountConfig",
        noun=NOUN,
        empty=CustomerAccountConfig,
        to_cim=customer_account_config.to_cim,
        to_msp=customer_account_config.to_msp,
        notifications={CHANGED: (AccountChangedNotification, Verb.CHANGED)},
        verb_operations=dict.fromkeys(
            (Verb.CREATED, Verb.CHANGED, Verb.DELETED, Verb.CREATE, Verb.CHANGE, Verb.DELETE),
            CHANGED,
        ),
        queries={
            "GetAllAccounts": Query(
                GetAllAccounts, "GetAllAccountsResponse", options=("last_received",)
            ),
            "GetAccountsByCustomerID": Query(
                GetAccountsByCustomerID,
                "GetAccountsByCustomerIDResponse",
                ids={"customer_id": ("customerID", "Customer")},
            ),
            "GetAccountByMeterID": Query(
                GetAccountByMeterID,
                "GetAccountByMeterIDResponse",
                ids={"meter_id": ("meterID", "Meter")},
            ),
        },
        responses={
            "GetAllAccountsResponse": GetAllAccountsResponse,
            "GetAccountsByCustomerIDResponse": GetAccountsByCustomerIDResponse,
            "GetAccountByMeterIDResponse": GetAccountByMeterIDResponse,
        },
        default_query="GetAllAccounts",
        acknowledged=CHANGED,
    )
)
"""The account operations, declared."""
