"""Imports every CIM profile module so that each registers its payload codecs.

Add one import per profile module here.
"""

from __future__ import annotations

from mspcim.cim import end_device_controls as _end_device_controls  # noqa: F401
from mspcim.cim import meter_readings_2013 as _meter_readings_2013  # noqa: F401
from mspcim.cim.payloads import Edition, PayloadCodec, payload_codec, payload_for_tag, registered

__all__ = ["Edition", "PayloadCodec", "payload_codec", "payload_for_tag", "registered"]
