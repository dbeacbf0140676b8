"""The store's unit of work: writes held back in one task and committed together, or not at all.

``unit_of_work(owner, commit)`` opens a unit for the current task (a ``ContextVar``, so other
tasks and threads are not affected); ``hold_back(owner, write, tap)`` puts a write in it. At the
end the writes go to ``commit`` as one batch; when the block raises, only the ``tap`` writes
(wire-tap copies: a message that came in stays on record) are committed, and the error goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from mspcim.exceptions import StoreError
from mspcim.gateway.store_interface import Write

__all__ = ["Write", "hold_back", "unit_of_work"]

log = logging.getLogger("mspcim.gateway.store")

Commit = Callable[[Sequence[Write]], None]


@dataclass(slots=True)
class _Unit:
    """The writes held back for one owner in one task (``tap``: kept when the unit fails)."""

    owner: object
    writes: list[tuple[Write, bool]] = field(default_factory=list)
    closed: bool = False

    def takes(self, owner: object) -> bool:
        """Whether writes to ``owner`` join this unit."""
        return self.owner is owner and not self.closed


_current: ContextVar[_Unit | None] = ContextVar("mspcim_unit_of_work", default=None)


@contextmanager
def unit_of_work(owner: object, commit: Commit) -> Iterator[None]:
    """Hold back the task's writes to ``owner`` and ``commit`` them together at the end.

    A unit inside a unit of the same owner joins it.
    """
    current = _current.get()
    if current is not None and current.takes(owner):
        yield
        return
    unit = _Unit(owner)
    token = _current.set(unit)
    try:
        yield
    except BaseException:
        unit.closed = True
        _current.reset(token)
        taps = [write for write, tap in unit.writes if tap]
        if taps:
            try:
                commit(taps)
            except StoreError:
                log.exception("wire-tap copies of a failed unit of work could not be kept")
        raise
    unit.closed = True
    _current.reset(token)
    commit([write for write, _ in unit.writes])


def hold_back(owner: object, write: Write, tap: bool) -> bool:
    """Put ``write`` in the task's open unit for ``owner``; False when there is none."""
    unit = _current.get()
    if unit is None or not unit.takes(owner):
        return False
    unit.writes.append((write, tap))
    return True
