"""The command line's help is written for its users: what the tool does and how to start, not a module docstring."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from paycontract.cli import COMMANDS, build_parser, main


def test_top_level_help_describes_the_tool_and_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "hands over to library functions" not in out
    assert "examples:" in out and "paycontract verify --base-url URL" in out
    for command in COMMANDS:
        assert f"    {command} " in out, command


def test_lint_without_argument_names_the_spec_it_checked(capsys: pytest.CaptureFixture[str]) -> None:
    from paycontract.paths import default_spec_path

    code = main(["lint"])
    err = capsys.readouterr().err
    assert code == 0
    assert f"checked {default_spec_path().resolve()}" in err


def test_generate_check_names_the_spec_and_the_folder(capsys: pytest.CaptureFixture[str]) -> None:
    from paycontract.paths import default_spec_path

    spec = default_spec_path().resolve()
    code = main(["generate", "--check", "--target", "contract"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"up to date: {spec.parent} from {spec}" in out


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_command_says_what_it_does_and_every_argument_has_help() -> None:
    parsers = _parsers(build_parser())
    leaves = [p for p in parsers if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)]
    assert len(leaves) >= len(COMMANDS)
    for parser in leaves:
        assert parser.description and len(parser.description.split()) >= 12, parser.prog
        assert "Register the" not in parser.description, parser.prog
        undocumented = [a.dest for a in parser._actions if not a.help and a.dest != "help"]
        assert not undocumented, f"{parser.prog}: {undocumented} have no help"
