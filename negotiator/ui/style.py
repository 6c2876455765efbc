"""The game's one visual style: a colour-blind-safe palette, projector-sized fonts, and the Qt style sheet.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008), which stays distinguishable under the common colour-vision
deficiencies; meaning is never carried by colour alone (every state also has a word or a symbol). Fonts: DejaVu Sans
when present for Latin text; Noto Sans Hebrew and Noto Sans Arabic, shipped in ``assets/fonts`` (SIL Open Font
Licence) and registered at start, for Hebrew and Arabic, so a machine without them still draws real letters. The
window's language puts its own script's font first (Latin names inside it fall through to the next family). The base
size is chosen to be readable from the back of a classroom, multiplied by the user's font-scale setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

# Okabe-Ito, by name.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

# Neutral tones for a calm, paper-like surface.
PAPER = "#F6F4EF"
PANEL = "#FFFFFF"
INK = "#1E2227"
MUTED = "#5B6470"
RULE = "#D5D0C5"
SHADE = "#ECE8DF"

# Semantic colours: always paired with a word or symbol in the UI.
AGREED = BLUISH_GREEN
OPEN = SKY_BLUE
BLOCKED = VERMILLION
SUPPORT = BLUE
OPPOSE = VERMILLION
UNDECIDED = "#9A9A9A"
GOOD = BLUISH_GREEN
BAD = VERMILLION
WARN = ORANGE

# Delegations in scenario order; the first two (the principals in every shipped scenario) get the classic
# blue/orange pair, the most robust pair for colour-blind viewers.
DELEGATION_COLOURS: tuple[str, ...] = (
    BLUE,
    ORANGE,
    BLUISH_GREEN,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    BLACK,
)

STATE_SYMBOLS = {"agreed": "✔", "open": "○", "blocked": "✖"}

BASE_POINT_SIZE = 11.0  # at scale 1.0; readable on a projector at 1280x800 from a classroom's back row
FONT_FAMILY_PREFERENCE = ("DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial")
SCRIPT_FAMILIES: dict[str, tuple[str, ...]] = {
    "he": ("Noto Sans Hebrew",),
    "ar": ("Noto Sans Arabic UI",),
}
"""The shipped font of each right-to-left language, tried before the Latin preference."""


def delegation_colour(index: int) -> str:
    return DELEGATION_COLOURS[index % len(DELEGATION_COLOURS)]


def qcolor(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c


@dataclass(frozen=True)
class Scale:
    """Font scale chosen in the settings (1.0 = default)."""

    factor: float = 1.0

    def pt(self, base: float = BASE_POINT_SIZE) -> float:
        return round(base * self.factor, 1)


_current = Scale()


def current_scale() -> Scale:
    return _current


_registered: list[str] = []


def fonts_dir() -> Path:
    from negotiator.assets import assets_dir

    return assets_dir() / "fonts"


def register_fonts() -> list[str]:
    """Add the shipped fonts (``assets/fonts/*.ttf``) to Qt's font database once; returns the families added."""
    if not _registered:
        for path in sorted(fonts_dir().glob("*.ttf")):
            fid = QFontDatabase.addApplicationFont(str(path))
            if fid >= 0:
                _registered.extend(
                    f for f in QFontDatabase.applicationFontFamilies(fid) if f not in _registered
                )
    return list(_registered)


def family() -> str:
    return families()[0]


def families() -> list[str]:
    """The font families in order for the window's language: its script's font first, then the Latin one."""
    from negotiator.ui.language import catalogue_language

    register_fonts()
    available = set(QFontDatabase.families())
    out = [f for f in SCRIPT_FAMILIES.get(catalogue_language(), ()) if f in available]
    latin = next((n for n in FONT_FAMILY_PREFERENCE if n in available), None)
    out.append(latin or QApplication.font().family())
    return out


def font(size_factor: float = 1.0, bold: bool = False) -> QFont:
    """A font of the current scale; ``size_factor`` is relative to the base size (1.6 for a title)."""
    f = QFont()
    f.setFamilies(families())
    f.setPointSizeF(_current.pt(BASE_POINT_SIZE * size_factor))
    f.setBold(bold)
    return f


def style_sheet(scale: Scale) -> str:
    pt = scale.pt()
    small = scale.pt(BASE_POINT_SIZE * 0.9)
    big = scale.pt(BASE_POINT_SIZE * 1.35)
    title = scale.pt(BASE_POINT_SIZE * 1.9)
    return f"""
QWidget {{ color: {INK}; font-size: {pt}pt; }}
QMainWindow, QDialog, QStackedWidget > QWidget {{ background: {PAPER}; }}
QDockWidget {{ font-weight: bold; }}
QDockWidget::title {{ background: {SHADE}; padding: 4px 8px; border-bottom: 1px solid {RULE}; }}
QDockWidget > QWidget {{ background: {PANEL}; }}
QLabel[role="title"] {{ font-size: {title}pt; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {big}pt; font-weight: bold; }}
QLabel[role="muted"] {{ color: {MUTED}; font-size: {small}pt; }}
QLabel[role="banner"] {{ background: {SHADE}; border: 1px solid {RULE}; border-radius: 4px; padding: 6px 10px;
    font-weight: bold; }}
QLabel[role="secret"] {{ background: #FFF6DA; border: 1px dashed {ORANGE}; border-radius: 4px; padding: 8px; }}
QFrame[role="card"] {{ background: {PANEL}; border: 1px solid {RULE}; border-radius: 6px; }}
QPushButton {{ background: {PANEL}; border: 1px solid #9FA6AE; border-radius: 5px; padding: 6px 14px;
    min-height: 1.6em; }}
QPushButton:hover {{ background: #EAF3FA; }}
QPushButton:focus {{ border: 2px solid {BLUE}; }}
QPushButton:disabled {{ color: #9A9A9A; border-color: {RULE}; }}
QToolButton {{ background: {PANEL}; border: 1px solid #9FA6AE; border-radius: 5px; padding: 4px 10px;
    font-weight: bold; }}
QToolButton:hover {{ background: #EAF3FA; }}
QToolButton:focus {{ border: 2px solid {BLUE}; }}
QToolButton:disabled {{ color: #A8A8A8; background: {SHADE}; border: 1px dashed {RULE}; font-weight: normal; }}
QPushButton[role="primary"] {{ background: {BLUE}; color: white; border: 1px solid #005A8C; font-weight: bold; }}
QPushButton[role="primary"]:hover {{ background: #0A80C4; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {INK}; }}
QPushButton[role="primary"]:disabled {{ background: #8DB6CF; color: #F0F0F0; }}
QListWidget, QTreeWidget, QTableWidget, QTextBrowser, QPlainTextEdit, QLineEdit, QComboBox, QSpinBox {{
    background: {PANEL}; border: 1px solid {RULE}; border-radius: 4px; }}
QListWidget::item, QTreeWidget::item {{ padding: 4px; }}
QListWidget::item:selected, QTreeWidget::item:selected, QTableWidget::item:selected {{
    background: #CFE3F1; color: {INK}; }}
QListWidget:focus, QTreeWidget:focus, QTableWidget:focus, QLineEdit:focus, QComboBox:focus, QTextBrowser:focus {{
    border: 2px solid {BLUE}; }}
QHeaderView::section {{ background: {SHADE}; border: none; border-bottom: 1px solid {RULE}; padding: 4px 6px;
    font-weight: bold; }}
QToolTip {{ background: #FFFDF5; color: {INK}; border: 1px solid {RULE}; padding: 4px; }}
QStatusBar {{ background: {SHADE}; }}
QTabBar::tab {{ padding: 6px 14px; }}
QTabBar::tab:selected {{ font-weight: bold; }}
QGroupBox {{ font-weight: bold; border: 1px solid {RULE}; border-radius: 6px; margin-top: 1.2em; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
QRadioButton:focus, QCheckBox:focus {{ color: {BLUE}; font-weight: bold; }}
"""


def apply_style(app: QApplication, factor: float = 1.0) -> None:
    """Apply the palette, font and style sheet at ``factor`` times the base font size."""
    global _current
    _current = Scale(max(0.6, min(2.5, float(factor))))
    app.setStyle("Fusion")  # the same look on every platform, and it honours the palette fully
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(PAPER))
    pal.setColor(QPalette.ColorRole.Base, QColor(PANEL))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#F3F6F9"))
    pal.setColor(QPalette.ColorRole.Text, QColor(INK))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
    pal.setColor(QPalette.ColorRole.Button, QColor(PANEL))
    pal.setColor(QPalette.ColorRole.Highlight, QColor("#CFE3F1"))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(INK))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#FFFDF5"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(INK))
    pal.setColor(QPalette.ColorRole.Link, QColor(BLUE))
    app.setPalette(pal)
    app.setFont(font())
    app.setStyleSheet(style_sheet(_current))


def points_colour(points: float, walk_away: float) -> str:
    """Colour for a points figure against a walk-away value (with a word next to it in the UI)."""
    if points < walk_away:
        return BAD
    if points < walk_away + 5:
        return WARN
    return GOOD
