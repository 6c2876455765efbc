"""Entry point of the frozen app: the same ``negotiator`` command as from source."""

from negotiator.cli import main

raise SystemExit(main())
