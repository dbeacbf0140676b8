"""Security of the gateway: who may call it, what they may do, and what never leaves it.

- ``hashing``: salted scrypt hashes of secrets, compared in constant time;
- ``credentials``: the credentials file (TOML): roles, callers and their hashes;
- ``gatekeeper``: authentication and authorisation of every inbound call, rate limits;
- ``masking``: the one function that blanks secrets in wire-tap copies and log lines;
- ``outbound``: the gateway's own credentials, added per destination just before sending;
- ``tls``: the listener's certificate and the verification of outbound calls.
"""
