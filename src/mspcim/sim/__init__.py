"""Simulated peers: a CIM head-end and a MultiSpeak CB/MDM server, used by the demo and tests."""
