"""The gateway app serves MultiSpeak v5 beside 4.1: its v5 endpoints and what each offers.

The flows register their v5 operations (``Flow50``): MR_Server the reads, CD_Server the
connect/disconnect, NOT_Server every v5 notification with a translation; 4.1 endpoints keep
their own operations, and a 4.1 operation name is no v5 one.
"""

from __future__ import annotations

import pytest
from _endpoint50_support import header, request

from mspcim import ns, xmlsafe
from mspcim.soap import read_envelope

pytestmark = pytest.mark.anyio


async def test_the_v5_endpoints_and_their_operations(gateway):
    served = gateway.app.state.operations50

    assert sorted(served) == ["CD_Server", "MR_Server", "NOT_Server"]
    assert served["MR_Server"] == [
        "GetLatestMeterReadingsByMeterIDs",
        "InitiateMeterReadingsByMeterIDs",
    ]
    assert served["CD_Server"] == ["InitiateConnectDisconnect"]
    assert {
        "MeterReadingsNotification",
        "ReadingsChangedNotification",
        "CDStatesChangedNotification",
        "EndDeviceEventsNotification",
    } <= set(served["NOT_Server"])
    assert "InitiateMeterReadingsByMeterIDs" not in gateway.app.state.operations["MR_Server"]


async def test_get_lists_the_v5_operations_of_an_endpoint(gateway):
    response = await gateway.client.get("/multispeak/v50/CD_Server")

    root = xmlsafe.parse(response.content)
    names = [op.get("name") for op in root.iter(ns.qname(ns.WSDL, "operation"))]
    assert names == ["GetMethods", "InitiateConnectDisconnect", "PingURL"]


async def test_a_41_operation_name_on_the_v5_endpoint_is_a_fault(gateway, assert_schema_valid):
    namespace = ns.MSP50_WSDL.format(endpoint="MR_Server")
    body = xmlsafe.parse(f'<InitiateMeterReadingsByMeterID xmlns="{namespace}"/>'.encode())
    response = await gateway.client.post(
        "/multispeak/v50/MR_Server",
        content=request(body, header()),
        headers={"content-type": "text/xml; charset=utf-8"},
    )

    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None
    assert "InitiateMeterReadingsByMeterID'" in envelope.fault.reason
    assert gateway.store.transactions() == []
