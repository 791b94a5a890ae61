"""The heading every benchmark page starts with: its title, the command that wrote it, and the machine."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime


def machine() -> str:
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, {ram:.0f} GiB RAM"


def heading(title: str, command: str) -> list[str]:
    """Markdown lines: title, command with the time it ran, machine."""
    return [
        f"# {title}",
        "",
        f"Command: `{command}` (run on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC).",
        f"Machine: {machine()}.",
    ]
