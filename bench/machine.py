"""The heading every benchmark page starts with (title, command, machine), and pages shared by several benchmarks."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path


def machine() -> str:
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, {ram:.0f} GiB RAM"


def heading(title: str, command: str, level: int = 1) -> list[str]:
    """Markdown lines: title (a heading of this level), command with the time it ran, machine."""
    return [
        f"{'#' * level} {title}",
        "",
        f"Command: `{command}` (run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC).",
        f"Machine: {machine()}.",
    ]


def write_section(page: Path, key: str, text: str, title: str) -> None:
    """Put `text` between the page's `<!-- begin KEY -->` and `<!-- end KEY -->` lines, leaving the rest as it is.

    A page that lacks the section gets it at its end; a missing page is started with `# title`. So benchmarks that
    share a page each rewrite their own part of it.
    """
    block = f"<!-- begin {key} -->\n{text.strip()}\n<!-- end {key} -->\n"
    old = page.read_text(encoding="utf-8") if page.exists() else f"# {title}\n"
    pattern = re.compile(rf"<!-- begin {re.escape(key)} -->\n.*?<!-- end {re.escape(key)} -->\n", re.S)
    new = pattern.sub(lambda _: block, old, count=1) if pattern.search(old) else old.rstrip("\n") + "\n\n" + block
    page.write_text(new, encoding="utf-8")
