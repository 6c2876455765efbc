"""Views on the wire: the game's view dataclasses to JSON objects and back, through pydantic's type adapters.

Only what a view dataclass declares is written (no state, no context, no scenario object), and reading rebuilds the
same frozen dataclasses the window already draws, so a window cannot tell a remote seat from a local one.
"""

from __future__ import annotations

import threading
from typing import Any, TypeVar

from pydantic import TypeAdapter

from negotiator.game.events import GameEvent
from negotiator.game.state import Entry
from negotiator.game.views import SeatView

V = TypeVar("V")


_adapters: dict[type[Any], TypeAdapter[Any]] = {}
_lock = threading.Lock()


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    """One adapter per view class (building one costs milliseconds; using one, microseconds)."""
    found = _adapters.get(kind)
    if found is None:
        with _lock:
            found = _adapters.setdefault(kind, TypeAdapter(kind))
    return found


def view_to_json(view: object) -> dict[str, Any]:
    """A view dataclass as a JSON-safe dict (tuples become lists)."""
    data: dict[str, Any] = _adapter(type(view)).dump_python(view, mode="json")
    return data


def view_json_text(view: object) -> str:
    """A view dataclass as compact JSON text, serialised in one pass (what the host splices into its frames)."""
    return _adapter(type(view)).dump_json(view).decode("utf-8")


def transcript_json_text(entries: tuple[Entry, ...]) -> str:
    """A transcript (the trainer's whole one) as JSON text."""
    return _adapter(tuple[Entry, ...]).dump_json(entries).decode("utf-8")  # type: ignore[arg-type]


def event_json(event: GameEvent) -> dict[str, Any]:
    """A game event as a JSON object (``kind``, ``seat``, ``ref``, ``audience``)."""
    return view_to_json(event)


def view_from_json(data: object, kind: type[V]) -> V:
    """The view dataclass ``kind`` rebuilt from :func:`view_to_json`'s output; raises pydantic's ValidationError."""
    result: V = _adapter(kind).validate_python(data)
    return result


def seat_view_from_json(data: object) -> SeatView:
    return view_from_json(data, SeatView)
