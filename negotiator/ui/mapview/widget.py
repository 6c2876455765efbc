"""The map widget: real outlines, schematic overlays for the current package, a Jerusalem inset, legend and notice.

The outlines of Israel, the West Bank and Gaza come from the shipped geojson (ODbL; the notice is drawn on the map and
shown in About). Settlement blocs, swap areas, the Jordan Valley strip and the Jerusalem inset are the game's own
schematic shapes: each is labelled "schematic" where it is drawn, because they are illustrations of a package, not
surveyed lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QHelpEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from negotiator.ui import style, words
from negotiator.ui.language import bind, tr
from negotiator.ui.mapview.geo import Outlines, load_outlines, project
from negotiator.ui.mapview.state import MapState, describe, level_words

# Schematic bloc centres (lon, lat) and radii in km: rough positions of the blocs discussed in past talks.
# Places are ids: their names are catalogue entries (map.place.*), so the map reads the same in every language.
_BLOCS: tuple[tuple[str, float, float, float], ...] = (
    ("ariel", 35.17, 32.10, 5.5),
    ("modiin-illit", 35.05, 31.93, 4.5),
    ("givat-zeev", 35.16, 31.86, 3.5),
    ("maale-adumim", 35.31, 31.79, 4.5),
    ("gush-etzion", 35.12, 31.65, 5.5),
)
# Schematic settlements outside those blocs (lon, lat): drawn small, for packages that treat them apart from the blocs.
_OUTLYING: tuple[tuple[str, float, float], ...] = (
    ("kedumim", 35.16, 32.21),
    ("elon-moreh", 35.33, 32.23),
    ("shilo", 35.29, 32.06),
    ("beit-el", 35.22, 31.94),
    ("tekoa", 35.22, 31.63),
    ("kiryat-arba", 35.12, 31.53),
)
# How each settlements level draws the blocs and the settlements outside them (None: not drawn, the package does not
# say).
_BLOC_STYLE: dict[str, tuple[str, str | None]] = {
    "today": ("today", "today"),
    "annexed": ("annexed", None),
    "annexed-rest-evacuated": ("annexed", "evacuated"),
    "all-annexed": ("annexed", "annexed"),
    "evacuated": ("evacuated", "evacuated"),
    "stay": ("annexed", "stay"),
    "towns": ("towns", "towns"),
}
# Schematic areas inside Israel that past plans offered in exchange (lon, lat).
_SWAPS: tuple[tuple[str, float, float], ...] = (
    ("halutza-sands", 34.45, 31.12),
    ("south-of-hebron", 34.98, 31.33),
    ("west-of-tulkarm", 34.98, 32.30),
)
_SETTLEMENT_STYLES = ("annexed", "today", "towns", "stay", "evacuated")
_SOURCE, _LICENCE = "mledoze/countries", "ODbL"
_SOURCE_URL = "https://github.com/mledoze/countries"
"""Where the outlines come from and their licence (named in the tooltips, in every language)."""
_KM = 1.0 / 111.0  # degrees of latitude per km: schematic radii are in km for readability of the constants
_JORDAN_VALLEY_WEST = 35.40  # schematic western edge of the valley strip (lon)


def _ring_path(rings: list[list[tuple[float, float]]]) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in rings:
        if not ring:
            continue
        path.moveTo(*ring[0])
        for x, y in ring[1:]:
            path.lineTo(x, y)
        path.closeSubpath()
    return path


def _circle(lon: float, lat: float, r_km: float) -> QPainterPath:
    x, y = project(lon, lat)
    r = r_km * _KM
    p = QPainterPath()
    p.addEllipse(QPointF(x, y), r, r)
    return p


class MapWidget(QWidget):
    """Draws a :class:`MapState`; call :meth:`show_state` whenever the package shown changes."""

    def __init__(self, outlines: Outlines | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("map")
        self.setMinimumSize(360, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bind(self, "map.name", "setAccessibleName")
        self.outlines = outlines or load_outlines()
        self.state = MapState()
        self.caption = "Package shown: none yet"
        self.show_inset = True
        self._land: dict[str, QPainterPath] = {}
        for name, outline in self.outlines.lands.items():
            path = QPainterPath()
            for poly in outline.polygons:
                path.addPath(_ring_path(poly))
            self._land[name] = path
        self._west_bank = QPainterPath()
        self._gaza = QPainterPath()
        if "palestine" in self.outlines.lands:
            for poly in self.outlines.lands["palestine"].polygons:
                p = _ring_path(poly)
                (
                    self._west_bank if p.boundingRect().center().x() > project(34.7, 0)[0] else self._gaza
                ).addPath(p)
        self._hit: list[tuple[QPainterPath, str]] = []
        """What a tooltip can show: (area, text), drawn order; the Jerusalem inset's text is kept apart (its area is in
        the inset's coordinates, not the map's), so hit-testing never reads a word of any language."""
        self._inset_tip = ""

    def sizeHint(self) -> QSize:
        return QSize(640, 560)

    def show_state(self, state: MapState, caption: str = "") -> None:
        self.state = state
        if caption:
            self.caption = caption
        self.setToolTip("")
        self.update()

    # -- geometry -------------------------------------------------------------------------------------------------
    def _land_bounds(self) -> QRectF:
        # The view frames the land where packages change things (north of Beersheba to the Galilee); the far
        # south stays out of frame so the West Bank is drawn large enough to read on a projector.
        x0, y0 = project(34.18, 33.35)
        x1, y1 = project(35.80, 30.85)
        return QRectF(QPointF(x0, y0), QPointF(x1, y1))

    def _layout(self) -> tuple[QRectF, QRectF, QRectF]:
        """(map area, inset area, legend area) in widget pixels."""
        w, h = float(self.width()), float(self.height())
        pad = 8.0
        if w >= h * 1.05:
            side = min(w * 0.36, max(220.0, w - h * 0.8))
            map_r = QRectF(pad, pad, w - side - 3 * pad, h - 2 * pad)
            inset_h = min(side * 0.75, h * 0.34)
            inset = QRectF(w - side - pad, pad, side, inset_h)
            legend = QRectF(w - side - pad, inset.bottom() + pad, side, h - inset_h - 3 * pad)
        else:
            legend_h = h * 0.34
            map_h = h - legend_h - 3 * pad
            inset_w = min(w * 0.38, map_h * 0.6)
            map_r = QRectF(pad, pad, w - inset_w - 3 * pad, map_h)
            inset = QRectF(w - inset_w - pad, pad, inset_w, inset_w)
            legend = QRectF(pad, map_r.bottom() + pad, w - 2 * pad, legend_h)
        return map_r, inset, legend

    # -- painting ---------------------------------------------------------------------------------------------------
    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), style.qcolor(style.PANEL))
        map_r, inset_r, legend_r = self._layout()
        self._hit = []
        self._inset_tip = ""
        if not self.outlines.ok and not self._land:
            p.setPen(style.qcolor(style.MUTED))
            p.drawText(
                map_r,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                f"Map outlines not found.\n{self.outlines.problem}",
            )
        else:
            self._paint_land(p, map_r)
        if self.show_inset:
            self._paint_jerusalem(p, inset_r)
        else:
            legend_r = legend_r.united(inset_r) if legend_r.left() == inset_r.left() else legend_r
        self._paint_legend(p, legend_r)
        p.end()

    def _transform_for(self, area: QRectF) -> tuple[float, float, float]:
        b = self._land_bounds()
        k = min(area.width() / b.width(), area.height() / b.height())
        ox = area.left() + (area.width() - b.width() * k) / 2 - b.left() * k
        oy = area.top() + (area.height() - b.height() * k) / 2 - b.top() * k
        return k, ox, oy

    def _paint_land(self, p: QPainter, area: QRectF) -> None:
        k, ox, oy = self._transform_for(area)
        p.save()
        p.setClipRect(area)
        p.translate(ox, oy)
        p.scale(k, k)
        israel = self._land.get("israel", QPainterPath())
        p.setPen(QPen(style.qcolor(style.BLUE, 200), 1.2 / k))
        p.setBrush(style.qcolor(style.BLUE, 38))
        p.drawPath(israel)
        self._hit.append((israel.translated(0, 0), tr("map.tip.israel", source=_SOURCE, licence=_LICENCE)))
        st = self.state
        # Jordan Valley strip first, so borders draw on top of it.
        if st.jordan_valley and not self._west_bank.isEmpty():
            strip = QPainterPath()
            x0, _ = project(_JORDAN_VALLEY_WEST, 0)
            b = self._west_bank.boundingRect()
            strip.addRect(QRectF(QPointF(x0, b.top()), QPointF(b.right() + 1, b.bottom())))
            valley = self._west_bank.intersected(strip)
            colour = {
                "israeli": style.BLUE,
                "international": style.REDDISH_PURPLE,
                "joint": style.BLUISH_GREEN,
                "palestinian": style.ORANGE,
            }[st.jordan_valley]
        else:
            valley = QPainterPath()
            colour = style.ORANGE
        pal_fill = style.qcolor(style.ORANGE, 60)
        border_pen = self._border_pen(k)
        for part in (self._west_bank, self._gaza):
            p.setBrush(pal_fill)
            p.setPen(border_pen)
            p.drawPath(part)
        self._hit.append((self._west_bank, tr("map.tip.west-bank", source=_SOURCE, licence=_LICENCE)))
        self._hit.append((self._gaza, tr("map.tip.gaza", source=_SOURCE, licence=_LICENCE)))
        if not valley.isEmpty():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(style.qcolor(colour, 150), Qt.BrushStyle.BDiagPattern))
            p.drawPath(valley)
            p.setBrush(style.qcolor(colour, 50))
            p.drawPath(valley)
            self._hit.append((valley, tr("map.tip.valley", option=st.labels.get("jordan_valley", ""))))
        if st.border == "regulated":
            self._paint_crossings(p, k)
        if st.swap_percent:
            self._paint_swaps(p, k, st.swap_percent)
        if st.blocs:
            self._paint_blocs(p, k, st.blocs)
        p.restore()
        # Labels in screen space so text is crisp and stays at the UI font size.
        p.save()
        p.setClipRect(area)
        p.setFont(style.font(0.9, bold=True))
        self._label(p, k, ox, oy, 34.80, 32.60, tr("map.label.israel"), style.BLUE)
        self._label(p, k, ox, oy, 35.22, 32.40, tr("map.label.west-bank"), "#8A5A00")
        self._label(p, k, ox, oy, 34.52, 31.50, tr("map.label.gaza"), "#8A5A00")
        p.setFont(style.font(0.78))
        if st.blocs:
            self._label(p, k, ox, oy, 35.00, 31.99, "blocs (schematic)", style.INK, align_right=True)
        if st.jordan_valley:
            self._label(p, k, ox, oy, 35.42, 31.60, "Jordan Valley\n(schematic)", style.INK)
        if st.swap_percent:
            self._label(p, k, ox, oy, 34.50, 30.98, "swap areas (schematic)", style.INK)
        p.restore()

    def _label(
        self,
        p: QPainter,
        k: float,
        ox: float,
        oy: float,
        lon: float,
        lat: float,
        text: str,
        colour: str,
        align_right: bool = False,
    ) -> None:
        x, y = project(lon, lat)
        sx, sy = ox + x * k, oy + y * k
        p.setPen(style.qcolor(colour))
        fm = p.fontMetrics()
        lines = text.split("\n")
        w = max(fm.horizontalAdvance(t) for t in lines) + 4
        h = fm.height() * len(lines)
        rect = QRectF(sx - w if align_right else sx, sy - h / 2, w, h)
        p.drawText(rect, Qt.AlignmentFlag.AlignLeading, text)

    def _border_pen(self, k: float) -> QPen:
        b = self.state.border
        if b == "hard":
            return QPen(style.qcolor(style.INK), 3.2 / k, Qt.PenStyle.SolidLine)
        if b == "regulated":
            return QPen(style.qcolor(style.INK), 2.2 / k, Qt.PenStyle.DashLine)
        if b == "open":
            return QPen(style.qcolor(style.MUTED), 1.6 / k, Qt.PenStyle.DotLine)
        return QPen(style.qcolor("#8A5A00"), 1.2 / k)

    def _paint_crossings(self, p: QPainter, k: float) -> None:
        p.setPen(QPen(style.qcolor(style.INK), 1.2 / k))
        p.setBrush(style.qcolor(style.YELLOW))
        for lon, lat in (
            (35.05, 32.45),
            (34.99, 32.18),
            (35.01, 31.90),
            (35.20, 31.83),
            (34.98, 31.45),
            (34.48, 31.56),
            (34.28, 31.25),
        ):
            x, y = project(lon, lat)
            p.drawEllipse(QPointF(x, y), 5 / k, 5 / k)

    def _paint_swaps(self, p: QPainter, k: float, percent: float) -> None:
        r_km = 4.0 + 2.5 * min(percent, 10.0)
        for name, lon, lat in _SWAPS:
            c = _circle(lon, lat, r_km)
            p.setPen(QPen(style.qcolor(style.ORANGE), 1.5 / k, Qt.PenStyle.DashLine))
            p.setBrush(QBrush(style.qcolor(style.ORANGE, 170), Qt.BrushStyle.Dense6Pattern))
            p.drawPath(c)
            place = tr(f"map.place.{name}")
            self._hit.append((c, tr("map.tip.swap", place=place, percent=f"{percent:g}")))

    def _paint_blocs(self, p: QPainter, k: float, level: str) -> None:
        blocs, outlying = _BLOC_STYLE.get(level, ("annexed", None))
        for name, lon, lat, r in _BLOCS:
            what = self._paint_settlement(p, k, _circle(lon, lat, r), lon, lat, r, blocs)
            self._hit.append(
                (_circle(lon, lat, r), tr("map.tip.bloc", place=tr(f"map.place.{name}"), what=what))
            )
        if outlying is not None:
            for name, lon, lat in _OUTLYING:
                what = self._paint_settlement(p, k, _circle(lon, lat, 2.2), lon, lat, 2.2, outlying)
                tip = tr("map.tip.outlying", place=tr(f"map.place.{name}"), what=what)
                self._hit.append((_circle(lon, lat, 3.0), tip))

    def _paint_settlement(
        self, p: QPainter, k: float, c: QPainterPath, lon: float, lat: float, r: float, style_: str
    ) -> str:
        """One bloc or settlement in the style of what happens to it; returns that in words for its tooltip."""
        if style_ == "annexed":
            p.setPen(QPen(style.qcolor(style.BLUE), 1.5 / k))
            p.setBrush(style.qcolor(style.BLUE, 170))
        elif style_ == "today":
            p.setPen(QPen(style.qcolor(style.BLUE), 1.5 / k, Qt.PenStyle.DotLine))
            p.setBrush(style.qcolor(style.MUTED, 120))
        elif style_ == "towns":
            p.setPen(QPen(style.qcolor(style.BLUISH_GREEN), 1.5 / k))
            p.setBrush(style.qcolor(style.BLUISH_GREEN, 120))
        elif style_ == "stay":
            p.setPen(QPen(style.qcolor(style.BLUE), 1.5 / k, Qt.PenStyle.DashLine))
            p.setBrush(QBrush(style.qcolor(style.BLUE, 160), Qt.BrushStyle.Dense5Pattern))
        else:
            p.setPen(QPen(style.qcolor(style.VERMILLION), 1.5 / k, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
        what = tr(f"map.settlement.{style_}" if style_ in _SETTLEMENT_STYLES else "map.settlement.evacuated")
        p.drawPath(c)
        if style_ == "evacuated":
            x, y = project(lon, lat)
            d = r * _KM * 0.7
            p.drawLine(QPointF(x - d, y - d), QPointF(x + d, y + d))
            p.drawLine(QPointF(x - d, y + d), QPointF(x + d, y - d))
        return what

    def _paint_jerusalem(self, p: QPainter, r: QRectF) -> None:
        p.save()
        p.setPen(QPen(style.qcolor(style.RULE), 1))
        p.setBrush(style.qcolor(style.PAPER))
        p.drawRoundedRect(r, 6, 6)
        p.setFont(style.font(0.85, bold=True))
        p.setPen(style.qcolor(style.INK))
        title_h = p.fontMetrics().height() + 6
        p.drawText(
            r.adjusted(8, 4, -8, 0),
            Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop,
            tr("map.inset.title"),
        )
        body = r.adjusted(10, title_h + 4, -10, -10 - 2 * p.fontMetrics().height())
        side = min(body.width(), body.height())
        c = QPointF(body.center().x(), body.top() + side / 2)
        rad = side / 2
        city = QPainterPath()
        city.addEllipse(c, rad, rad)
        west = QPainterPath()
        west.addRect(QRectF(c.x() - rad, c.y() - rad, rad, 2 * rad))
        west = city.intersected(west)
        east = city.subtracted(west)
        level = self.state.jerusalem
        blue, orange, green = (
            style.qcolor(style.BLUE, 110),
            style.qcolor(style.ORANGE, 130),
            style.qcolor(style.BLUISH_GREEN, 120),
        )
        p.setPen(Qt.PenStyle.NoPen)
        if level is None:
            p.setBrush(style.qcolor(style.SHADE))
            p.drawPath(city)
        elif level == "israeli":
            p.setBrush(blue)
            p.drawPath(city)
        elif level == "shared":
            p.setBrush(green)
            p.drawPath(city)
        else:
            p.setBrush(blue)
            p.drawPath(west)
            p.setBrush(orange)
            p.drawPath(east)
        pen = {
            "divided": QPen(style.qcolor(style.INK), 3),
            "open-city": QPen(style.qcolor(style.INK), 2, Qt.PenStyle.DotLine),
        }.get(level or "")
        if pen is not None:
            p.setPen(pen)
            p.drawLine(QPointF(c.x(), c.y() - rad), QPointF(c.x(), c.y() + rad))
        p.setPen(QPen(style.qcolor(style.INK), 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(city)
        # The Old City: a square on the line, coloured by who holds it (the holy-sites issue).
        old = QRectF(c.x() - rad * 0.17, c.y() - rad * 0.22, rad * 0.34, rad * 0.34)
        self._paint_old_city(p, old)
        p.setFont(style.font(0.72))
        p.setPen(style.qcolor(style.INK))
        if rad > 70:
            p.drawText(
                QRectF(old.right() + 3, old.top(), rad, old.height()),
                Qt.AlignmentFlag.AlignVCenter,
                tr("map.label.old-city"),
            )
        lang = words.catalogue_language()
        city_words = level_words("jerusalem", level, lang)
        old_words = level_words("old-city", self.state.old_city, lang)
        p.setFont(style.font(0.8))
        fm = p.fontMetrics()
        lines = [
            city_words,
            fm.elidedText(
                tr("map.inset.old-city", words=old_words), Qt.TextElideMode.ElideRight, int(r.width() - 12)
            ),
        ]
        p.drawText(
            QRectF(r.left() + 6, r.bottom() - 2 * fm.height() - 6, r.width() - 12, 2 * fm.height() + 2),
            Qt.AlignmentFlag.AlignHCenter,
            "\n".join(lines),
        )
        self._inset_tip = tr(
            "map.tip.jerusalem",
            city=self.state.labels.get("jerusalem", city_words),
            old=self.state.labels.get("old_city", old_words),
        )
        p.restore()

    def _paint_old_city(self, p: QPainter, old: QRectF) -> None:
        level = self.state.old_city
        p.setPen(QPen(style.qcolor(style.INK), 1.5))
        if level == "divided":
            left, right = (
                QRectF(old.left(), old.top(), old.width() / 2, old.height()),
                QRectF(old.center().x(), old.top(), old.width() / 2, old.height()),
            )
            p.fillRect(left, style.qcolor(style.BLUE, 200))
            p.fillRect(right, style.qcolor(style.ORANGE, 220))
            p.setBrush(Qt.BrushStyle.NoBrush)
        elif level == "international":
            p.fillRect(old, style.qcolor(style.PAPER))
            p.setBrush(QBrush(style.qcolor(style.REDDISH_PURPLE, 230), Qt.BrushStyle.BDiagPattern))
        else:
            colour = {
                "israeli": style.qcolor(style.BLUE, 200),
                "joint": style.qcolor(style.BLUISH_GREEN, 200),
            }.get(level or "", style.qcolor(style.SHADE))
            p.setBrush(colour)
        p.drawRect(old)

    def _paint_legend(self, p: QPainter, r: QRectF) -> None:
        p.save()
        # The notice goes at the bottom first, so the legend above it can never run into it.
        p.setFont(style.font(0.68))
        fm = p.fontMetrics()
        # The licence's notice is quoted exactly in English; in another language the same notice in its words (the
        # exact English stays in About and in assets/maps/NOTICE.md).
        licence = (
            self.outlines.notice
            if words.catalogue_language() == "en"
            else tr("map.odbl", source=_SOURCE, url=_SOURCE_URL, licence="Open Database License (ODbL)")
        )
        note = tr("map.schematic") + " " + licence
        nb = fm.boundingRect(
            QRectF(r.left(), 0, r.width(), 1000).toRect(), int(Qt.TextFlag.TextWordWrap), note
        )
        note_top = r.bottom() - nb.height()
        p.setPen(style.qcolor(style.MUTED))
        p.drawText(QRectF(r.left(), note_top, r.width(), nb.height()), Qt.TextFlag.TextWordWrap, note)
        p.setFont(style.font(0.85, bold=True))
        p.setPen(style.qcolor(style.INK))
        fm = p.fontMetrics()
        y = r.top()
        cap = fm.boundingRect(
            QRectF(r.left(), y, r.width(), 1000).toRect(), int(Qt.TextFlag.TextWordWrap), self.caption
        )
        p.drawText(QRectF(r.left(), y, r.width(), cap.height()), Qt.TextFlag.TextWordWrap, self.caption)
        y += cap.height() + 4
        p.setFont(style.font(0.78))
        fm = p.fontMetrics()

        def height(items: list[tuple[str, str]]) -> int:
            return sum(
                fm.boundingRect(
                    QRectF(r.left(), 0, r.width(), 1000).toRect(), int(Qt.TextFlag.TextWordWrap), f"{h}: {t}"
                ).height()
                + 2
                for h, t in items
            )

        lang = words.catalogue_language()
        lines = describe(self.state, lang=lang)
        if height(lines) > note_top - 4 - y:
            lines = describe(self.state, short=True, lang=lang)
        lines = lines or [("", tr("map.nothing"))]
        for k, (head, text) in enumerate(lines):
            shown = f"{head}: {text}" if head else text
            br = fm.boundingRect(
                QRectF(r.left(), y, r.width(), 1000).toRect(), int(Qt.TextFlag.TextWordWrap), shown
            )
            room = (
                note_top - 4 - (fm.height() if k < len(lines) - 1 else 0)
            )  # keep a line for "more" if needed
            if y + br.height() > room:
                p.drawText(
                    QRectF(r.left(), y, r.width(), fm.height()),
                    Qt.AlignmentFlag.AlignLeading,
                    tr("map.more"),
                )
                break
            p.drawText(QRectF(r.left(), y, r.width(), br.height()), Qt.TextFlag.TextWordWrap, shown)
            y += br.height() + 2
        p.restore()

    # -- tooltips ---------------------------------------------------------------------------------------------------
    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            text = self.tooltip_at(QPointF(e.pos()))
            if text:
                QToolTip.showText(e.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def tooltip_at(self, pos: QPointF) -> str:
        map_r, inset_r, _ = self._layout()
        if inset_r.contains(pos):
            return self._inset_tip
        k, ox, oy = self._transform_for(map_r)
        q = QPointF((pos.x() - ox) / k, (pos.y() - oy) / k)
        for path, text in reversed(self._hit):
            if path.contains(q):
                return text
        return ""
