"""The docs a newcomer reads: a short README, and every link in the docs leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "DECISIONLOG.md", *sorted((ROOT / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text())
    return {slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(FENCE.sub("", path.read_text())):
        if re.match(r"[a-z]+://|mailto:", target):
            continue
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if not destination.exists():
            broken.append(target)
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(target)
    return broken


def test_the_readme_stays_short_and_links_every_guide():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 300
    linked = {Path(target.partition("#")[0]).name for target in LINK.findall(readme)}
    guides = {path.name for path in (ROOT / "docs").glob("*.md")}
    assert guides - linked == set(), "guides the README does not link"


def test_every_link_in_the_docs_resolves():
    found = {str(path.relative_to(ROOT)): broken_links(path) for path in documents()}
    assert {name: links for name, links in found.items() if links} == {}


def test_the_link_check_finds_a_broken_file_and_a_broken_anchor(tmp_path):
    (tmp_path / "guide.md").write_text("# The run layer: what this run must redo\n")
    page = tmp_path / "page.md"
    page.write_text("[ok](guide.md#the-run-layer-what-this-run-must-redo) [gone](missing.md) "
                    "[bad](guide.md#no-such-heading)\n```\n[fenced](ignored.md)\n```\n")
    assert broken_links(page) == ["missing.md", "guide.md#no-such-heading"]
