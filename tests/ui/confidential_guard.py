"""A tripwire for the seat boundary: the window may not read any delegation's confidential material or hold the session.

``install()`` makes two things fail loudly (``ConfidentialAccess``) when the code doing them lives in
``negotiator.ui``:
- reading a confidential field of a scenario ``Delegation`` (points, priorities, walk-away value, confidential brief,
  red lines, interactions, means), its own seat's included (that reaches the window only through the seat's view);
- calling any method or property of :class:`~negotiator.session.session.Session` (the window plays through
  ``LocalGame`` and its seat channels).
Engine and game code called *by* the window (the debrief's analysis once the game is over) is not the window reading.
"""

from __future__ import annotations

import sys
from typing import Any

from negotiator.model import schema
from negotiator.session import session as session_module

CONFIDENTIAL = frozenset(
    {"points", "priorities", "reservation_value", "confidential_brief", "red_lines", "interactions", "means"}
)


class ConfidentialAccess(AssertionError):
    pass


def _caller_in_ui(depth: int) -> str | None:
    name = str(sys._getframe(depth).f_globals.get("__name__", ""))
    return name if name.startswith("negotiator.ui") else None


def install() -> list[str]:
    """Arm the tripwire; returns the list every refused access is also appended to (in case a caller swallows it)."""
    caught: list[str] = []
    plain = schema.Delegation.__getattribute__

    def guarded(self: Any, name: str) -> Any:
        if name in CONFIDENTIAL:
            where = _caller_in_ui(2)
            if where is not None:
                caught.append(f"{where} read Delegation.{name}")
                raise ConfidentialAccess(caught[-1])
        return plain(self, name)

    schema.Delegation.__getattribute__ = guarded  # type: ignore[method-assign]

    cls = session_module.Session
    for attr, value in list(vars(cls).items()):
        if attr.startswith("__") or attr.startswith("_"):
            continue
        if isinstance(value, property) and value.fget is not None:

            def make_get(fget: Any, attr: str = attr) -> Any:
                def get(self: Any) -> Any:
                    where = _caller_in_ui(2)
                    if where is not None:
                        caught.append(f"{where} used Session.{attr}")
                        raise ConfidentialAccess(caught[-1])
                    return fget(self)

                return property(get)

            setattr(cls, attr, make_get(value.fget))
        elif callable(value) and not isinstance(value, classmethod | staticmethod):

            def make_call(fn: Any, attr: str = attr) -> Any:
                def call(self: Any, *args: Any, **kwargs: Any) -> Any:
                    where = _caller_in_ui(2)
                    if where is not None:
                        caught.append(f"{where} called Session.{attr}")
                        raise ConfidentialAccess(caught[-1])
                    return fn(self, *args, **kwargs)

                return call

            setattr(cls, attr, make_call(value))
    return caught
