"""``python -m negotiator``: same as the ``negotiator`` command."""

from negotiator.cli import main

raise SystemExit(main())
