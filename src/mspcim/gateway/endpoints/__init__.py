"""HTTP endpoints of the gateway: MultiSpeak servers, the CIM reply address, operations."""
