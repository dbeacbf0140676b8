"""Whole MultiSpeak 5.0 messages of profile CustomerAgreementConfig (clause 9) ⇄ CIM, as data.

A 5.0 serviceAgreement travels inside the account that bills it, so the agreement events become
``AccountsChangedNotification`` / ``AccountsCreatedNotification`` holding the accounts (by
identity) and their agreements; those notifications read back as CustomerAccountConfig, whose
profile they are. CB_Server ``GetAccountsByServiceLocationIDsAndServiceType`` asks for the
agreements serving locations: ``serviceLocationID`` items as Request/IDs, each ``serviceType``
an Option; its response is a ResponseMessage of the accounts' agreements.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.customer_agreement_config import NOUN, CustomerAgreementConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_v5_messages import ObjectMessages50, Query50, register50
from mspcim.harmonize.profiles import customer_agreement_config_v5
from mspcim.multispeak.v50.account import (
    AccountsChangedNotification,
    AccountsCreatedNotification,
    GetAccountsByServiceLocationIDsAndServiceType,
    GetAccountsResponse,
)

__all__ = ["MESSAGES", "SERVING"]

SERVING: Final = "GetAccountsByServiceLocationIDsAndServiceType"
_CHANGED: Final = "AccountsChangedNotification"
_CREATED: Final = "AccountsCreatedNotification"

MESSAGES: Final = register50(
    ObjectMessages50(
        profile="CustomerAgreementConfig",
        noun=NOUN,
        empty=CustomerAgreementConfig,
        to_cim=customer_agreement_config_v5.to_cim,
        to_msp=customer_agreement_config_v5.to_msp,
        notifications={
            _CHANGED: (AccountsChangedNotification, Verb.CHANGED),
            _CREATED: (AccountsCreatedNotification, Verb.CREATED),
        },
        verb_operations={
            Verb.CHANGED: _CHANGED,
            Verb.CHANGE: _CHANGED,
            Verb.CREATED: _CREATED,
            Verb.CREATE: _CREATED,
        },
        queries={
            SERVING: Query50(
                GetAccountsByServiceLocationIDsAndServiceType,
                f"{SERVING}Response",
                ids={"service_location_ids": ("serviceLocationID", "ServiceLocation")},
                options=("service_types",),
            )
        },
        responses={f"{SERVING}Response": GetAccountsResponse},
        default_query=SERVING,
        acknowledged=_CHANGED,
        borrowed=frozenset({_CHANGED, _CREATED}),
    )
)
"""The v5 operations of the agreements, declared."""
