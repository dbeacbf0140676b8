"""The simulated CB server takes ``CDStateChangedNotification``: the outcome of one meter's switch.

Registered with the CB simulator; each call is recorded in ``app.state.calls`` with the parsed
notification as ``parsed`` and answered with an empty ArrayOfErrorObject (one errorObject when
the settings say ``fail_with``).
"""

from __future__ import annotations

from lxml import etree

from mspcim.multispeak.v41.connect_disconnect import read_cd_state_changed_notification
from mspcim.sim.cb import CbSettings, ReceivedCall, notification_answer, register_operation
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
    return notification_answer(OPERATION, settings, notification.transaction_id, call.received_at)
