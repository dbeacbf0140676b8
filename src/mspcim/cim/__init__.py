"""The CIM side: the edition-neutral pivot, code systems, 61968-100 envelopes, 61968-9 payloads."""
