"""Version and build information, shown by ``negotiator --version`` and the About screen.

A PyInstaller build writes ``negotiator/_build.json`` (commit, date, platform); a source checkout reports itself as
such. Reading it never fails: missing or broken build info just says so.
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from negotiator import __version__


@dataclass(frozen=True)
class BuildInfo:
    version: str
    commit: str
    built: str
    frozen: bool
    python: str
    system: str

    def one_line(self) -> str:
        kind = "bundle" if self.frozen else "source"
        return f"negotiator {self.version} ({kind}, commit {self.commit}, built {self.built}, Python {self.python}, {self.system})"


def build_info() -> BuildInfo:
    commit, built = "unknown", "from source"
    path = Path(__file__).with_name("_build.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        commit = str(data.get("commit", commit))[:12]
        built = str(data.get("built", built))
    except (OSError, ValueError):
        pass
    return BuildInfo(
        version=__version__,
        commit=commit,
        built=built,
        frozen=bool(getattr(sys, "frozen", False)),
        python=platform.python_version(),
        system=f"{platform.system()} {platform.machine()}",
    )
