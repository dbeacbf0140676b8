"""Destination naming of the broker transport, declared as data: no broker needed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mspcim.cim.message import Verb
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.broker.destinations import (
    EVENT_VERBS,
    QUERY_VERBS,
    TRANSACTION_VERBS,
    Destination,
    DestinationKind,
    DestinationNaming,
    VerbFamily,
    family_of,
)

NAMING = DestinationNaming(prefix="utility.ami", group="gw-east")


def test_request_queues_by_verb_family_and_noun() -> None:
    assert NAMING.request(Verb.GET, "MeterReadings").uri == (
        "queue://utility.ami.request.query.MeterReadings"
    )
    assert NAMING.request(Verb.CREATE, "EndDeviceControls").stomp == (
        "/queue/utility.ami.request.transaction.EndDeviceControls"
    )
    assert NAMING.requests().stomp == "/queue/utility.ami.request.>"


def test_reply_queue_is_the_groups() -> None:
    assert NAMING.reply.uri == "queue://utility.ami.reply.gw-east"


def test_events_on_a_virtual_topic_and_the_groups_share_of_it() -> None:
    assert NAMING.event("EndDeviceEvents").uri == (
        "topic://VirtualTopic.utility.ami.event.EndDeviceEvents"
    )
    assert NAMING.event_queue("EndDeviceEvents").uri == (
        "queue://Consumer.gw-east.VirtualTopic.utility.ami.event.EndDeviceEvents"
    )
    assert NAMING.for_message(Verb.CREATED, "EndDeviceEvents") == NAMING.event("EndDeviceEvents")
    assert NAMING.for_message(Verb.GET, "MeterReadings") == NAMING.request(
        Verb.GET, "MeterReadings"
    )


def test_every_verb_has_exactly_one_role() -> None:
    roles = [QUERY_VERBS, TRANSACTION_VERBS, EVENT_VERBS]
    for verb in Verb:
        taken = [role for role in roles if verb in role]
        assert len(taken) == (0 if verb is Verb.REPLY else 1), verb
    assert family_of(Verb.GET) is VerbFamily.QUERY
    assert family_of(Verb.EXECUTE) is VerbFamily.TRANSACTION
    with pytest.raises(ValueError, match="no request"):
        family_of(Verb.REPLY)


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("queue://a.b", DestinationKind.QUEUE, "a.b"),
        ("topic://VirtualTopic.x", DestinationKind.TOPIC, "VirtualTopic.x"),
        ("/queue/a.b", DestinationKind.QUEUE, "a.b"),
        ("/temp-queue/sync", DestinationKind.TEMP_QUEUE, "sync"),
        ("/remote-temp-queue/ID:host-1:1", DestinationKind.REMOTE_TEMP_QUEUE, "ID:host-1:1"),
    ],
)
def test_parse_both_forms(text: str, kind: DestinationKind, name: str) -> None:
    destination = Destination.parse(text)
    assert (destination.kind, destination.name) == (kind, name)
    assert Destination.is_destination(text)


@pytest.mark.parametrize("text", ["http://gw/cim/reply", "", "queue:/x", "mailto:x@y"])
def test_not_a_destination(text: str) -> None:
    assert not Destination.is_destination(text)
    with pytest.raises(ValueError, match="not a broker destination"):
        Destination.parse(text)


@given(
    kind=st.sampled_from([DestinationKind.QUEUE, DestinationKind.TOPIC]),
    name=st.from_regex(r"[A-Za-z0-9_\-]{1,12}(\.[A-Za-z0-9_\-]{1,12}){0,4}", fullmatch=True),
)
def test_uri_and_stomp_forms_round_trip(kind: DestinationKind, name: str) -> None:
    destination = Destination(kind, name)
    assert Destination.parse(destination.uri) == destination
    assert Destination.parse(destination.stomp) == destination


@pytest.mark.parametrize(
    ("prefix", "group"), [("a.>", "g"), ("mspcim", "*"), ("", "g"), ("a..b", "g"), ("a b", "g")]
)
def test_wildcards_and_empty_segments_refused(prefix: str, group: str) -> None:
    with pytest.raises(ConfigurationError, match="dot-separated words"):
        DestinationNaming(prefix, group)


def test_noun_is_checked_too() -> None:
    with pytest.raises(ConfigurationError, match="noun"):
        NAMING.request(Verb.GET, "Meter>")
