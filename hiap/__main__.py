"""``python -m hiap`` behaves exactly like the ``hiap`` command."""

from hiap.cli import main

raise SystemExit(main())
