"""axe-core (the accessibility rules engine, from the npm registry) for the browser tests.

The package is fetched with ``npm pack`` into ``tests/.cache`` on first use and never committed;
``violations`` injects it into a Playwright page and returns what WCAG 2 A/AA rules find."""

from __future__ import annotations

import subprocess
import tarfile
from pathlib import Path

AXE_VERSION = "4.11.0"
CACHE = Path(__file__).resolve().parents[1] / ".cache"
BLOCKING = ("serious", "critical")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_script() -> str:
    """The text of ``axe.min.js``, fetched once per checkout."""
    target = CACHE / f"axe-core-{AXE_VERSION}.min.js"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(CACHE), "--silent"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        archive = CACHE / f"axe-core-{AXE_VERSION}.tgz"
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/axe.min.js")
            assert member is not None
            target.write_bytes(member.read())
        archive.unlink()
    return target.read_text(encoding="utf-8")


def violations(page, *, impacts: tuple[str, ...] = BLOCKING) -> list[dict]:
    """The violations of ``impacts`` on the page as it is now: rule id, impact, help and the
    first offending elements."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_script())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in found
        if v["impact"] in impacts
    ]


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in found)
