"""A TCP proxy on 127.0.0.1 that injects faults between a client and the class host.

Faults, switched at any time for every link through the proxy: ``delay`` (seconds added to every chunk), ``stall``
(stop forwarding, keep the sockets open), and one-shot actions on the current links: ``drop`` (close cleanly),
``reset`` (TCP reset), ``truncate`` (forward half of the next host chunk, then close), ``corrupt`` (flip bytes in the
next chunk in one direction). Runs its own asyncio loop on a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field


@dataclass(eq=False)
class Link:
    client: asyncio.StreamWriter
    host: asyncio.StreamWriter
    truncate_next: bool = False
    corrupt_up: bool = False
    corrupt_down: bool = False
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


class FaultProxy:
    def __init__(self, target_port: int, *, small_buffers: bool = False) -> None:
        """``small_buffers``: the proxy holds only a few KiB from the host while stalled (its socket's receive
        buffer and its reader's limit), so a stalled link backs up into the host after a few frames, as a laptop
        asleep on a real network does after a few hundred."""
        self.target_port = target_port
        self.small_buffers = small_buffers
        self.delay = 0.0
        self.stalled = threading.Event()
        self.links: set[Link] = set()
        self.accepted = 0
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="fault-proxy")
        self._thread.start()
        self._ready.wait(5)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._accept, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        try:
            if self.small_buffers:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                sock.setblocking(False)
                await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", self.target_port))
                up_reader, up_writer = await asyncio.open_connection(sock=sock, limit=4096)
            else:
                up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        link = Link(writer, up_writer)
        self.links.add(link)
        link.tasks = [
            asyncio.create_task(self._pump(link, reader, up_writer, up=True)),
            asyncio.create_task(self._pump(link, up_reader, writer, up=False)),
        ]
        await asyncio.gather(*link.tasks, return_exceptions=True)
        self.links.discard(link)
        for w in (writer, up_writer):
            with contextlib.suppress(Exception):
                w.close()

    async def _pump(
        self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, up: bool
    ) -> None:
        try:
            while True:
                chunk = await reader.read(4096 if self.small_buffers else 65536)
                if not chunk:
                    break
                while self.stalled.is_set():
                    await asyncio.sleep(0.01)
                if self.delay:
                    await asyncio.sleep(self.delay)
                if (up and link.corrupt_up) or (not up and link.corrupt_down):
                    link.corrupt_up = link.corrupt_down = False
                    chunk = bytes(b ^ 0xA5 for b in chunk)
                if not up and link.truncate_next:
                    writer.write(chunk[: max(1, len(chunk) // 2)])
                    await writer.drain()
                    raise ConnectionResetError("truncated")
                writer.write(chunk)
                await writer.drain()
        finally:
            for w in (link.client, link.host):
                with contextlib.suppress(Exception):
                    w.close()

    # ------------------------------------------------------------------------------------------ faults
    def _each(self, action: str) -> None:
        def go() -> None:
            for link in list(self.links):
                if action == "drop":
                    link.client.close()
                    link.host.close()
                elif action == "reset":
                    for w in (link.client, link.host):
                        sock = w.get_extra_info("socket")
                        if sock is not None:
                            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        w.transport.abort()
                elif action == "truncate":
                    link.truncate_next = True
                elif action == "corrupt-up":
                    link.corrupt_up = True
                elif action == "corrupt-down":
                    link.corrupt_down = True

        self.loop.call_soon_threadsafe(go)

    def drop(self) -> None:
        self._each("drop")

    def reset(self) -> None:
        self._each("reset")

    def truncate(self) -> None:
        self._each("truncate")

    def corrupt(self, direction: str) -> None:
        self._each(f"corrupt-{direction}")

    def close(self) -> None:
        async def shutdown() -> None:
            self.server.close()
            tasks = [task for link in list(self.links) for task in link.tasks]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.sleep(0.05)  # let the accept handlers finish their cleanup

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
