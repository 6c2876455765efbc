"""Running many games: batches and sweeps spread over every local core, or over a Dask cluster.

The per-game logic stays in :mod:`negotiator.ai.batch` (play game ``k`` of a batch, its row, the summary); this
package only decides *where* games run and streams their results back in game order. It sits above the store (a
sweep writes its rows through :mod:`negotiator.store.sweeps`) and below the user interfaces (``negotiator simulate``
and ``negotiator sweep``), so process pools and cluster clients never reach the rules.

- :mod:`negotiator.runner.work`: the unit of work (a chunk of games of one batch) and the function a worker runs.
- :mod:`negotiator.runner.engines`: where chunks run: this process, a pool of processes (one BLAS thread each), or
  Dask distributed (:mod:`negotiator.runner.cluster`, optional: ``pip install negotiator[cluster]``).
- :mod:`negotiator.runner.batch`: one batch, streamed in game order with a running summary.
- :mod:`negotiator.runner.sweep`: a grid of batches from a TOML file, resumable.
"""
