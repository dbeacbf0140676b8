"""``GetLatestMeterReadingsByMeterIDs`` over v5, end to end: the caller waits for the CIM side.

The answer holds one meterReading per meter with the head-end's values (the kWh register
exact), a meter the head-end does not know as a meterReading with errorObjects, and an empty
meterID as an error in the response header's Result; every answer is schema-valid (5.0.7).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from _v50_support import MR_NAMESPACE, V5Caller, guid
from lxml import etree

from mspcim import ns
from mspcim.multispeak.v50.meter_reading import read_meter_readings_list
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.readings import ENERGY_KWH, energy_register_kwh

pytestmark = pytest.mark.e2e


def get_latest(meters: list[str]) -> etree._Element:
    body = etree.Element(ns.qname(MR_NAMESPACE, "GetLatestMeterReadingsByMeterIDs"))
    holder = etree.SubElement(body, ns.qname(MR_NAMESPACE, "ArrayOfMeterID"))
    for meter in meters:
        etree.SubElement(holder, ns.qname(ns.MSP50_ARRAYS, "meterID")).text = meter
    return body


def test_latest_readings_with_an_unknown_and_an_empty_meter(stack):
    known, ghost = guid("LATEST-1"), guid("LATEST-GHOST")
    stack.start(HeadEndSettings(seed=11, unknown_meters=frozenset({ghost})))
    caller = V5Caller(stack).start()

    answer = caller.post(get_latest([known, ghost, ""]))

    assert answer.response.status_code == 200, answer.response.text
    assert answer.body.tag == ns.qname(MR_NAMESPACE, "GetLatestMeterReadingsByMeterIDsResponse")
    readings = {
        reading.meter_id.object_guid: reading
        for reading in read_meter_readings_list(answer.body, MR_NAMESPACE, "/answer")
        if reading.meter_id is not None
    }
    assert sorted(readings) == sorted([known, ghost])
    energy = next(
        value
        for value in readings[known].reading_values
        if value.reading_type_code is not None and value.reading_type_code.value == ENERGY_KWH.text
    )
    assert energy.time_stamp is not None
    assert Decimal(energy.value or "") == energy_register_kwh(known, energy.time_stamp)
    [failure] = readings[ghost].error_objects
    assert failure.reference_id == ghost and failure.display_string
    result = caller.response_header(answer).result
    [error] = result.error_objects
    assert (error.display_string, error.noun_type, error.reference_id) == (
        "empty meterID",
        "meterID",
        "",
    )
    assert stack.store.transactions() == []


def test_a_cim_side_that_cannot_be_reached_is_a_server_fault(stack):
    stack.start_gateway(cim_endpoint="http://127.0.0.1:9/")
    caller = V5Caller(stack).start()

    answer = caller.post(get_latest([guid("LATEST-2")]))

    assert answer.envelope.fault is not None
    assert not answer.envelope.fault.sender
    assert "the CIM system did not answer usably" in answer.envelope.fault.reason
