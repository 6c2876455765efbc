"""Reading games saved before messages existed: their bot reasons are English sentences in the command log.

Such a save loads and verifies unchanged (its stored sentences are never rewritten, so its hashes still hold). When
it is shown in another language, a stored sentence is recognised as the English of a bot message, if it is one:
word for word for a fixed sentence, or by the message's English template with the scenario's titles in its
placeholders ("We cannot accept {option!l} on {issue!l}."). A sentence that matches nothing, or whose titles the
scenario does not have, is shown as it was saved.
"""

from __future__ import annotations

import re
import string
import threading
import weakref
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from negotiator.text.catalogue import SOURCE, entries
from negotiator.text.message import Arg, Message, Ref

_lock = threading.Lock()
_exact: dict[str, Message] | None = None
_templates: list[tuple[str, re.Pattern[str], tuple[str, ...], str]] | None = None
_by_names: weakref.WeakKeyDictionary[object, dict[tuple[str, str], list[Ref]]] = weakref.WeakKeyDictionary()
# placeholder name -> (ref kind, the placeholder naming its issue, for an option)
_KINDS: dict[str, tuple[str, str]] = {
    "issue": ("issue", ""),
    "give_issue": ("issue", ""),
    "hold_issue": ("issue", ""),
    "option": ("option", "issue"),
    "give_option": ("option", "give_issue"),
    "hold_option": ("option", "hold_issue"),
    "delegation": ("delegation", ""),
}


@runtime_checkable
class TitledNames(Protocol):
    """Names that can list every ref with its title (a scenario's)."""

    def titled(self) -> Iterable[tuple[Ref, str]]: ...


def _titles(names: TitledNames) -> dict[tuple[str, str], list[Ref]]:
    """(kind, a title as the old English wrote it) -> refs; built once per names object."""
    with _lock:
        found = _by_names.get(names)
        if found is None:
            found = {}
            for ref, title in names.titled():
                for form in {title, title.lower(), title[:1].lower() + title[1:]}:
                    found.setdefault((ref.kind, form), []).append(ref)
            _by_names[names] = found
        return found


def _load() -> tuple[dict[str, Message], list[tuple[str, re.Pattern[str], tuple[str, ...], str]]]:
    global _exact, _templates
    with _lock:
        if _exact is None or _templates is None:
            exact: dict[str, Message] = {}
            templates = []
            for key, text in entries(SOURCE).items():
                if not isinstance(text, str) or not key.startswith(("bot.", "statement.")):
                    continue
                fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
                if not fields:
                    exact.setdefault(text, Message(key))
                elif all(f in _KINDS for f in fields):
                    pattern = "".join(
                        re.escape(lit) + (f"(?P<{f}>.+?)" if f is not None else "")
                        for lit, f, _, _ in string.Formatter().parse(text)
                    )
                    prefix = next(iter(string.Formatter().parse(text)))[0]  # the words before the first title
                    templates.append((key, re.compile(f"^{pattern}$", re.DOTALL), tuple(fields), prefix))
            _exact, _templates = exact, templates
        return _exact, _templates


def recognise(text: str, names: object | None) -> Message | None:
    """The bot message an old English reason was rendered from, or None."""
    exact, templates = _load()
    found = exact.get(text)
    if found is not None or not isinstance(names, TitledNames):
        return found
    candidates = [t for t in templates if text.startswith(t[3])]
    if not candidates:
        return None
    titles = _titles(names)
    for key, pattern, fields, _ in candidates:
        m = pattern.match(text)
        if m is None:
            continue
        args: dict[str, Arg] = {}
        for f in sorted(
            fields, key=lambda f: _KINDS[f][0] == "option"
        ):  # an option is looked up in its issue
            kind, issue_field = _KINDS[f]
            refs = titles.get((kind, m.group(f)), [])
            if kind == "option" and issue_field in args:
                issue_ref = args[issue_field]
                refs = [r for r in refs if isinstance(issue_ref, Ref) and r.ids[0] == issue_ref.ids[0]]
            if len(refs) != 1:
                break
            args[f] = refs[0]
        else:
            return Message.of(key, **args)
    return None
