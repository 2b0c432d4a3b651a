"""The README and docs say what the code does: commands, options, links and the module map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svetofor.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)


def readme_cli_lines() -> list[str]:
    return [
        line.strip()
        for block in code_blocks(README)
        for line in block.splitlines()
        if line.strip().startswith("svetofor ")
    ]


def subparsers() -> dict:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


def test_the_two_setup_commands_are_make_targets_and_ci_runs_the_test_one():
    setup = code_blocks(README.split("## Set-up", 1)[1])[0]
    commands = [line.split("#")[0].strip() for line in setup.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line for line in ci.splitlines() if line and not line.startswith("#")][-1] == "make test"


@pytest.mark.parametrize("line", readme_cli_lines())
def test_every_command_line_in_the_readme_exists_with_its_options(line: str):
    words = line.split("#")[0].split()
    command = words[1]
    choices = subparsers()
    assert command in choices, f"README names 'svetofor {command}', which the CLI does not have"
    parsers = [choices[command]]
    for action in choices[command]._actions:  # a nested action named on the line: its options too
        if action.__class__.__name__ == "_SubParsersAction":
            parsers += [p for name, p in action.choices.items() if name in words[2:]]
    known = {opt for parser in parsers for action in parser._actions for opt in action.option_strings}
    for word in words[2:]:
        for option in re.findall(r"--[a-z][a-z-]*", word):
            assert option in known, f"README gives {option} to 'svetofor {command}'"


def test_every_cli_command_is_in_the_readme():
    documented = {line.split()[1] for line in readme_cli_lines()}
    assert set(subparsers()) <= documented


@pytest.mark.parametrize("doc", ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))])
def test_relative_links_point_to_files_that_exist(doc: str):
    path = ROOT / doc if doc == "README.md" else ROOT / "docs" / doc
    for target in re.findall(r"\]\(([^)#]+)\)", path.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (path.parent / target).exists(), f"{doc} links to missing {target}"


def test_the_module_map_names_every_core_and_ui_module():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    # Migration revisions are data, one per schema change: docs/migrations.md describes them.
    revisions = ROOT / "svetofor" / "store" / "migrations" / "versions"
    modules = [
        p for p in (ROOT / "svetofor").rglob("*.py") if p.name != "__init__.py" and revisions not in p.parents
    ]
    missing = [str(p.relative_to(ROOT / "svetofor")) for p in modules if f"{p.name}`" not in text]
    assert not missing, f"docs/architecture.md does not mention {missing}"
