"""A bare WebSocket client for the classroom tests: sends exactly the frames a test writes (no RemoteSeat logic)."""

from __future__ import annotations

import json
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect


class Wire:
    def __init__(self, url: str) -> None:
        self.ws: ClientConnection = connect(
            url, proxy=None, max_size=None, open_timeout=5, close_timeout=1
        ).__enter__()

    def send(self, frame: dict[str, Any] | str | bytes) -> None:
        self.ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))

    def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.ws.recv(timeout))
        return data

    def recv_type(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:
        """The next frame of type ``kind`` (skipping presence and other frames on the way)."""
        while True:
            frame = self.recv(timeout)
            if frame["type"] == kind:
                return frame

    def join(self, token: str, name: str = "", **extra: Any) -> dict[str, Any]:
        self.send({"type": "join", "token": token, "protocol": 1, "name": name, **extra})
        return self.recv()

    def closed(self, timeout: float = 5.0) -> bool:
        """Whether the host closes the link (reading everything until it does)."""
        try:
            while True:
                self.ws.recv(timeout)
        except ConnectionClosed:
            return True
        except TimeoutError:
            return False

    def close(self) -> None:
        self.ws.close()
