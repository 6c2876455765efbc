"""The session layer: a game in play as its command log, and the channels through which seats play it.

- :class:`~negotiator.session.session.Session`: setup, seed and ordered commands; seats and their controllers;
  autosave after every applied command; undo (solo and hot-seat, when the setup allows) by folding the log again;
  replay; bot turns that can think on a worker thread; moves numbered, a stale one refused with ``StaleMove``.
- :mod:`negotiator.session.seat`: the seat channel (``SeatChannel``, ``LocalSeat``): a seat's view numbered by
  move, ``submit(command, based_on=move)``, seat-scoped notices carrying the new view; and the spectator and
  trainer observers.
- :mod:`negotiator.session.notices`: the one change descriptor (``Changes``) and the notices that carry it.
- :mod:`negotiator.session.ports`: the rules port (``GameRules``, typed with the game's own types) and the storage
  port (the store implements it with SQLAlchemy; :class:`~negotiator.session.ports.MemoryStorage` keeps a game in
  memory). :mod:`negotiator.session.standard` is the real game behind the rules port.
- :mod:`negotiator.session.log`: folding and verifying a stored log (payloads decoded by the rules' validators,
  state hashes compared with the stored checkpoints).
- :mod:`negotiator.session.errors`: what can go wrong with a move or a save, as one-line problems.

No SQLAlchemy, sockets or Qt here: the session runs the same in tests, in the window and on a server.
"""
