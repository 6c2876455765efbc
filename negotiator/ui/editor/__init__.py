"""The scenario editor: :mod:`document` (the edited TOML, undo/redo, checks, analysis, safe saving; Qt-free) and
:mod:`window` (the forms)."""
