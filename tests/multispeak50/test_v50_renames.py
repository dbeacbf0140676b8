"""Tables 75–77: every v4.1 ⇄ v5 rename checked against the 4.1.6 WSDLs and the v5 XSDs."""

from __future__ import annotations

import pytest

from mspcim.cim.message import Verb
from mspcim.harmonize.verbs_v5 import VERBS, cim_verb_of, v5_verb_of, verb_of_operation
from mspcim.multispeak.v50.renames import (
    KEPT,
    PAST_TENSE,
    PRESENT_TENSE,
    RENAMES,
    Release,
    v5_endpoint,
    v5_operation,
    v41_operations,
)


@pytest.fixture(scope="module")
def v41(schemas):
    catalogue = schemas.multispeak41
    return {endpoint: set(catalogue.operations(endpoint)) for endpoint in catalogue.endpoints()}


@pytest.fixture(scope="module")
def v5(schemas):
    found = {}
    for release in Release:
        endpoints = schemas.multispeak50.endpoints(release.value)
        found[release] = {
            endpoint: set(schemas.multispeak50.operations(release.value, endpoint))
            for endpoint in endpoints
        }
    return found


def _declared_in_v5(v41, v5, operation41, operation50, release):
    endpoints41 = [endpoint for endpoint, names in v41.items() if operation41 in names]
    assert endpoints41, f"{operation41} is in no 4.1.6 WSDL"
    return any(
        operation50 in v5[release].get(v5_endpoint(endpoint, operation50), set())
        for endpoint in endpoints41
    )


def test_every_rename_row_names_operations_both_schemas_declare(v41, v5):
    assert len(RENAMES) > 140
    missing = [
        (row.operation41, row.operation50, release.value)
        for row in RENAMES
        for release in row.releases
        if not _declared_in_v5(v41, v5, row.operation41, row.operation50, release)
    ]
    assert missing == []


def test_every_kept_name_exists_in_41_and_in_both_v5_releases(v41, v5):
    assert len(KEPT) > 50
    missing = [
        (name, release.value)
        for name in sorted(KEPT)
        for release in Release
        if not _declared_in_v5(v41, v5, name, name, release)
    ]
    assert missing == []


def test_each_tense_rename_is_shown_by_a_row():
    for old, new in PAST_TENSE.items():
        assert any(
            row.operation41.endswith(f"{old}Notification")
            and row.operation50.endswith(f"{new}Notification")
            for row in RENAMES
        ), (old, new)
    for old, new in PRESENT_TENSE.items():
        assert any(
            row.operation41.startswith(old) and row.operation50.startswith(new) for row in RENAMES
        ), (old, new)


@pytest.mark.parametrize(
    ("endpoint", "operation", "release", "expected"),
    [
        (
            "MR_Server",
            "InitiateMeterReadingsByMeterID",
            "5.0.7",
            ("MR_Server", "InitiateMeterReadingsByMeterIDs"),
        ),
        (
            "MR_Server",
            "GetLatestReadingByMeterID",
            "5.0.7",
            ("MR_Server", "GetLatestMeterReadingsByMeterIDs"),
        ),
        (
            "CB_Server",
            "ReadingChangedNotification",
            "5.0.7",
            ("NOT_Server", "MeterReadingsNotification"),
        ),
        (
            "CB_Server",
            "ReadingChangedNotification",
            "5.0.4",
            ("NOT_Server", "ReadingsChangedNotification"),
        ),
        (
            "CB_Server",
            "CDStateChangedNotification",
            "5.0.7",
            ("NOT_Server", "CDStatesChangedNotification"),
        ),
        (
            "NOT_Server",
            "MeterEventNotification",
            "5.0.7",
            ("NOT_Server", "EndDeviceEventsNotification"),
        ),
        (
            "CD_Server",
            "InitiateConnectDisconnect",
            "5.0.4",
            ("CD_Server", "InitiateConnectDisconnect"),
        ),
        (
            "MDM_Server",
            "MeterRetireNotification",
            "5.0.7",
            ("NOT_Server", "MetersDeletedNotification"),
        ),
        ("CB_Server", "GetCustomerByName", "5.0.4", ("CB_Server", "GetCustomersByName")),
        ("CB_Server", "GetCustomerByName", "5.0.7", None),
        ("MR_Server", "GetHistoryLogByMeterID", "5.0.7", None),
    ],
)
def test_v5_operation_of_a_41_operation(endpoint, operation, release, expected):
    assert v5_operation(endpoint, operation, release) == expected


def test_v41_operations_of_a_v5_operation():
    assert v41_operations("MetersDeletedNotification") == (
        "MeterRemoveNotification",
        "MeterRetireNotification",
    )
    assert v41_operations("InitiateConnectDisconnect") == ("InitiateConnectDisconnect",)
    assert v41_operations("GetNothingAtAll") == ()


def test_every_table_77_verb_occurs_in_a_507_operation(v5):
    names = set().union(*v5[Release.V507].values())
    for row in VERBS:
        if row.msp50:
            assert any(verb_of_operation(name) == row.msp50 for name in names), row.msp50


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        ("GetMetersByMeterIDs", (Verb.GET, None)),
        ("MetersCreatedNotification", (Verb.CREATED, None)),
        ("MetersInstalledNotification", (Verb.CHANGED, "install")),
        ("DemandResetsCancelledNotification", (Verb.CANCELED, None)),
        ("MeterReadingsNotification", (Verb.CREATED, None)),
        ("InitiateMeterReadingsByMeterIDs", None),
        ("PingURL", None),
    ],
)
def test_cim_verb_of_v5_operations(operation, expected):
    assert cim_verb_of(operation) == expected


def test_cim_verbs_back_to_v5_verbs():
    assert v5_verb_of(Verb.CHANGED) == "Changed"
    assert v5_verb_of(Verb.CHANGED, "exchange") == "Exchanged"
    assert v5_verb_of(Verb.GET) == "Get"
    assert v5_verb_of(Verb.CLOSED) is None
