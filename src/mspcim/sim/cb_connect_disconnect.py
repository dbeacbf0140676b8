"""The simulated CB server takes ``CDStateChangedNotification``: the outcome of one meter's switch.

Registered with the CB simulator; each call is recorded in ``app.state.calls`` with the parsed
notification as ``parsed`` and answered with an empty ArrayOfErrorObject (one errorObject when
the settings say ``fail_with``).
"""

from __future__ import annotations

from lxml import etree

from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.v41.connect_disconnect import read_cd_state_changed_notification
from mspcim.multispeak.v41.operations import build_array_of_error_object_response
from mspcim.sim.cb import CbSettings, ReceivedCall, register_operation
from mspcim.soap import SoapEnvelope

__all__ = ["OPERATION", "cd_state_changed_notification"]

OPERATION = "CDStateChangedNotification"


@register_operation(OPERATION)
def cd_state_changed_notification(
    call: ReceivedCall, envelope: SoapEnvelope, settings: CbSettings
) -> etree._Element:
    """Read and record the notification; answer it (with an errorObject when told to fail)."""
    notification = read_cd_state_changed_notification(envelope.first_body)
    call.parsed = notification
    errors = []
    if settings.fail_with is not None:
        errors.append(
            ErrorObject(
                error_string=settings.fail_with,
                object_id=notification.transaction_id,
                event_time=call.received_at,
            )
        )
    return build_array_of_error_object_response(OPERATION, errors)
