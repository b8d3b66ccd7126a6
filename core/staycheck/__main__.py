"""`python -m core` runs the `staycheck` command line."""

import sys

from .cli import main

sys.exit(main())
