"""The trainer console: run a class of tables, intervene, and debrief the whole class.

Screens (pages of :class:`~negotiator.ui.console.window.ConsoleWindow`):
- **class setup** (:mod:`.setup`): scenario, number of tables, which delegations students play at each table, the
  AI personas for the others, the turn timer, and an optional class list (CSV: name, table, delegation) whose names
  go on the seat cards;
- **overview** (:mod:`.overview`): every table at a glance, refreshed every second from the host;
- **one table in depth** (:mod:`.table`): the trainer's observer of that table and the intervention controls;
- **class debrief** (:mod:`.debrief`): every deal on one frontier chart, per-table results, and the PDF exports.

The console runs on the host's computer and reaches the class through
:meth:`~negotiator.net.host.ClassHost.console` (only the trainer's token opens it), or on another laptop: "Join a
class" with the trainer's token opens it over the network (:class:`~negotiator.net.remote_console.RemoteConsole`);
both are a :class:`~negotiator.net.trainer.ConsoleLink` to the pages. Every word it shows is a message
id (``console.*`` in ``assets/locale/*.po``), so it reads in English, Hebrew or Arabic.
"""

from negotiator.ui.console.window import ConsoleWindow

__all__ = ["ConsoleWindow"]
