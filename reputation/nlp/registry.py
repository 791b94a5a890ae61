"""A project's own trained models, versioned in a folder: `<registry>/sentiment/<name>/v<N>/`.

Each version holds `model.joblib` and `card.json` (what it was trained on, when, its settings and its held-out
figures beside those of the model it was compared with). Versions are never overwritten: training again adds
`v<N+1>`, so an old version stays loadable (`name@v1`) and comparable.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KIND = "sentiment"
ARTIFACT = "model.joblib"
CARD = "card.json"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_SPEC = re.compile(r"^(?P<name>[^@]+)(?:@v?(?P<version>\d+))?$")


class RegistryError(ValueError):
    """A model name, version or registry entry that cannot be used."""


@dataclass(frozen=True)
class RegisteredModel:
    name: str
    version: int
    path: Path  # the version's folder

    @property
    def artifact(self) -> Path:
        return self.path / ARTIFACT

    @property
    def spec(self) -> str:
        return f"{self.name}@v{self.version}"

    def card(self) -> dict[str, Any]:
        return json.loads((self.path / CARD).read_text(encoding="utf-8"))


def check_name(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """`name` if it can name a registered model, else a RegistryError saying what is allowed."""
    if not _NAME.match(name) or name in reserved:
        taken = f" (reserved: {sorted(reserved)})" if name in reserved else ""
        raise RegistryError(
            f"model name {name!r} is not usable{taken}: lower-case letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    return name


class ModelRegistry:
    """The versions of a project's sentiment models under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _folder(self, name: str) -> Path:
        return self.root / KIND / name

    def versions(self, name: str) -> list[RegisteredModel]:
        folder = self._folder(name)
        found = []
        if folder.is_dir():
            for child in folder.iterdir():
                if re.fullmatch(r"v\d+", child.name) and (child / ARTIFACT).is_file() and (child / CARD).is_file():
                    found.append(RegisteredModel(name, int(child.name[1:]), child))
        return sorted(found, key=lambda m: m.version)

    def names(self) -> list[str]:
        folder = self.root / KIND
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def find(self, spec: str) -> RegisteredModel | None:
        """`name` (its latest version) or `name@vN`; None when no such name is registered."""
        match = _SPEC.match(spec)
        if not match or not _NAME.match(match["name"]):
            return None
        versions = self.versions(match["name"])
        if not versions:
            return None
        if match["version"] is None:
            return versions[-1]
        wanted = int(match["version"])
        for model in versions:
            if model.version == wanted:
                return model
        raise RegistryError(
            f"{match['name']} has no version v{wanted} in {self.root}; versions: "
            + ", ".join(f"v{m.version}" for m in versions)
        )

    def register(self, name: str, write: Any, card: dict[str, Any]) -> RegisteredModel:
        """Add the next version of `name`: `write(path)` writes the artifact; the card is saved beside it.

        The version folder appears whole or not at all (written aside, then renamed), so a crash mid-way never
        leaves a half-written version that later loads.
        """
        folder = self._folder(name)
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
        try:
            write(staging / ARTIFACT)
            while True:
                version = max((m.version for m in self.versions(name)), default=0) + 1
                card = {"name": name, "version": f"v{version}", **card}
                (staging / CARD).write_text(json.dumps(card, indent=2, default=str) + "\n", encoding="utf-8")
                try:
                    os.rename(staging, folder / f"v{version}")  # fails if a concurrent run took that number
                    break
                except OSError:
                    if not (folder / f"v{version}").exists():
                        raise
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return RegisteredModel(name, version, folder / f"v{version}")
