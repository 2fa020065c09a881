"""``python -m mujaz``: the command line."""

import sys

from mujaz.cli.main import main

sys.exit(main())
