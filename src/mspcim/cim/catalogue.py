"""Imports every CIM profile module so that each registers its payload codecs.

Add one import per profile module here.
"""

from __future__ import annotations

from mspcim.cim import activity_records as _activity_records  # noqa: F401
from mspcim.cim import auxiliary_agreement_config as _auxiliary_agreement_config  # noqa: F401
from mspcim.cim import customer_account_config as _customer_account_config  # noqa: F401
from mspcim.cim import customer_agreement_config as _customer_agreement_config  # noqa: F401
from mspcim.cim import customer_config as _customer_config  # noqa: F401
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
from mspcim.cim import pricing_structure_config as _pricing_structure_config  # noqa: F401
from mspcim.cim import receipt_record as _receipt_record  # noqa: F401
from mspcim.cim import sdp_location_config as _sdp_location_config  # noqa: F401
from mspcim.cim import service_category_config as _service_category_config  # noqa: F401
from mspcim.cim import service_delivery_point_config as _service_delivery_point_config  # noqa: F401
from mspcim.cim import service_delivery_points as _service_delivery_points  # noqa: F401
from mspcim.cim import service_location_config as _service_location_config  # noqa: F401
from mspcim.cim import supplier_config as _supplier_config  # noqa: F401
from mspcim.cim import transaction_record as _transaction_record  # noqa: F401
from mspcim.cim.payloads import Edition, PayloadCodec, payload_codec, payload_for_tag, registered

__all__ = ["Edition", "PayloadCodec", "payload_codec", "payload_for_tag", "registered"]
