"""`python -m tui` is the same as the `copydesk` command."""

from .cli import main

raise SystemExit(main())
