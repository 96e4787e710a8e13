"""The `paycontract` command line: parses arguments and hands over to library functions.

Each subcommand lives in `paycontract/commands/<name>.py` with `add_parser(subparsers)` and
`run(args) -> int`; this module only lists them and turns errors into one line and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from paycontract import __version__
from paycontract.errors import UserError

COMMANDS = ("lint", "generate", "serve", "verify", "proxy", "check-har", "docs", "diff", "sign")

DESCRIPTION = """\
The contract of the payment API (openapi.yaml) and the tools around it: check a deployment
against it, run the sandbox server, regenerate the samples and the reference docs, gate releases."""
EPILOG = """examples:
  paycontract serve                                  run the sandbox on http://127.0.0.1:8000/v1
  paycontract verify                                 verify the bundled sandbox server
  paycontract verify --base-url URL --app-id ID --app-secret S
                                                     verify your deployment
  paycontract proxy --upstream URL --port 8080       check the live traffic of your app and server
  paycontract check-har traffic.har                  check recorded traffic
  paycontract generate --check                       are the samples and docs up to date?
  paycontract docs check docs/api.md                 does a Slate document agree with the spec?
  paycontract diff specs/releases openapi.yaml       what changed since the last release, and is it breaking?

'paycontract COMMAND --help' describes each command."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's, but a long command name (`check-har`) keeps its help on its own line."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction) and action.choices:
            # argparse measures subcommands without the indent it then prints them with.
            longest = max(len(name) for name in action.choices) + self._current_indent + self._indent_increment * 2
            self._action_max_length = max(self._action_max_length, longest)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (and a hint), exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser, one subparser per command module."""
    parser = _Parser(
        prog="paycontract",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"paycontract {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for name in COMMANDS:
        importlib.import_module(f"paycontract.commands.{name.replace('-', '_')}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `paycontract` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except UserError as exc:
        print(f"paycontract {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"paycontract {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
