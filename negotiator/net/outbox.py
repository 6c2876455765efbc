"""One connection's outbound queue: frames wait here until that connection's sender writes them.

Each connection has its own outbox and its own sender task, so a laptop that stops reading (asleep with the socket
open, a weak Wi-Fi link) holds up nobody else. Views are whole snapshots, so a newer update replaces an older one
still waiting for the same table (in its place, keeping it ahead of the acknowledgements that followed it): a
stalled connection holds at most one pending view per table however long it stalls. Other frames (acks, errors,
chat) are few; if even they pile up past ``limit`` the connection is declared stalled and closed, and the client
reconnects and resyncs from its current view.
"""

from __future__ import annotations

import asyncio
from collections import deque


class OutboxOverflow(Exception):
    """The connection stopped reading; close it (the client will reconnect and resync)."""


class Outbox:
    """Frames for one connection, in order, with per-table update coalescing. Used on the host's loop only."""

    def __init__(self, limit: int = 256) -> None:
        self._limit = limit
        self._items: deque[list[str | int | None]] = deque()
        self._pending_update: dict[int, list[str | int | None]] = {}
        self._ready = asyncio.Event()
        self.coalesced = 0
        """How many updates were replaced by a newer one before being sent (a measure of stalling)."""

    def __len__(self) -> int:
        return len(self._items)

    def push(self, frame: str, *, update_of: int | None = None) -> None:
        """Queue ``frame``; ``update_of`` (a table number) marks a view update that a newer one may replace."""
        if update_of is not None:
            waiting = self._pending_update.get(update_of)
            if waiting is not None:
                waiting[0] = frame
                self.coalesced += 1
                return
        if len(self._items) >= self._limit:
            raise OutboxOverflow(f"{len(self._items)} frames waiting")
        item: list[str | int | None] = [frame, update_of]
        self._items.append(item)
        if update_of is not None:
            self._pending_update[update_of] = item
        self._ready.set()

    def seal(self, table: int) -> None:
        """Let no later update replace the view for ``table`` still waiting (its seat changed: a view of the new
        seat must not jump ahead of the welcome that moves the connection there)."""
        self._pending_update.pop(table, None)

    async def get(self) -> str:
        """The next frame to send (waits for one)."""
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        item = self._items.popleft()
        table = item[1]
        if isinstance(table, int) and self._pending_update.get(table) is item:
            del self._pending_update[table]
        frame = item[0]
        assert isinstance(frame, str)
        return frame
