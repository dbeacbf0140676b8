"""Whole messages of profile AuxiliaryAgreementConfig: MultiSpeak prepaid enrolment ⇄ CIM.

Declared as data (``object_messages``): MDM_Server ``EnrollPPMCustomer`` is a ``create``
request of AuxiliaryAgreementConfig and ``UnenrollPPMCustomer`` a ``delete`` one (events
created and deleted become them too); their errorObject responses are ResponseMessages.
``GetPPMCustomer`` asks for the agreement by ``accountNumber`` (Request/ID of idType
accountNumber) and its response answers with it. Amounts are in the header's
``DefaultCurrencyCode`` unless they name their own currency.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.auxiliary_agreement_config import NOUN, AuxiliaryAgreementConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_messages import ObjectMessages, Query, register
from mspcim.harmonize.profiles import auxiliary_agreement_config
from mspcim.multispeak.v41.ppm_location import (
    EnrollPPMCustomer,
    GetPPMCustomer,
    GetPPMCustomerResponse,
    UnenrollPPMCustomer,
)

__all__ = ["ENROLL", "MESSAGES", "UNENROLL"]

ENROLL: Final = "EnrollPPMCustomer"
UNENROLL: Final = "UnenrollPPMCustomer"

MESSAGES: Final = register(
    ObjectMessages(
        profile="AuxiliaryAgreementConfig",
        noun=NOUN,
        empty=AuxiliaryAgreementConfig,
        to_cim=auxiliary_agreement_config.to_cim,
        to_msp=auxiliary_agreement_config.to_msp,
        notifications={},
        requests={
            ENROLL: (EnrollPPMCustomer, Verb.CREATE),
            UNENROLL: (UnenrollPPMCustomer, Verb.DELETE),
        },
        verb_operations={
            Verb.CREATE: ENROLL,
            Verb.CREATED: ENROLL,
            Verb.DELETE: UNENROLL,
            Verb.DELETED: UNENROLL,
        },
        queries={
            "GetPPMCustomer": Query(
                GetPPMCustomer,
                "GetPPMCustomerResponse",
                ids={"account_number": ("accountNumber", "CustomerAccount")},
            )
        },
        responses={"GetPPMCustomerResponse": GetPPMCustomerResponse},
        default_query="GetPPMCustomer",
        acknowledged=ENROLL,
    )
)
"""The prepaid enrolment operations, declared."""
