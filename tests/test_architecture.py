"""The layer rule, enforced: Qt only in ui/ and app.py; no database or network below the session; each layer imports
only the layers below it (import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _core_modules() -> list[str]:
    mods = []
    for path in sorted((REPO / "negotiator").rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = rel.parts
        if parts[1] in ("ui", "app") or path.name == "__main__.py":
            continue
        mods.append(".".join(p for p in parts if p != "__init__"))
    return mods


def test_core_imports_without_qt_installed() -> None:
    """Every module outside ui/ and app.py imports with PySide6 made unimportable (napari's headless job)."""
    code = textwrap.dedent(
        f"""
        import importlib, sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):
                    raise ImportError('Qt is blocked for this test: ' + name)
                return None
        sys.meta_path.insert(0, Block())
        for m in {_core_modules()!r}:
            importlib.import_module(m)
        print('imported', len({_core_modules()!r}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_low_layers_do_not_load_sqlalchemy_or_qt() -> None:
    """Importing the rules and the engine must not even pull SQLAlchemy or Qt in indirectly."""
    code = textwrap.dedent(
        """
        import importlib, sys
        for m in ('negotiator.model', 'negotiator.engine', 'negotiator.game', 'negotiator.ai'):
            importlib.import_module(m)
        bad = sorted(n for n in sys.modules if n.split('.')[0] in ('sqlalchemy', 'PySide6', 'shiboken6'))
        print(bad)
        sys.exit(1 if bad else 0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
