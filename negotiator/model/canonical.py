"""The one canonical JSON spelling: what is stored, hashed or digested is spelled this way, everywhere.

Sorted keys, no spaces, ASCII only (any other character as a ``\\u`` escape, so the bytes never depend on a file's or
a terminal's encoding) and no NaN or infinity. The same data gives the same text on every machine and Python
version, so a digest computed today matches one computed on another laptop or in ten years.

Users: the game state's hash (:func:`negotiator.game.state.state_hash`, over the state's plain form), a stored
command's payload and the game's setup (:mod:`negotiator.session.ports`: the payload's digest is taken over the stored
text itself, so saves written before this spelling became ASCII-only still verify), a transcript's digest
(:func:`negotiator.game.replay.transcript_digest`) and a batch worker's scenario key.
"""

from __future__ import annotations

import json
from typing import Any


def canonical_json(data: Any) -> str:
    """``data`` (JSON-safe: dicts with string keys, lists, strings, numbers, booleans, None) in the canonical spelling."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
