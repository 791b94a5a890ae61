"""Platform file formats, detected automatically by `reputation ingest` (see base.PlatformFormat).

Each module listed in MODULES defines ``FORMATS``, a list of format objects; detection asks them in order and
falls back to the canonical CSV / JSON / JSONL format (docs/mention.md).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from pathlib import Path

from reputation.sources.formats.base import PlatformFormat

MODULES: tuple[str, ...] = ()
HEAD_CHARS = 65_536


@lru_cache(maxsize=1)
def registered() -> tuple[PlatformFormat, ...]:
    formats: list[PlatformFormat] = []
    for name in MODULES:
        formats += import_module(f"{__name__}.{name}").FORMATS
    return tuple(formats)


def detect(path: Path, head: str) -> PlatformFormat | None:
    """The first registered format that recognises the file, or None for the canonical format."""
    return next((f for f in registered() if f.sniff(path, head)), None)
