"""`python -m redline.cli`."""

import sys

from redline.cli import run

sys.exit(run())
