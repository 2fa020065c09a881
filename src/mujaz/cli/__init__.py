"""The ``mujaz`` command line (thin: parse -> public API -> write).

Exit status: 0 on success, 1 when the input cannot be summarized or read, 2 on usage
errors (unknown option, bad value), 130 when interrupted.
"""

from mujaz.cli.main import build_parser, main

__all__ = ["main", "build_parser"]
