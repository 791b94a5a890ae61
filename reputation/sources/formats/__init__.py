"""Platform file formats, detected automatically by `reputation ingest` (see base.PlatformFormat).

Every module of this package (other than base) defines ``FORMATS``, a list of format objects; detection asks
them in turn (modules in name order) and falls back to the canonical CSV / JSON / JSONL format
(docs/mention.md). A format's `sniff` must therefore only claim files that are really its own.
"""

from __future__ import annotations

import pkgutil
from functools import lru_cache
from importlib import import_module
from pathlib import Path

from reputation.sources.formats.base import PlatformFormat

HEAD_CHARS = 65_536


@lru_cache(maxsize=1)
def registered() -> tuple[PlatformFormat, ...]:
    formats: list[PlatformFormat] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if module != "base":
            formats += import_module(f"{__name__}.{module}").FORMATS
    return tuple(formats)


def detect(path: Path, head: str) -> PlatformFormat | None:
    """The first registered format that recognises the file, or None for the canonical format."""
    return next((f for f in registered() if f.sniff(path, head)), None)
