"""The console tests reuse the classroom fixtures: a host on 127.0.0.1 with in-memory storage, and clients."""

from __future__ import annotations

from tests.net.conftest import clients, make_host, water

__all__ = ["clients", "make_host", "water"]
