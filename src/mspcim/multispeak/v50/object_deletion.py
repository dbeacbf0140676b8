"""MultiSpeak 5.0 ``objectDeletion`` and the NOT_Server ``…DeletedNotification`` operations.

An ``objectDeletion`` (an ``mspReferable``) names a deleted object by ``objectRef`` (its GUID,
noun and identifier values) and says why, by whom and when. Every NOT_Server
``<Objects>DeletedNotification`` carries an ``ArrayOfObjectDeletion`` and a ``transactionID``:
``ObjectsDeletedNotification`` binds them all (the element name is the operation's). The
responsible person is not modelled: ``msp_binding.unread`` names it so a translation reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.customer import NOT_SERVER, array_of
from mspcim.multispeak.v50.identity import MspReferable, ObjectRef

__all__ = ["ObjectDeletion", "ObjectsDeletedNotification"]


@dataclass(slots=True, kw_only=True)
class ObjectDeletion(MspReferable):
    """``objectDeletion``: which object was deleted, why, by which system and when."""

    object_ref: ObjectRef = field(metadata=xml("objectRef"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    responsible_system: str | None = field(default=None, metadata=xml("responsibleSystem"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))


@dataclass(slots=True, kw_only=True)
class ObjectsDeletedNotification:
    """NOT_Server ``<Objects>DeletedNotification``: objects the sender deleted."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    deletions: list[ObjectDeletion] = field(
        default_factory=list, metadata=array_of("ArrayOfObjectDeletion", "objectDeletion")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
