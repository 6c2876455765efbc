"""The message catalogues: one gettext ``.po`` file per language in ``assets/locale/``, read with Babel.

Message ids are symbolic (``bot.objection``, ``log.accept``), not English sentences: a saved game stores the id, so
rewording the English never orphans a save, and ``en.po`` is a catalogue like the others. Plural entries use
``msgid_plural`` and the ``Plural-Forms`` header of their file (English two forms, Hebrew three, Arabic six; the
tests check each header against the CLDR rules Babel carries).

Why the ``.po`` sources are read at run time (Babel's parser, then stdlib :mod:`gettext` for lookups and plural
selection) rather than compiled to ``.mo`` at build time: a source checkout, an installed wheel and the desktop
bundle then run the same code on the same files, there is no generated file to go stale beside its source (the
classic gettext bug: a ``.mo`` older than its ``.po``), and Babel is needed at run time anyway for what comes next
(numbers and percentages written the way each language writes them). Reading the three files takes a few
milliseconds, once per process.
"""

from __future__ import annotations

import gettext
import io
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from negotiator.assets import assets_dir
from negotiator.text.message import TextError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

LANGUAGES: tuple[str, ...] = ("en", "he", "ar")
"""The game's languages; English is the source every other catalogue translates."""
SOURCE = "en"
RTL: frozenset[str] = frozenset({"he", "ar"})
_lock = threading.Lock()
_loaded: dict[str, gettext.GNUTranslations] = {}
_sources: dict[str, Catalog] = {}


def locale_dir() -> Path:
    return assets_dir() / "locale"


def po_path(lang: str) -> Path:
    return locale_dir() / f"{lang}.po"


def direction(lang: str) -> str:
    """``"rtl"`` for Hebrew and Arabic, else ``"ltr"``: layout follows the chosen language, never the region."""
    return "rtl" if lang in RTL else "ltr"


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise TextError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}; pick one of those")
    return lang


def catalogue(lang: str) -> gettext.GNUTranslations:
    """The catalogue of ``lang``, falling back to English for an entry it lacks (loaded once, thread-safe)."""
    check_language(lang)
    with _lock:
        return _load(lang)


def _load(lang: str) -> gettext.GNUTranslations:
    found = _loaded.get(lang)
    if found is None:
        from babel.messages.mofile import (
            write_mo,
        )  # imported on first use: a game that renders nothing never pays

        source = read_catalogue(lang)
        buf = io.BytesIO()
        write_mo(buf, source, use_fuzzy=False)
        buf.seek(0)
        found = gettext.GNUTranslations(buf)
        if lang != SOURCE:
            found.add_fallback(_load(SOURCE))
        _loaded[lang] = found
    return found


def read_catalogue(lang: str) -> Catalog:
    """The parsed ``.po`` file of ``lang`` (Babel's catalogue: entries, flags, plural header), for tools and tests."""
    check_language(lang)
    found = _sources.get(lang)
    if found is not None:
        return found
    from babel.messages.pofile import read_po

    path = po_path(lang)
    try:
        with path.open("rb") as f:
            found = read_po(f, locale=lang, abort_invalid=True)
    except FileNotFoundError:
        raise TextError(f"{path}: the {lang} message catalogue is missing; reinstall the game") from None
    except Exception as exc:  # Babel raises its own PoFileError and ValueErrors on a broken file
        raise TextError(
            f"{path}: cannot be read as a gettext catalogue ({exc}); fix the line it names"
        ) from None
    _sources[lang] = found
    return found


def entries(lang: str) -> dict[str, str | tuple[str, ...]]:
    """Message id -> its text (a tuple of plural forms for a plural entry); untranslated and fuzzy entries left out."""
    out: dict[str, str | tuple[str, ...]] = {}
    for m in read_catalogue(lang):
        if not m.id or m.fuzzy:
            continue
        key = m.id[0] if isinstance(m.id, list | tuple) else m.id
        text = tuple(m.string) if isinstance(m.string, list | tuple) else m.string
        if text and (not isinstance(text, tuple) or all(text)):
            out[str(key)] = text
    return out


def reset() -> None:
    """Forget loaded catalogues (tests that point ``NEGOTIATOR_ASSETS`` elsewhere)."""
    with _lock:
        _loaded.clear()
        _sources.clear()
