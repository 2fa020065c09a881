"""``python -m mujaz.training {news,headline,verbs} ...``: refit one of the shipped models."""

from __future__ import annotations

import sys

from mujaz.training import headline, news, verbs

_COMMANDS = {"news": news.main, "headline": headline.main, "verbs": verbs.main}
_USAGE = ("usage: python -m mujaz.training {news,headline,verbs} [options]\n"
          "  news      fit the news scorer's weights (lead summaries)\n"
          "  headline  fit the headline word model\n"
          "  verbs     learn the perfect -> imperfect verb pairs of headlines\n"
          "Run one with --help for its options.")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print(_USAGE)
        return 0 if args else 2
    command = _COMMANDS.get(args[0])
    if command is None:
        print(f"python -m mujaz.training: unknown command {args[0]!r}; choose from {sorted(_COMMANDS)}",
              file=sys.stderr)
        return 2
    return command(args[1:])


if __name__ == "__main__":
    sys.exit(main())
