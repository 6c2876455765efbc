"""The session layer: a game in play as its command log.

- :class:`~negotiator.session.session.Session`: setup, seed and ordered commands; seats and their controllers;
  autosave after every applied command; undo (solo and hot-seat, when the setup allows) by folding the log again;
  replay; change notices (:mod:`negotiator.session.notices`); bot turns that can think on a worker thread.
- :mod:`negotiator.session.ports`: the storage protocol the session saves through (the store implements it with
  SQLAlchemy; :class:`~negotiator.session.ports.MemoryStorage` keeps a game in memory).
- :mod:`negotiator.session.log`: folding and verifying a stored log (payloads decoded by the rules' validators,
  state hashes compared with the stored checkpoints).
- :mod:`negotiator.session.errors`: what can go wrong with a save, as one-line problems.

No SQLAlchemy, sockets or Qt here: the session runs the same in tests, in the window and on a server.
"""
