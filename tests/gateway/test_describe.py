"""GET on the MultiSpeak endpoint lists what it serves, WSDL-style."""

import httpx
import pytest
from lxml import etree

from mspcim import ns
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings
from mspcim.multispeak.catalogue import operations_of


@pytest.mark.anyio
@pytest.mark.parametrize("query", ["", "?wsdl"])
async def test_get_lists_the_operations_and_the_address(tmp_path, query):
    app = create_app(GatewaySettings(db_path=tmp_path / "g.db"))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw.example") as client:
            response = await client.get(f"/multispeak/v41/MR_Server{query}")
    finally:
        app.state.runtime.store.close()
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    root = etree.fromstring(response.content)
    assert root.tag == ns.qname(ns.WSDL, "definitions")
    assert root.get("targetNamespace") == ns.MSP41
    operations = root.xpath("//wsdl:portType/wsdl:operation/@name", namespaces={"wsdl": ns.WSDL})
    assert operations[:4] == [
        "PingURL",
        "GetMethods",
        "InitiateMeterReadingsByMeterID",
        "GetLatestReadingByMeterID",
    ]
    served = set(app.state.operations["MR_Server"])
    assert set(operations) == served | {"PingURL", "GetMethods"}
    assert set(operations) <= set(operations_of("MR_Server"))
    address = root.xpath("//*[local-name()='address']/@location")
    assert address == ["http://gw.example/multispeak/v41/MR_Server"]
