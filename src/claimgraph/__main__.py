"""`python -m claimgraph ...` runs the command line (the same as the `claimgraph` script)."""

import sys

from .cli import main

sys.exit(main())
