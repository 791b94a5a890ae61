"""Tiny template engine for the demo text banks: alternations, sections, lazy slots and typing noise.

Templates are one line each. ``[a|b|]`` picks one alternative (an empty one is allowed), ``{slot}``
is filled at render time from a lazily evaluated mapping, so a mention only pays for the slots it uses.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

Template = tuple[str | tuple[str, ...], ...]
T = TypeVar("T")
Bank = dict[str, tuple[Template, ...]]

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SPACES = re.compile(r" {2,}")
_SPACE_PUNCT = re.compile(r" +([,.!?:;…)])(?=\s|$)")
_SENTENCE_START = re.compile(r"([.!?] )([a-zà-ÿ])")

_SLUG = re.compile(r"[^a-z0-9]+")
_ACCENTS = str.maketrans("éèêëàâäîïôöùûüçÉÈÊËÀÂÎÏÔÙÛÇ", "eeeeaaaiioouuucEEEEAAIIOUUC")


def compile_template(src: str) -> Template:
    """Split ``src`` into literal parts and alternative tuples."""
    parts: list[str | tuple[str, ...]] = []
    pos = 0
    for match in _ALT.finditer(src):
        if match.start() > pos:
            parts.append(src[pos : match.start()])
        parts.append(tuple(match.group(1).split("|")))
        pos = match.end()
    if pos < len(src):
        parts.append(src[pos:])
    return tuple(parts)


def parse_sections(block: str) -> Bank:
    """Parse a block of ``## name`` headers followed by one template per line."""
    bank: dict[str, list[Template]] = {}
    current: list[Template] | None = None
    for raw in block.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            current = bank.setdefault(line[3:].strip(), [])
            continue
        if current is None:
            raise ValueError(f"template outside a section: {line!r}")
        current.append(compile_template(line))
    return {name: tuple(items) for name, items in bank.items()}


def render(template: Template, rnd: Callable[[], float]) -> str:
    """Pick one alternative per alternation; ``rnd`` is a bound ``random.random``."""
    return "".join(p if isinstance(p, str) else p[int(rnd() * len(p))] for p in template)


def pick(items: Sequence[T], rnd: Callable[[], float]) -> T:
    """Uniform choice without the overhead of ``random.choice`` argument checks."""
    return items[int(rnd() * len(items))]


class Slots(dict):
    """Mapping for ``str.format_map`` that generates a slot value the first time it is asked for.

    One value per slot and mention keeps a text self-consistent ("à Laval ... depuis Laval").
    """

    __slots__ = ("_factories",)

    def __init__(self, factories: dict[str, Callable[[], str]], **fixed: str) -> None:
        super().__init__(fixed)
        self._factories = factories

    def __missing__(self, key: str) -> str:
        value = self._factories[key]()
        self[key] = value
        return value


def tidy(text: str) -> str:
    """Collapse the double spaces and dangling punctuation that empty alternatives leave behind."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
    return text.strip()


def capitalise_sentences(text: str) -> str:
    """Upper-case sentence starts (needed when a generic phrase replaced a brand at a sentence start)."""
    text = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def strip_accents(text: str) -> str:
    """Drop French accents, as many people type on phones with an English keyboard."""
    return text.translate(_ACCENTS)


def add_typo(text: str, rng: random.Random, protected: tuple[str, ...]) -> str:
    """Swap, drop or double one letter in one ordinary word (never a brand, handle, hashtag or URL)."""
    words = text.split(" ")
    candidates = [
        i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and not any(p in w.lower() for p in protected)
    ]
    if not candidates:
        return text
    i = candidates[int(rng.random() * len(candidates))]
    w = words[i]
    j = 1 + int(rng.random() * (len(w) - 2))
    kind = rng.random()
    if kind < 0.45:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind < 0.8:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def slugify(text: str, limit: int = 60) -> str:
    """URL slug ("Panne chez Nexora à Laval" -> "panne-chez-nexora-a-laval")."""
    slug = _SLUG.sub("-", strip_accents(text).lower()).strip("-")
    return slug[:limit].rstrip("-") or "post"
