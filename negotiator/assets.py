"""Where shipped assets live (scenarios, map shapes, poll data, message catalogues): data, never code.

The bottom of the layers, so every layer can find them (the message catalogues are read by ``negotiator.text``, below
the scenario model). Found, in order: ``$NEGOTIATOR_ASSETS``; the folder a PyInstaller bundle unpacks
(``sys._MEIPASS/assets``); the ``assets/`` folder of a source checkout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def assets_dir() -> Path:
    env = os.environ.get("NEGOTIATOR_ASSETS")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "assets"
    return Path(__file__).resolve().parents[1] / "assets"
