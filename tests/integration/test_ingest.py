"""Ingestion into a real DuckDB file: bad input is quarantined with its reason, nothing valid is lost,
and ingesting the same file twice adds nothing."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reputation.ingest import ingest_file
from reputation.warehouse import Warehouse

GOOD = [
    {
        "platform": "twitter",
        "platform_id": "1",
        "author_id": "u1",
        "author_handle": "alice",
        "text": "Nexora <b>panne</b> encore",
        "published_at": "2026-09-01T10:00:00Z",
        "likes": 2,
    },
    {
        "platform": "twitter",
        "platform_id": "2",
        "author_id": "u2",
        "text": "@alice same",
        "published_at": "2026-09-01T11:00:00Z",
        "parent_id": "1",
    },
    {
        "platform": "forum",
        "url": "https://forum.example/t/1",
        "author_id": "u3",
        "title": "Telvia?",
        "text": "",
        "published_at": "2026-09-02T08:00:00-04:00",
    },
]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def wh(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as w:
        yield w


def test_jsonl_with_bad_lines_keeps_every_good_record(wh: Warehouse, tmp_path: Path):
    lines = [json.dumps(r) for r in GOOD] + [
        "{not json",
        json.dumps([1, 2]),
        json.dumps(
            {
                "platform": "twitter",
                "platform_id": "9",
                "author_id": "u9",
                "text": "x",
                "published_at": "next tuesday",
            }
        ),
        json.dumps(GOOD[0]),  # the same mention again in the same file
        # a truncated last line
        '{"platform": "twitter", "platform_id": "10", "author_id": "u1", "text": "trunc',
    ]
    path = write_jsonl(tmp_path / "m.jsonl", lines)
    report = ingest_file(wh, path, brand_queries={"Nexora": "nexora*", "Telvia": "telvia*"})
    assert (report.read, report.loaded, report.duplicates, report.rejected) == (8, 3, 1, 4)
    q = wh.df("SELECT line, reason FROM quarantine ORDER BY line")
    assert q["line"].tolist() == [4, 5, 6, 8]
    assert q["reason"].str.startswith("malformed JSON").sum() == 2
    assert "published_at is not a date-time" in q["reason"].tolist()
    m = wh.df("SELECT mention_id, brands, parent_id, published_at FROM raw_mentions ORDER BY published_at")
    assert m["brands"].map(list).tolist() == [["Nexora"], [], ["Telvia"]]
    assert m["parent_id"][1] == "twitter:1"
    assert str(m["published_at"][2]) == "2026-09-02 12:00:00"  # -04:00 converted to UTC

    again = ingest_file(wh, path, brand_queries={"Nexora": "nexora*"})
    assert (again.loaded, again.duplicates, again.rejected) == (0, 4, 4)
    assert wh.df("SELECT count(*) AS n FROM raw_mentions")["n"][0] == 3
    assert wh.df("SELECT count(*) AS n FROM quarantine")["n"][0] == 4


def test_csv_and_json_formats(wh: Warehouse, tmp_path: Path):
    csv_path = tmp_path / "m.csv"
    csv_path.write_text(
        "platform,platform_id,author_id,text,published_at,likes\n"
        'twitter,1,u1,"hello, world",2026-09-01T10:00:00Z,3\n'
        "twitter,2,u2,too,many,fields,here\n"
        "twitter,3,u3,fine,2026-09-01T10:00:00Z,\n",
        encoding="utf-8",
    )
    report = ingest_file(wh, csv_path)
    assert (report.format, report.loaded, report.rejected) == ("csv", 2, 1)
    assert "expected 6 fields, found 7" in report.summary()

    json_path = tmp_path / "m.json"
    json_path.write_text(json.dumps({"mentions": [GOOD[0] | {"platform_id": "50"}, "oops"]}), encoding="utf-8")
    report = ingest_file(wh, json_path)
    assert (report.format, report.loaded, report.rejected) == ("json", 1, 1)


def test_file_level_errors_are_reported_not_raised(wh: Warehouse, tmp_path: Path):
    unknown = tmp_path / "u.csv"
    unknown.write_text("platform,author_id,published_at,txt\ntwitter,u,2026-01-01,hi\n", encoding="utf-8")
    report = ingest_file(wh, unknown)
    assert report.error and "unknown column(s) ['txt']" in report.error
    assert ingest_file(wh, tmp_path / "missing.jsonl").error == "file not found"
    extra_key = tmp_path / "u.jsonl"
    extra_key.write_text(json.dumps({**GOOD[0], "favs": 3}) + "\n", encoding="utf-8")
    assert "unknown column(s) ['favs']" in (ingest_file(wh, extra_key).error or "")
    (tmp_path / "x.parquet").write_bytes(b"PAR1")
    assert "unsupported file type '.parquet'" in (ingest_file(wh, tmp_path / "x.parquet").error or "")


def test_legacy_encoding_is_read(wh: Warehouse, tmp_path: Path):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "platform,platform_id,author_id,text,published_at\ntwitter,1,u,Très déçu,2026-09-01\n".encode("cp1252")
    )
    assert ingest_file(wh, path).loaded == 1
    assert wh.df("SELECT text FROM raw_mentions")["text"][0] == "Très déçu"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reputation.cli", *args], capture_output=True, text=True, timeout=120)


def test_cli_ingest_prints_per_file_and_fails_on_a_missing_file(tmp_path: Path):
    path = write_jsonl(tmp_path / "m.jsonl", [json.dumps(r) for r in GOOD] + ["garbage"])
    warehouse = tmp_path / "cli.duckdb"
    done = run_cli("ingest", str(path), "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    assert "4 read, 3 loaded, 0 duplicates, 1 rejected" in done.stderr
    done = run_cli("ingest", str(path), str(tmp_path / "nope.csv"), "--warehouse", str(warehouse))
    assert done.returncode == 1
    assert "0 loaded, 3 duplicates" in done.stderr and "nope.csv: FAILED: file not found" in done.stderr


def test_cli_reports_a_bad_project_file_with_the_key(tmp_path: Path):
    project = tmp_path / "p.yaml"
    project.write_text("name: x\nbrands:\n  own: {name: N, query: 'n AND'}\nwarehouse: {paht: w.duckdb}\n")
    done = run_cli("check", "--project", str(project))
    assert done.returncode == 2
    assert "brands.own.query" in done.stderr and "warehouse.paht: unknown key" in done.stderr


def test_cli_errors_on_warehouse_files_are_one_clear_line(tmp_path: Path):
    not_db = tmp_path / "notes.duckdb"
    not_db.write_text("hello")
    done = run_cli("info", "--warehouse", str(not_db))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{not_db}: not a usable DuckDB warehouse" in done.stderr or "cannot open the warehouse" in done.stderr

    project = tmp_path / "p.yaml"
    project.write_text("name: x\nbrands:\n  own: {name: N, query: n}\nsources: [{name: s, paths: [nope.jsonl]}]\n")
    done = run_cli("report", "--project", str(project))
    assert done.returncode == 2 and "warehouse not found" in done.stderr
    assert not (tmp_path / "warehouse.duckdb").exists()  # a report never creates a warehouse
    done = run_cli("check", "--project", str(project))
    assert done.returncode == 0 and "does not exist (yet)" in done.stderr


def test_cli_says_when_another_process_holds_the_warehouse(locked_warehouse: Path):
    done = run_cli("info", "--warehouse", str(locked_warehouse))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is in use by another process" in done.stderr and "con.close()" in done.stderr


def test_cli_query_test_counts_and_shows_matches(tmp_path: Path):
    path = write_jsonl(tmp_path / "m.jsonl", [json.dumps(r) for r in GOOD])
    warehouse = tmp_path / "q.duckdb"
    assert run_cli("ingest", str(path), "--warehouse", str(warehouse)).returncode == 0
    done = run_cli("query", "test", "nexora NEAR/2 panne -platform:forum", "--warehouse", str(warehouse))
    assert done.returncode == 0, done.stderr
    assert "1 of 3 mentions match (33.3%)" in done.stderr
    assert "@alice: Nexora panne encore" in done.stderr  # stored without its HTML tags
    done = run_cli("query", "test", "nexora NEAR panne", "--warehouse", str(warehouse))
    assert done.returncode == 2 and "NEAR needs a distance" in done.stderr and "position 7" in done.stderr


def test_syndicated_articles_and_copy_pasted_posts(wh: Warehouse, tmp_path: Path):
    article = (
        "Nexora annonce une panne générale de son réseau mobile à Montréal, les clients demandent un remboursement"
    )
    rows = [
        # the same article from two feeds: two feed ids, one page (tracking parameters differ)
        {
            "platform": "news",
            "platform_id": "feed-a:1",
            "url": "https://www.journal.example/panne?utm_source=rss",
            "author_id": "journal.example",
            "title": "Panne chez Nexora",
            "text": article,
            "published_at": "2026-09-01T08:00:00Z",
        },
        {
            "platform": "news",
            "platform_id": "feed-b:77",
            "url": "http://journal.example/panne/",
            "author_id": "journal.example",
            "title": "Panne chez Nexora",
            "text": article,
            "published_at": "2026-09-01T08:05:00Z",
        },
        # a post copied by another account, with a hashtag added: kept, and linked to the first
        {
            "platform": "twitter",
            "platform_id": "1",
            "author_id": "u1",
            "text": article + " Honteux",
            "published_at": "2026-09-01T09:00:00Z",
        },
        {
            "platform": "twitter",
            "platform_id": "2",
            "author_id": "u2",
            "text": article + " Honteux #PanneNexora",
            "published_at": "2026-09-01T10:00:00Z",
        },
        # a retweet is linked by share_of_id already, not by text
        {
            "platform": "twitter",
            "platform_id": "3",
            "author_id": "u3",
            "text": "RT @u1: " + article + " Honteux",
            "share_of_id": "1",
            "published_at": "2026-09-01T11:00:00Z",
        },
    ]
    path = write_jsonl(tmp_path / "d.jsonl", [json.dumps(r) for r in rows])
    report = ingest_file(wh, path)
    assert (report.loaded, report.duplicates, report.near_duplicates) == (4, 1, 1)
    assert "1 near-duplicates linked" in report.summary()
    dups = wh.df("SELECT line, mention_id, duplicate_of, reason FROM duplicates")
    assert dups.to_dict("records") == [
        {"line": 2, "mention_id": "news:feed-b:77", "duplicate_of": "news:feed-a:1", "reason": "same url"}
    ]
    near = wh.df("SELECT mention_id, duplicate_of FROM near_duplicates")
    assert near.to_dict("records") == [{"mention_id": "twitter:2", "duplicate_of": "twitter:1"}]
    assert wh.scalar("SELECT near_duplicate_of FROM mentions WHERE mention_id = 'twitter:2'") == "twitter:1"

    again = ingest_file(wh, path)  # a rerun: every record is a duplicate by id, nothing new anywhere
    assert (again.loaded, again.duplicates, again.near_duplicates) == (0, 5, 0)
    assert wh.scalar("SELECT count(*) FROM near_duplicates") == 1


def test_concatenated_objects_and_a_truncated_tail(wh: Warehouse, tmp_path: Path):
    a, b, c = (json.dumps(r) for r in GOOD)
    path = tmp_path / "glued.jsonl"
    path.write_text(a + b + "\n\n" + c + "\n" + c[: len(c) // 2], encoding="utf-8")  # two on line 1, cut last line
    report = ingest_file(wh, path)
    assert (report.loaded, report.duplicates, report.rejected) == (3, 0, 1)
    [(line, reason)] = wh.df("SELECT line, reason FROM quarantine").itertuples(index=False)
    assert line == 4 and reason.startswith("malformed JSON")


def test_mixed_encodings_html_and_huge_texts(wh: Warehouse, tmp_path: Path):
    header = b"platform,platform_id,author_id,text,published_at\n"
    utf8 = "twitter,1,u1,Très déçu par Nexora,2026-09-01\n".encode()
    legacy = "twitter,2,u2,Réseau coupé à Québec,2026-09-01\n".encode("cp1252")  # a line from an old export
    path = tmp_path / "mixed.csv"
    path.write_bytes(header + utf8 + legacy)
    assert ingest_file(wh, path).loaded == 2
    texts = wh.df("SELECT text FROM raw_mentions ORDER BY mention_id")["text"].tolist()
    assert texts == ["Très déçu par Nexora", "Réseau coupé à Québec"]

    html = {**GOOD[0], "platform_id": "h1", "text": "<p>Panne <b>Nexora</b> &amp; Telvia<br>encore</p>"}
    math = {**GOOD[0], "platform_id": "h2", "text": "prix: 3 < 5 > 2, pas de balise"}
    huge = {**GOOD[0], "platform_id": "h3", "text": "nexora " * 200_000}  # 1.4 MB pasted
    path = write_jsonl(tmp_path / "html.jsonl", [json.dumps(r) for r in (html, math, huge)])
    report = ingest_file(wh, path)
    assert (report.loaded, report.truncated) == (3, 1)
    assert "1 text(s) cut to 100,000 characters" in report.summary()
    got = wh.df("SELECT platform_id, text, length(text) AS n FROM raw_mentions WHERE platform_id LIKE 'h%' ORDER BY 1")
    assert got["text"][0] == "Panne Nexora & Telvia\nencore"
    assert got["text"][1] == "prix: 3 < 5 > 2, pas de balise"  # not markup: left as written
    assert got["n"][2] == 100_000


def test_generic_exports_with_a_column_mapping(wh: Warehouse, tmp_path: Path):
    csv_path = tmp_path / "listening-tool.csv"
    csv_path.write_text(
        "Date,Network,Post ID,Author,Followers,Message,Sentiment (tool),Likes\n"
        '2026-09-01 10:00,twitter,1,@alice,120,"Nexora, encore en panne",negative,4\n'
        "2026-09-01 11:00,facebook,2,bob,,Super service Telvia,positive,\n",
        encoding="utf-8",
    )
    columns = {
        "published_at": "Date",
        "platform": "Network",
        "platform_id": "Post ID",
        "author_id": "Author",
        "author_handle": "Author",
        "author_followers": "Followers",
        "text": "Message",
        "likes": "Likes",
    }
    report = ingest_file(wh, csv_path, columns=columns)
    assert (report.format, report.loaded, report.rejected) == ("csv", 2, 0)  # "Sentiment (tool)" is not wanted
    row = wh.df("SELECT * FROM raw_mentions WHERE mention_id = 'twitter:1'").iloc[0]
    assert (row["author_handle"], row["author_followers"], row["likes"]) == ("@alice", 120, 4)

    json_path = tmp_path / "export.json"
    json_path.write_text(
        json.dumps(
            {
                "mentions": [
                    {
                        "id": "9",
                        "created": "2026-09-02T08:00:00Z",
                        "body": "Nexora ok",
                        "user": {"id": "u9", "name": "Zoé"},
                        "site": "forum",
                    }
                ]
            }
        )
    )
    nested = {
        "platform_id": "id",
        "published_at": "created",
        "text": "body",
        "author_id": "user.id",
        "author_handle": "user.name",
        "platform": "site",
    }
    assert ingest_file(wh, json_path, columns=nested).loaded == 1
    assert wh.scalar("SELECT author_handle FROM raw_mentions WHERE mention_id = 'forum:9'") == "Zoé"

    report = ingest_file(wh, csv_path, columns={**columns, "title": "Subject"})
    assert report.error and "column mapping names ['Subject'], not in the file" in report.error


def test_a_file_that_mixes_formats_is_read_line_by_line(wh: Warehouse, tmp_path: Path):
    fixtures = Path(__file__).parents[1] / "fixtures" / "formats"
    tweet = (fixtures / "twitter" / "v1_stream.jsonl").read_text(encoding="utf-8").splitlines()[0]
    comment = (fixtures / "reddit" / "pushshift.ndjson").read_text(encoding="utf-8").splitlines()[0]
    path = write_jsonl(tmp_path / "appended.jsonl", [json.dumps(GOOD[0]), tweet, comment, "{oops"])
    report = ingest_file(wh, path)
    assert report.format == "mixed: jsonl, reddit-pushshift, twitter-v1"
    platforms = set(wh.df("SELECT platform FROM raw_mentions")["platform"])
    assert platforms == {"twitter", "reddit"}  # the canonical line is a tweet too
    assert report.rejected == 1 and wh.scalar("SELECT line FROM quarantine") == 4
    assert report.loaded == wh.scalar("SELECT count(*) FROM raw_mentions") >= 3


def _contents(wh: Warehouse) -> dict[str, list[tuple]]:
    """What an ingest leaves in the warehouse, without its timestamps."""
    return {
        "raw": wh.con.execute(
            "SELECT mention_id, text, author_id, brands, fingerprint FROM raw_mentions ORDER BY mention_id"
        ).fetchall(),
        "quarantine": wh.con.execute("SELECT line, reason, record FROM quarantine ORDER BY line, reason").fetchall(),
        "duplicates": wh.con.execute(
            "SELECT line, mention_id, duplicate_of, reason FROM duplicates ORDER BY line"
        ).fetchall(),
        "near": wh.con.execute("SELECT mention_id, duplicate_of FROM near_duplicates ORDER BY mention_id").fetchall(),
    }


def test_a_large_jsonl_file_is_loaded_in_runs_of_lines_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import reputation.ingest as ingest

    rows = []
    for i in range(300):
        rows.append(
            json.dumps(
                {
                    "platform": "twitter",
                    "platform_id": str(i % 250),  # 50 repeats of earlier ids, in later runs of lines
                    "author_id": f"u{i % 17}",
                    "text": f"Nexora réseau {'en panne' if i % 3 else 'top'} numéro {i // 2}",  # near-duplicates
                    "published_at": f"2026-09-{1 + i % 28:02d}T10:00:00Z",
                }
            )
        )
        if i % 40 == 7:
            rows.append("{not json")
        if i % 90 == 11:  # a pretty-printed object over several lines: never cut between two runs
            rows.append(json.dumps({**json.loads(rows[-1]), "platform_id": f"p{i}"}, indent=2))
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(rows) + "\n").encode() + b'{"text": "caf\xe9"}\n')

    def load(chunk_bytes: int) -> tuple[ingest.FileReport, dict[str, list[tuple]]]:
        monkeypatch.setattr(ingest, "CHUNK_BYTES", chunk_bytes)
        with Warehouse(tmp_path / f"w{chunk_bytes}.duckdb") as w:
            report = ingest_file(w, path, brand_queries={"Nexora": "nexora"})
            return report, _contents(w)

    whole, whole_rows = load(10**9)
    runs, run_rows = load(2_000)  # ~20 runs of lines
    assert len(list(ingest.chunks(path, 2_000))) > 10
    assert runs.read == whole.read and runs.loaded == whole.loaded and runs.duplicates == whole.duplicates
    assert runs.rejected == whole.rejected and runs.near_duplicates == whole.near_duplicates
    assert runs.reasons == whole.reasons
    assert run_rows == whole_rows
    assert whole.loaded == 254 and whole.duplicates == 50 and whole.rejected == 9  # 250 ids, 4 pretty-printed


def test_a_run_of_canonical_lines_is_prepared_a_slice_at_a_time_with_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import pandas as pd

    import reputation.ingest as ingest

    rows = []
    for i in range(200):
        row = {
            "platform": "twitter" if i % 37 else "",  # some without a platform: rejected
            "platform_id": str(i),
            "author_id": f"u{i % 13}",
            "text": f"Nexora réseau {'en panne' if i % 3 else 'top'} numéro {i}" + (" <b>!</b>" if i % 29 == 0 else ""),
            "published_at": f"2026-09-{1 + i % 28:02d}T10:00:00Z",
            "likes": i if i % 41 else -1,  # rejected
        }
        rows.append(json.dumps(row, ensure_ascii=False))
        if i % 23 == 5:
            rows.append('{"platform": "twitter", "text": "cut sh')  # not JSON
        if i % 31 == 7:
            rows.append("")
        if i % 43 == 9:  # over several lines: never cut between two slices
            rows.append(json.dumps({**row, "platform_id": f"p{i}"}, indent=2))
        if i % 47 == 3:
            rows.append(rows[-1] + " " + json.dumps({**row, "platform_id": f"q{i}"}))  # two on one line
    text = "\n".join(rows) + "\n"
    path = tmp_path / "run.jsonl"

    def prepared(parse_chars: int) -> tuple[str, ingest._Prepared]:
        monkeypatch.setattr(ingest, "PARSE_CHARS", parse_chars)
        return ingest._read_and_prepare(path, None, {"Nexora": "nexora"}, "salt", True, 40, text)

    slices = list(ingest.line_slices(text, 400))
    assert len(slices) > 20 and "".join(piece for _, piece in slices) == text
    assert [before for before, _ in slices] == [text[: text.index(p)].count("\n") for _, p in slices]
    assert all(p.lstrip().startswith("{") for _, p in slices)  # each slice starts a document
    (fmt, whole), (sliced_fmt, sliced) = prepared(10**9), prepared(400)
    assert fmt == sliced_fmt == "jsonl"
    pd.testing.assert_frame_equal(sliced.mentions, whole.mentions, check_exact=True)
    assert sliced.lines.tolist() == whole.lines.tolist() and sliced.lines.min() > 40
    assert sliced.unparsed == whole.unparsed and sliced.rejects == whole.rejects
    assert (sliced.read, sliced.truncated) == (whole.read, whole.truncated)
    assert len(whole.unparsed) >= 9 and len(whole.rejects) >= 10 and len(whole.mentions) > 190  # the odd lines are in


def _where_prepared(before: int, text: str) -> tuple[int, int, int]:
    """(lines before, lines, process id): what a worker process saw of a run of lines."""
    return before, text.count("\n"), os.getpid()


def test_the_runs_of_a_large_file_are_prepared_in_a_worker_process_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import reputation.ingest as ingest

    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"platform": "x", "platform_id": str(i)}) + "\n" for i in range(200)))
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 1_000)
    runs = list(ingest.prepared_runs(path, _where_prepared))
    assert len(runs) > 5
    assert [before for before, _, _ in runs] == list(itertools.accumulate([0] + [n for _, n, _ in runs[:-1]]))
    assert sum(n for _, n, _ in runs) == 200
    assert len({pid for _, _, pid in runs}) == 1 and runs[0][2] != os.getpid()
    monkeypatch.setenv("REPUTATION_WORKERS", "1")  # no worker process: the runs are prepared here, the same
    assert list(ingest.prepared_runs(path, _where_prepared)) == [(b, n, os.getpid()) for b, n, _ in runs]


def test_a_run_already_prepared_is_handed_back_before_a_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The file fails to read on after two runs: both are handed back to be stored, then the error is raised."""
    import reputation.ingest as ingest

    def two_then_fail(path: Path, size: int):
        yield 0, "a\n"
        yield 1, "b\nc\n"
        raise OSError("device gone")

    monkeypatch.setattr(ingest, "chunks", two_then_fail)
    got = []
    with pytest.raises(OSError, match="device gone"):
        for run in ingest.prepared_runs(tmp_path / "x.jsonl", _where_prepared):
            got.append(run[:2])
    assert got == [(0, 1), (1, 2)]


def test_a_worker_that_cannot_start_leaves_the_runs_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from joblib.externals import loky

    import reputation.ingest as ingest

    class NoProcesses(loky.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            raise OSError("no /dev/shm")

    monkeypatch.setattr(loky, "ProcessPoolExecutor", NoProcesses)
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"platform": "x", "platform_id": str(i)}) + "\n" for i in range(100)))
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 1_000)
    runs = list(ingest.prepared_runs(path, _where_prepared))
    assert len(runs) > 3 and sum(n for _, n, _ in runs) == 100
    assert {pid for _, _, pid in runs} == {os.getpid()}


def test_a_brand_query_error_raised_in_the_worker_comes_back_whole():
    """Errors raised in the ingest's worker process travel back pickled."""
    import pickle

    from reputation.query import QuerySyntaxError

    err = QuerySyntaxError("unbalanced parenthesis", "(nexora OR", 10)
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), str(back), back.query, back.position) == (QuerySyntaxError, str(err), "(nexora OR", 10)
