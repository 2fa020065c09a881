"""``python -m mujaz.cli``."""

import sys

from mujaz.cli.main import main

sys.exit(main())
