"""Whole MultiSpeak 5.0 messages of profile CustomerAccountConfig (clause 9) ⇄ CIM, as data.

NOT_Server ``AccountsChangedNotification`` and ``AccountsCreatedNotification`` are the
*changed* and *created* CustomerAccountConfig events, ``AccountsDeletedNotification`` the
*deleted* one; the CB_Server queries become ``get
CustomerAccountConfig`` requests — ``accountID``, ``customerID`` and ``meterID`` items as
Request/IDs of those idTypes, ``lastReceived`` an Option — and their responses
ResponseMessages. ``GetAccountsByServiceLocationIDsAndServiceType`` asks for the agreements
serving locations: profile CustomerAgreementConfig.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.customer_account_config import NOUN, CustomerAccountConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_v5_messages import ObjectMessages50, Query50, register50
from mspcim.harmonize.profiles import customer_account_config_v5
from mspcim.multispeak.v50.account import (
    Account,
    AccountsChangedNotification,
    AccountsCreatedNotification,
    GetAccounts,
    GetAccountsByAccountIDs,
    GetAccountsByCustomerIDs,
    GetAccountsByMeterIDs,
    GetAccountsResponse,
)

__all__ = ["CHANGED", "CREATED", "DELETED", "MESSAGES"]

CHANGED: Final = "AccountsChangedNotification"
CREATED: Final = "AccountsCreatedNotification"
DELETED: Final = "AccountsDeletedNotification"
_QUERIES: Final = {
    "GetAccountsByAccountIDs": (
        GetAccountsByAccountIDs,
        "account_ids",
        "accountID",
        "CustomerAccount",
    ),
    "GetAccountsByCustomerIDs": (
        GetAccountsByCustomerIDs,
        "customer_ids",
        "customerID",
        "Customer",
    ),
    "GetAccountsByMeterIDs": (GetAccountsByMeterIDs, "meter_ids", "meterID", "Meter"),
}

MESSAGES: Final = register50(
    ObjectMessages50(
        profile="CustomerAccountConfig",
        noun=NOUN,
        empty=CustomerAccountConfig,
        to_cim=customer_account_config_v5.to_cim,
        to_msp=customer_account_config_v5.to_msp,
        notifications={
            CHANGED: (AccountsChangedNotification, Verb.CHANGED),
            CREATED: (AccountsCreatedNotification, Verb.CREATED),
        },
        verb_operations={
            Verb.CHANGED: CHANGED,
            Verb.CHANGE: CHANGED,
            Verb.CREATED: CREATED,
            Verb.CREATE: CREATED,
        },
        queries={
            "GetAccounts": Query50(GetAccounts, "GetAccountsResponse", options=("last_received",)),
            **{
                name: Query50(cls, f"{name}Response", ids={field: (id_type, object_type)})
                for name, (cls, field, id_type, object_type) in _QUERIES.items()
            },
        },
        responses={
            "GetAccountsResponse": GetAccountsResponse,
            **{f"{name}Response": GetAccountsResponse for name in _QUERIES},
        },
        default_query="GetAccounts",
        acknowledged=CHANGED,
        deleted=DELETED,
        deleted_noun="msp:account",
        reference=lambda guid, primary: Account(object_guid=guid, primary_identifier=primary),
    )
)
"""The v5 account operations, declared."""
