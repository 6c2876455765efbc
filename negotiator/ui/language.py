"""The window's language: which one is shown, the words of every widget, the layout direction, Qt's own dialogs.

- :func:`tr` renders a catalogue entry (``start.title``, with arguments) in the current language;
  :func:`say` renders a stored :class:`~negotiator.text.Message` (a bot's reason, a line of the record) the same way.
- :func:`bind` sets a widget's text (or tooltip, title, tab text, combo item...) from a catalogue entry and remembers
  the entry on the widget itself (a Qt dynamic property), so :func:`set_language` can re-render every bound widget
  of the application when the player switches language mid-game: the game state is never touched, only words change.
  Text drawn from the game's views (the table's panels, the status bar) is redrawn by its screen on
  :attr:`LanguageNotifier.language_did_change`.
- The layout direction follows the chosen language (right to left for Hebrew and Arabic), never the machine's locale;
  Qt's translations of its standard dialogs (``qtbase_he.qm``, ``qtbase_ar.qm``) are installed with it.
- ``xx-long`` (:mod:`negotiator.text.pseudo`) is English lengthened by 40%, for finding labels that would be cut.

Each process has one current language: in a class, every student's window renders in its own.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QWidget

from negotiator.text import LANGUAGES, SOURCE, Message, Ref, direction, message_from_json
from negotiator.ui import words
from negotiator.ui.words import CHOICES, catalogue_language, current, say, tr

__all__ = ["CHOICES", "LANGUAGES", "bind", "catalogue_language", "current", "say", "set_language", "tr"]

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "he": "עברית", "ar": "العربية"}
"""Each language in its own words (a list of languages is read by someone who may not read the current one)."""
_PROPERTY = "l10n"


class LanguageNotifier(QObject):
    """Says when the language changed, so screens redraw what they render from the game's views."""

    language_did_change = Signal(str)


class _Qt:
    notifier: LanguageNotifier | None = None
    translator: QTranslator | None = None


def is_rtl() -> bool:
    return direction(catalogue_language()) == "rtl"


def notifier() -> LanguageNotifier:
    if _Qt.notifier is None:
        _Qt.notifier = LanguageNotifier()
    return _Qt.notifier


def system_language() -> str:
    """The machine's language when it is one of the game's, else English (only the default: the player chooses)."""
    for code_name in QLocale.system().uiLanguages():
        code = code_name.replace("_", "-").split("-")[0].lower()
        if code == "iw":  # the old ISO code some systems still report for Hebrew
            code = "he"
        if code in LANGUAGES:
            return code
    return SOURCE


def scenario_name(scenario: Any, ref: Ref) -> str:
    """What ``scenario`` calls ``ref`` in the current language (:func:`negotiator.ui.words.name`)."""
    return words.name(scenario, ref)


def bind(obj: QObject, msgid: str, setter: str = "setText", index: int | None = None, **args: Any) -> str:
    """``obj.setter([index,] tr(msgid, **args))`` now and again whenever the language changes; returns the text."""
    message = Message.of(msgid, **args)
    text = say(message)
    key = setter if index is None else f"{setter}:{index}"
    raw = obj.property(_PROPERTY)
    bound = json.loads(raw) if isinstance(raw, str) and raw else {}
    bound[key] = message.to_json()
    obj.setProperty(_PROPERTY, json.dumps(bound))
    _apply(obj, key, text)
    return text


def _apply(obj: QObject, key: str, text: str) -> None:
    setter, _, index = key.partition(":")
    method = getattr(obj, setter)
    if index:
        method(int(index), text)
    else:
        method(text)


def retranslate(objects: list[QObject] | None = None) -> int:
    """Re-render every bound text of ``objects`` (default: every widget of the application and their actions);
    returns how many texts were set."""
    if objects is None:
        objects = []
        for w in QApplication.allWidgets():
            objects.append(w)
            objects.extend(w.actions())
    done = 0
    for obj in objects:  # an action in two menus is set twice: harmless
        raw = obj.property(_PROPERTY)
        if not isinstance(raw, str) or not raw:
            continue
        for key, data in json.loads(raw).items():
            _apply(obj, key, say(message_from_json(data)))
            done += 1
    return done


def set_language(lang: str, app: QApplication | None = None) -> None:
    """Show ``lang`` from now on: layout direction, Qt's own translations, fonts, every bound text; then tell the
    screens (:func:`notifier`) so they redraw the text they render from the game."""
    words.set_current(lang)
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return
    if _Qt.translator is not None:
        app.removeTranslator(_Qt.translator)
        _Qt.translator = None
    base = catalogue_language()
    if base != SOURCE:
        translator = QTranslator(app)
        if translator.load(f"qtbase_{base}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _Qt.translator = translator
    # After the translator: installing one makes Qt re-read the direction from it; the chosen language decides.
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight)
    from negotiator.ui import style

    style.apply_style(app, style.current_scale().factor)
    retranslate()
    notifier().language_did_change.emit(lang)


KEEPS_GEOMETRY = "keeps-geometry"
"""A widget property: this widget (a chart) is laid out left to right in every language, on purpose."""


def widget_language_problems(root: QWidget) -> list[str]:
    """Widgets under ``root`` whose layout direction is not the current language's (a screen that did not mirror),
    leaving out charts and what they hold (marked :data:`KEEPS_GEOMETRY`)."""
    want = Qt.LayoutDirection.RightToLeft if is_rtl() else Qt.LayoutDirection.LeftToRight
    problems = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.layoutDirection() == want:
            continue
        p: QWidget | None = w
        while p is not None and not p.property(KEEPS_GEOMETRY):
            p = p.parentWidget()
        if p is None:
            problems.append(f"{w.objectName() or type(w).__name__} is laid out {w.layoutDirection().name}")
    return problems
