"""The table: the main screen, a window of dockable panels (issue board, map, publics, history log, actions) around
the news of the day."""

from negotiator.ui.table.window import TableScreen

__all__ = ["TableScreen"]
