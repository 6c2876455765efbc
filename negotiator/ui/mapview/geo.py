"""Reading the map outlines (geojson) and projecting them to flat map coordinates.

Only ``Polygon`` and ``MultiPolygon`` geometries are read, with a size cap, as plain numbers: a geojson file is data a
user could swap, never code. The projection is equirectangular with the longitude scaled by cos(31.5°), which keeps
shapes true to within a percent or two over a land this small.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from negotiator.assets import assets_dir

MAX_GEO_BYTES = 2 * 1024 * 1024
LAT0 = 31.5
KX = math.cos(math.radians(LAT0))

Ring = list[tuple[float, float]]


@dataclass
class Outline:
    """One named land: polygons, each an outer ring followed by its holes, in projected coordinates."""

    name: str
    polygons: list[list[Ring]] = field(default_factory=list)


@dataclass
class Outlines:
    lands: dict[str, Outline]
    notice: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.lands) and not self.problem


def project(lon: float, lat: float) -> tuple[float, float]:
    """lon/lat degrees -> flat map units (y grows downwards, as on screen)."""
    return (lon * KX, -lat)


def _ring(raw: object) -> Ring:
    if not isinstance(raw, list):
        raise ValueError("ring is not a list")
    out: Ring = []
    for pt in raw:
        if not (isinstance(pt, list) and len(pt) >= 2 and all(isinstance(v, int | float) for v in pt[:2])):
            raise ValueError("point is not [lon, lat]")
        out.append(project(float(pt[0]), float(pt[1])))
    return out


def read_outline(path: Path, name: str) -> Outline:
    raw = path.read_bytes()
    if len(raw) > MAX_GEO_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_GEO_BYTES // 1024} KiB")
    data = json.loads(raw.decode("utf-8"))
    feats = data.get("features", []) if isinstance(data, dict) else []
    outline = Outline(name)
    for feat in feats:
        geom = feat.get("geometry", {}) if isinstance(feat, dict) else {}
        kind = geom.get("type")
        coords = geom.get("coordinates", [])
        polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
        for poly in polys:
            outline.polygons.append([_ring(r) for r in poly])
    return outline


def geo_dir() -> Path:
    return assets_dir() / "geo"


def load_outlines(folder: Path | None = None) -> Outlines:
    """Israel and Palestine outlines and their notice; a missing or broken file is reported, never raised."""
    folder = folder or geo_dir()
    notice_path = folder / "NOTICE.md"
    notice = DEFAULT_NOTICE
    lands: dict[str, Outline] = {}
    problems: list[str] = []
    for name in ("israel", "palestine"):
        path = folder / f"{name}.geojson"
        try:
            lands[name] = read_outline(path, name)
        except (OSError, ValueError, UnicodeDecodeError, AttributeError, TypeError) as exc:
            problems.append(f"{path}: {exc}")
    try:
        if notice_path.exists():
            text = notice_path.read_text(encoding="utf-8")
            quoted = _quoted_notice(text)
            notice = quoted or notice
    except (OSError, UnicodeDecodeError):
        pass
    return Outlines(lands, notice, "; ".join(problems))


DEFAULT_NOTICE = (
    "Contains information from mledoze/countries (https://github.com/mledoze/countries), which is made available "
    "here under the Open Database License (ODbL)."
)


def _quoted_notice(text: str) -> str:
    """The notice the licence asks for is quoted in NOTICE.md; take it from there so it stays exact."""
    start = text.find('"Contains information')
    if start < 0:
        return ""
    end = text.find('"', start + 1)
    return " ".join(text[start + 1 : end].split()) if end > start else ""
