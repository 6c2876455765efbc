"""The map: real outlines from the shipped geojson, schematic shapes for what the outlines do not hold, and the
current package drawn on them (swaps, settlement blocs, Jordan Valley, border regime, a Jerusalem inset)."""

from negotiator.ui.mapview.state import MapState, map_state
from negotiator.ui.mapview.widget import MapWidget

__all__ = ["MapState", "MapWidget", "map_state"]
