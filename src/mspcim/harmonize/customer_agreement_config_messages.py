"""Whole messages of profile CustomerAgreementConfig (8.2): agreements ⇄ MultiSpeak accounts.

Declared as data (``object_messages``): ``GetAccountByServiceLocationIDAndServiceType`` asks
for the agreement serving a location with a service (``serviceLocationID`` as Request/ID of
idType serviceLocationID, ``serviceType`` as a Request Option) and its response answers with
it. An agreement event becomes ``AccountChangedNotification`` (the accounts' ``@verb`` says
New, Change or Delete); MultiSpeak's own account notifications translate to
CustomerAccountConfig, which holds the same agreement values.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.customer_agreement_config import NOUN, CustomerAgreementConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_messages import ObjectMessages, Query, register
from mspcim.harmonize.profiles import customer_agreement_config
from mspcim.multispeak.v41.account import (
    AccountChangedNotification,
    GetAccountByServiceLocationIDAndServiceType,
    GetAccountByServiceLocationIDAndServiceTypeResponse,
)

__all__ = ["MESSAGES", "QUERY"]

CHANGED: Final = "AccountChangedNotification"
QUERY: Final = "GetAccountByServiceLocationIDAndServiceType"

MESSAGES: Final = register(
    ObjectMessages(
        profile="CustomerAgreementConfig",
        noun=NOUN,
        empty=CustomerAgreementConfig,
        to_cim=customer_agreement_config.to_cim,
        to_msp=customer_agreement_config.to_msp,
        notifications={CHANGED: (AccountChangedNotification, Verb.CHANGED)},
        verb_operations=dict.fromkeys(
            (Verb.CREATED, Verb.CHANGED, Verb.DELETED, Verb.CREATE, Verb.CHANGE, Verb.DELETE),
            CHANGED,
        ),
        queries={
            QUERY: Query(
                GetAccountByServiceLocationIDAndServiceType,
                f"{QUERY}Response",
                ids={"service_location_id": ("serviceLocationID", "ServiceLocation")},
                options=("service_type",),
            )
        },
        responses={f"{QUERY}Response": GetAccountByServiceLocationIDAndServiceTypeResponse},
        default_query=QUERY,
        acknowledged=CHANGED,
        borrowed=frozenset({CHANGED}),
    )
)
"""The agreement operations, declared."""
