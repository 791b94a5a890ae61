"""Erase mentions, and what is derived from them, from every table of the warehouse (rules: privacy.tables).

Set-wise SQL inside the caller's transaction: the erased mentions and authors are temporary tables, each table is
touched by a few statements, and every statement's row count is kept for the report. Shared by `reputation forget`
(an author's mentions, plus the redaction of their handle in other people's words) and retention (mentions older
than a cutoff, plus aggregate rows of the days before it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb

from reputation.privacy.tables import DERIVED, TABLES
from reputation.warehouse import Warehouse

REMOVED = "[removed]"  # what a forgotten handle becomes in other people's words
_WORD = r"[^\p{L}\p{N}_]"  # a character that ends a handle (RE2: Unicode-aware, no look-around)
_TEMP = ("_gone_mentions", "_gone_writers", "_gone_urls", "_redacted", "_gone_authors", "_gone_handles")


@dataclass
class Erasure:
    """Rows affected per table: deleted, updated (a link, a list or a text redacted), or dropped to be recomputed."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, table: str, action: str, n: int) -> None:
        if n:
            self.counts.setdefault(table, Counter())[action] += n

    def get(self, table: str, action: str = "deleted") -> int:
        return self.counts.get(table, Counter())[action]

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    def lines(self) -> list[str]:
        """One line per table touched, e.g. ``raw_mentions: 12 deleted, 3 updated``."""
        return [
            f"{table}: " + ", ".join(f"{n} {action}" for action, n in sorted(c.items()))
            for table, c in sorted(self.counts.items())
        ]


@dataclass(frozen=True)
class Forgotten:
    """Who is forgotten: pseudonymous ids, and what identifies them in other people's words and links."""

    author_ids: frozenset[str]
    handles: frozenset[str] = frozenset()  # as written, without '@'
    raw_ids: frozenset[str] = frozenset()  # the platform's author ids, when given


@dataclass(frozen=True)
class Cutoff:
    """The retention cutoff, in each form the tables' time columns need."""

    utc: datetime  # naive UTC
    local: datetime  # naive, the project's time zone: local midnight
    day: date  # the first local day kept

    def bound(self, kind: str) -> object:
        return {
            "utc": self.utc,
            "local": self.local,
            "day": self.day,
            "week": self.day - timedelta(days=6),  # a week whose Sunday is before the first day kept
            "month": self.day.strftime("%Y-%m"),  # a month wholly before it
        }[kind]


@contextmanager
def transaction(wh: Warehouse, *, commit: bool) -> Iterator[None]:
    """One transaction, rolled back at the end unless `commit`: a dry run counts exactly what a run would do."""
    wh.con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        wh.con.execute("ROLLBACK")
        raise
    wh.con.execute("COMMIT" if commit else "ROLLBACK")


def _escape(handle: str) -> str:
    """A handle as an RE2 literal (ASCII punctuation escaped; letters of any script as they are)."""
    return "".join(f"\\{c}" if c.isascii() and not c.isalnum() and c != "_" else c for c in handle)


def redactable(handles: frozenset[str]) -> list[str]:
    """Handles that can be written as @mentions or words (not a display name with spaces), longest first."""
    return sorted({h for h in handles if h and not any(c.isspace() for c in h)}, key=lambda h: (-len(h), h))


def at_pattern(handles: list[str]) -> str:
    """@handle, not inside a longer handle or an e-mail address; groups 1 and 2 keep what surrounds it."""
    return rf"(?i)(^|[^\p{{L}}\p{{N}}_@])@(?:{'|'.join(map(_escape, handles))})({_WORD}|$)"


def word_pattern(handles: list[str]) -> str:
    """The handle as a whole word, with or without '@'."""
    return rf"(?i)(^|{_WORD})@?(?:{'|'.join(map(_escape, handles))})({_WORD}|$)"


def path_pattern(handles: list[str]) -> str:
    """The handle as a segment of a link's path (x.com/handle/status/..., mastodon.social/@handle/...)."""
    return rf"(?i)/@?(?:{'|'.join(map(_escape, handles))})([/?#&]|$)"


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row else 0


def _any_in(columns: tuple[str, ...], table: str) -> str:
    return " OR ".join(f"{c} IN (SELECT mention_id FROM {table})" for c in columns)


def erase(
    con: duckdb.DuckDBPyConnection,
    seed_sql: str,
    params: list[object],
    *,
    forgotten: Forgotten | None = None,
    cutoff: Cutoff | None = None,
    out: Erasure | None = None,
) -> Erasure:
    """Erase the mentions `seed_sql` selects (a query returning `mention_id`) and everything derived from them.

    With `forgotten` (forget): other people's replies, shares and quotes of those mentions stay but lose their link
    to them, links under their pages are removed and their @handle in other people's words is redacted. With
    `cutoff` (retention): aggregate rows of the days before the cutoff go too. Authors left without a mention leave
    the author tables either way.
    Runs inside the caller's transaction; counts are added to `out` (a new Erasure by default)."""
    out = out if out is not None else Erasure()
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gone_mentions AS SELECT DISTINCT mention_id FROM ({seed_sql})", params)
    # who wrote them and under which handles, and their pages' links: read before the rows go
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone_writers AS SELECT DISTINCT author_id, lower(author_handle) AS handle "
        "FROM raw_mentions WHERE mention_id IN (SELECT mention_id FROM _gone_mentions)"
    )
    handles = redactable(forgotten.handles) if forgotten else []
    if forgotten is not None:
        _redact_prepare(con, out, handles)
    for table, rule in TABLES.items():
        if rule.mentions:
            out.add(
                table, "deleted", _count(con, f"DELETE FROM {table} WHERE {_any_in(rule.mentions, '_gone_mentions')}")
            )
    _gone_authors(con, forgotten)
    for table, rule in TABLES.items():
        if rule.authors:
            cond = " OR ".join(f"{c} IN (SELECT author_id FROM _gone_authors)" for c in rule.authors)
            out.add(table, "deleted", _count(con, f"DELETE FROM {table} WHERE {cond}"))
    _scrub_lists(con, out)
    if forgotten is not None:
        _unlink(con, out, forgotten, handles)
        if handles:
            _redact(con, out, handles)
    if cutoff is not None:
        for table, rule in TABLES.items():
            if rule.time is not None:
                out.add(table, "deleted", _older(con, table, *rule.time, cutoff))
    if forgotten is not None or _count(con, "SELECT count(*) FROM _gone_mentions"):
        for table, rule in TABLES.items():
            if rule.cache:  # simpler and surer than finding what each kept result quotes
                out.add(table, "deleted", _count(con, f"DELETE FROM {table}"))
    for name in _TEMP:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")
    return out


def _redact_prepare(con: duckdb.DuckDBPyConnection, out: Erasure, handles: list[str]) -> None:
    """Links of the erased pages, and the model outputs of kept mentions that name the forgotten author (they quote
    the text being redacted: the next run recomputes them)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone_urls AS SELECT DISTINCT url FROM raw_mentions "
        "WHERE mention_id IN (SELECT mention_id FROM _gone_mentions) "
        # only a link with a path: a site's home page would match every link to that site
        r"AND regexp_matches(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]+/[^?#]')"
    )
    if not handles:
        con.execute("CREATE OR REPLACE TEMP TABLE _redacted (mention_id VARCHAR)")
        return
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _redacted AS SELECT mention_id FROM raw_mentions "
        "WHERE mention_id NOT IN (SELECT mention_id FROM _gone_mentions) "
        "AND (regexp_matches(text, $1) OR regexp_matches(coalesce(title, ''), $1))",
        [at_pattern(handles)],
    )
    dropped = 0
    for table in DERIVED:
        n = _count(con, f"DELETE FROM {table} WHERE {_any_in(('mention_id',), '_redacted')}")
        out.add(table, "dropped", n)
        dropped += n
    if dropped:  # the stages' watermarks no longer hold: their next run looks at every mention once (finds these)
        n = _count(con, "DELETE FROM stage_watermarks WHERE output IN (SELECT unnest($1::VARCHAR[]))", [list(DERIVED)])
        out.add("stage_watermarks", "deleted", n)


def _gone_authors(con: duckdb.DuckDBPyConnection, forgotten: Forgotten | None) -> None:
    """The forgotten authors, and every author left without a mention (their community rows describe nobody now);
    the handles they went by, unless a kept author uses the same one."""
    named = [f"SELECT {c} AS author_id FROM {t}" for t, rule in TABLES.items() for c in rule.authors]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone_authors AS "
        "SELECT unnest($1::VARCHAR[]) AS author_id UNION "
        f"(SELECT author_id FROM ({' UNION '.join(named)}) WHERE author_id IS NOT NULL "
        "EXCEPT SELECT author_id FROM raw_mentions)",
        [sorted(forgotten.author_ids) if forgotten else []],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gone_handles AS "
        "SELECT handle FROM ("
        "SELECT handle FROM _gone_writers WHERE author_id IN (SELECT author_id FROM _gone_authors) "
        "UNION SELECT lower(handle) FROM community_authors WHERE author_id IN (SELECT author_id FROM _gone_authors) "
        "UNION SELECT lower(unnest($1::VARCHAR[]))"
        ") WHERE handle IS NOT NULL EXCEPT SELECT lower(author_handle) FROM raw_mentions",
        [sorted(forgotten.handles) if forgotten else []],
    )


def _present(con: duckdb.DuckDBPyConnection, values_sql: str, gone_sql: str) -> list[str]:
    """The erased values (of `gone_sql`) that occur among `values_sql`'s: few, so they can be a list parameter."""
    return [r[0] for r in con.execute(f"SELECT DISTINCT v FROM ({values_sql}) WHERE v IN ({gone_sql})").fetchall()]


def _scrub_lists(con: duckdb.DuckDBPyConnection, out: Erasure) -> None:
    """Erased mention ids, authors and handles out of the lists and JSON arrays of kept rows."""
    for table, rule in TABLES.items():
        for col in rule.mention_lists:
            ids = _present(con, f"SELECT unnest({col}) AS v FROM {table}", "SELECT mention_id FROM _gone_mentions")
            if ids:
                n = _count(
                    con,
                    f"UPDATE {table} SET {col} = list_filter({col}, lambda x: NOT list_contains($1, x)) "
                    f"WHERE list_has_any({col}, $1)",
                    [ids],
                )
                out.add(table, "updated", n)
        for col in rule.author_json:
            entries = f"SELECT json_extract_string(unnest(CAST({col} AS JSON[])), '$.author_id') AS v FROM {table}"
            ids = _present(con, entries, "SELECT author_id FROM _gone_authors")
            if ids:
                author = "json_extract_string(x, '$.author_id')"
                n = _count(
                    con,
                    f"UPDATE {table} SET {col} = to_json(list_filter(CAST({col} AS JSON[]), "
                    f"lambda x: NOT list_contains($1, {author}))) "
                    f"WHERE list_has_any(list_transform(CAST({col} AS JSON[]), lambda x: {author}), $1)",
                    [ids],
                )
                out.add(table, "updated", n)
        for col in rule.who_lists:
            gone = "SELECT handle FROM _gone_handles UNION SELECT author_id FROM _gone_authors"
            values = _present(con, f"SELECT lower(unnest({col})) AS v FROM {table}", gone)
            if values:
                n = _count(
                    con,
                    f"UPDATE {table} SET {col} = list_filter({col}, lambda x: NOT list_contains($1, lower(x))) "
                    f"WHERE list_has_any(list_transform({col}, lambda x: lower(x)), $1)",
                    [values],
                )
                out.add(table, "updated", n)


def _unlink(con: duckdb.DuckDBPyConnection, out: Erasure, forgotten: Forgotten, handles: list[str]) -> None:
    """Kept mentions lose their link to an erased one (a reply's parent), and links that lead to the forgotten
    author: under one of their pages (a comment's permalink), or naming their handle or platform id."""
    for table, rule in TABLES.items():
        for col in rule.links:
            n = _count(con, f"UPDATE {table} SET {col} = NULL WHERE {col} IN (SELECT mention_id FROM _gone_mentions)")
            out.add(table, "updated", n)
        for col, replacement in rule.urls:
            tests = [f"EXISTS (SELECT 1 FROM _gone_urls g WHERE starts_with({table}.{col}, g.url))"]
            params: list[object] = []
            if handles:
                tests.append(f"regexp_matches({col}, $1)")
                params.append(path_pattern(handles))
            for raw in sorted(r for r in forgotten.raw_ids if len(r) >= 6):  # a short id would match by chance
                params.append(raw)
                tests.append(f"contains({col}, ${len(params)})")
            sql = f"UPDATE {table} SET {col} = {replacement} WHERE {col} IS NOT NULL AND ({' OR '.join(tests)})"
            out.add(table, "updated", _count(con, sql, params))


def _redact(con: duckdb.DuckDBPyConnection, out: Erasure, handles: list[str]) -> None:
    """The forgotten handles out of other people's words: @handle in texts, the handle as a word in labels and
    summaries, and out of term lists. Twice, so that adjacent mentions ('@a @a') are both caught."""
    at, word = at_pattern(handles), word_pattern(handles)
    lowered = [h.lower() for h in handles]
    for table, rule in TABLES.items():
        for cols, pattern, value in ((rule.text, at, "@" + REMOVED), (rule.words, word, REMOVED)):
            for col in cols:
                text = f"CAST({col} AS VARCHAR)"
                once = f"regexp_replace({text}, $1, '\\1{value}\\2', 'g')"
                twice = f"regexp_replace({once}, $1, '\\1{value}\\2', 'g')"
                sql = f"UPDATE {table} SET {col} = {twice} WHERE regexp_matches({text}, $1)"
                out.add(table, "updated", _count(con, sql, [pattern]))
        for col in rule.terms:
            norm = f"list_transform({col}, lambda x: lower(ltrim(x, '@')))"
            sql = (
                f"UPDATE {table} SET {col} = list_filter({col}, lambda x: NOT list_contains($1, lower(ltrim(x, '@')))) "
                f"WHERE list_has_any({norm}, $1)"
            )
            out.add(table, "updated", _count(con, sql, [lowered]))


def _older(con: duckdb.DuckDBPyConnection, table: str, col: str, kind: str, cutoff: Cutoff) -> int:
    if kind == "month":  # 'YYYY-MM' periods; 'all' and 'recent' are recomputed by the community stage
        return _count(
            con,
            f"DELETE FROM {table} WHERE regexp_matches({col}, '^\\d{{4}}-\\d{{2}}$') AND {col} < $1",
            [cutoff.bound(kind)],
        )
    return _count(con, f"DELETE FROM {table} WHERE {col} < $1", [cutoff.bound(kind)])
