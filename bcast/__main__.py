"""``python -m bcast``: the command line."""

from bcast.cli import main

raise SystemExit(main())
