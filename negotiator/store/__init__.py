"""The store layer: save databases with SQLAlchemy 2.0 (SQLite by default, PostgreSQL by URL).

- :class:`~negotiator.store.database.SaveDatabase`: the session's storage (one transaction per command, WAL,
  atomic creation, read-only checks of untrusted files before any write).
- :mod:`negotiator.store.models`: the tables; :mod:`negotiator.store.versions`: save format versions and upgrades.
- :mod:`negotiator.store.location`: where saves live (checkout ``saves/``, user data folder, ``--db``,
  ``NEGOTIATOR_DB``).
- :mod:`negotiator.store.library`: listing, finding and verifying games across several save files.
- :mod:`negotiator.store.transcript`: transcripts for the debrief (JSON, CSV; trainer and public copies).
- :mod:`negotiator.store.recorder`: recording headless AI games (``simulate --db``).
"""
