"""Imports every CIM profile module so that each registers its payload codecs.

Add one import per profile module here.
"""

from __future__ import annotations

from mspcim.cim import customer_meter_data_set as _customer_meter_data_set  # noqa: F401
from mspcim.cim import end_device_assets as _end_device_assets  # noqa: F401
from mspcim.cim import end_device_controls as _end_device_controls  # noqa: F401
from mspcim.cim import end_device_events as _end_device_events  # noqa: F401
from mspcim.cim import end_device_firmware as _end_device_firmware  # noqa: F401
from mspcim.cim import meter_asset_config as _meter_asset_config  # noqa: F401
from mspcim.cim import meter_asset_reading as _meter_asset_reading  # noqa: F401
from mspcim.cim import meter_read_schedule as _meter_read_schedule  # noqa: F401
from mspcim.cim import meter_readings_2009 as _meter_readings_2009  # noqa: F401
from mspcim.cim import meter_readings_2013 as _meter_readings_2013  # noqa: F401
from mspcim.cim import meter_service_requests as _meter_service_requests  # noqa: F401
from mspcim.cim import meter_system_events as _meter_system_events  # noqa: F401
from mspcim.cim.payloads import Edition, PayloadCodec, payload_codec, payload_for_tag, registered

__all__ = ["Edition", "PayloadCodec", "payload_codec", "payload_for_tag", "registered"]
