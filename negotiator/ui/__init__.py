"""The desktop game in PySide6: the only layer (with ``negotiator.app``) that imports Qt.

Screens: :mod:`start`, :mod:`briefing`, :mod:`table` (dock widgets: issue board, map, publics, history, news,
actions), :mod:`offer_builder`, :mod:`ratification`, :mod:`debrief` (+ :mod:`debrief_export`), :mod:`handover`,
:mod:`tutorial`, :mod:`about`, :mod:`settings`; :mod:`shell` holds them in one window and :mod:`controller` bridges a
game session to them (views in, commands out, bots on worker threads from :mod:`workers`). :mod:`selftest` drives the
whole window for ``negotiator self-test``.
"""
