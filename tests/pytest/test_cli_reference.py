"""The command reference (docs/cli.md) is the commands' --help: it cannot say what they do not."""

from __future__ import annotations

from conftest import ROOT
from litellm_spend import cli
from litellm_spend_dev import cli_reference


def test_the_committed_reference_is_the_rendering_of_every_commands_help():
    committed = (ROOT / "docs" / "cli.md").read_text()
    assert committed == cli_reference.render(), (
        f"docs/cli.md is not the commands' --help: regenerate it with `{cli_reference.REGENERATE}` "
        "(PYTHONPATH=scripts, or in the project's venv) and commit it")


def test_the_reference_has_every_command_and_destination():
    rendered = cli_reference.render()
    for command in cli.COMMANDS:
        assert f"\n## litellm-spend {command}\n" in rendered, command
    for destination in ("lago", "openmeter", "focus"):
        assert f"\n## litellm-spend export {destination}\n" in rendered, destination


def test_the_rendering_does_not_depend_on_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    narrow = cli_reference.render()
    monkeypatch.setenv("COLUMNS", "250")
    assert cli_reference.render() == narrow
