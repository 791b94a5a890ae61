from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reputation.warehouse import Warehouse, packaged_migrations


def test_migrations_are_numbered_and_recorded(tmp_path: Path):
    versions = [v for v, _, _ in packaged_migrations()]
    assert versions == list(range(1, len(versions) + 1))
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.schema_version() == versions[-1]
    with Warehouse(tmp_path / "w.duckdb") as wh:  # reopening applies nothing twice
        assert wh.migrate() == []
        views = set(wh.df("SELECT view_name FROM duckdb_views() WHERE NOT internal")["view_name"])
        assert {"mentions", "authors", "daily_brand_metrics"} <= views


def test_public_view_columns_are_the_contract(tmp_path: Path):
    with Warehouse(tmp_path / "w.duckdb") as wh:

        def cols(view: str) -> list[str]:
            return wh.df(f"SELECT * FROM {view} LIMIT 0").columns.tolist()

        assert cols("mentions")[:10] == [
            "mention_id",
            "platform",
            "author_id",
            "published_at",
            "lang",
            "text",
            "brands",
            "sentiment",
            "sentiment_score",
            "topic_id",
        ]
        assert {"author_id", "influence_score"} <= set(cols("authors"))
        assert {"day", "brand", "mentions", "net_sentiment", "share_of_voice"} <= set(cols("daily_brand_metrics"))


def test_replace_never_duplicates_and_read_only_cannot_write(tmp_path: Path):
    rows = pd.DataFrame(
        {
            "mention_id": ["a", "b"],
            "sentiment": ["positive", "negative"],
            "score": [0.5, -0.5],
            "model": "m",
            "model_version": "1",
            "processed_at": pd.Timestamp("2026-01-01"),
        }
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        for _ in range(3):
            wh.replace("enr_sentiment", rows, ["mention_id", "model", "model_version"])
        wh.replace("enr_sentiment", rows.assign(model_version="2"), ["mention_id", "model", "model_version"])
        counts = wh.df("SELECT model_version, count(*) AS n FROM enr_sentiment GROUP BY ALL ORDER BY 1")
        assert counts["n"].tolist() == [2, 2]
    with Warehouse(tmp_path / "w.duckdb", read_only=True) as ro, pytest.raises(Exception, match="read-only"):
        ro.con.execute("DELETE FROM enr_sentiment")


def test_the_duckdb_cli_from_pypi_opens_the_warehouse(tmp_path: Path):
    """README promises the duckdb CLI (`pip install duckdb-cli`) can open the warehouse read-only."""
    import shutil
    import subprocess
    import sys

    cli = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    if cli is None:
        pytest.fail("the duckdb CLI is not installed: pip install -e '.[dev]'")
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.set_active_model("sentiment", "m", "1")
    done = subprocess.run(
        [
            cli,
            "-readonly",
            str(tmp_path / "w.duckdb"),
            "-csv",
            "-c",
            "SELECT count(*) AS n FROM mentions; SELECT model FROM active_models",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "0", "model", "m"]


def test_a_batch_with_a_few_non_empty_lists_among_many_empty_ones_is_stored(tmp_path: Path):
    """DuckDB types an object column from a sample of its rows by default: a sample of empty lists made the flags
    a list of NULL, and the first real flag failed the insert (seen in a 1M-mention run)."""
    flags = [[] for _ in range(20_000)]
    flags[10_001] = ["spam"]
    rows = pd.DataFrame(
        {
            "mention_id": [f"m{i}" for i in range(20_000)],
            "flags": flags,
            "reasons": "",
            "model": "rules",
            "model_version": "1",
            "processed_at": pd.Timestamp("2026-11-24"),
        }
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.replace("enr_moderation", rows, ["mention_id", "model", "model_version"])
        assert wh.scalar("SELECT flags FROM enr_moderation WHERE mention_id = 'm10001'") == ["spam"]
        assert wh.scalar("SELECT count(*) FROM enr_moderation") == 20_000


def test_inserts_go_through_arrow_and_keep_every_value(tmp_path: Path):
    """Inserts hand DuckDB an Arrow table (reputation.warehouse.scannable): lists of structs, a batch whose lists are
    all empty, and missing values arrive as they were."""
    import pyarrow as pa

    from reputation.warehouse import scannable

    entity = {"text": "Nexora", "label": "BRAND", "start": 0, "end": 6, "source": "project"}
    rows = pd.DataFrame(
        {
            "mention_id": ["a", "b", "c"],
            "entities": [[entity], [], [entity, {**entity, "start": 10, "end": 16}]],
            "model": "gazetteer",
            "model_version": "1",
            "processed_at": pd.Timestamp("2026-11-24 10:00"),
        }
    )
    empty = rows.assign(mention_id=["d", "e", "f"], entities=[[], [], []])
    assert isinstance(scannable(rows), pa.Table) and isinstance(scannable(empty), pa.Table)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.replace("enr_entities", rows, ["mention_id", "model", "model_version"])
        assert wh.insert_new("enr_entities", pd.concat([rows, empty]), ["mention_id", "model", "model_version"]) == 3
        stored = wh.df("SELECT mention_id, entities, processed_at FROM enr_entities ORDER BY mention_id")
    assert stored["mention_id"].tolist() == list("abcdef")
    assert [len(e) for e in stored["entities"]] == [1, 0, 2, 0, 0, 0]
    assert dict(stored["entities"][2][1]) == {**entity, "start": 10, "end": 16}
    assert (stored["processed_at"] == pd.Timestamp("2026-11-24 10:00")).all()


def test_a_column_arrow_cannot_convert_is_inserted_as_it_is(tmp_path: Path):
    """An object column mixing numbers and strings (a hand-made export's ids) is not an Arrow column: the frame
    goes to DuckDB as it is, which stores it."""
    from reputation.warehouse import scannable

    rows = pd.DataFrame(
        {
            "record_key": ["k1", "k2"],
            "source_file": "f.csv",
            "line": [1, 2],
            "reason": "bad",
            "record": pd.Series([12, "x"], dtype=object),
            "quarantined_at": pd.Timestamp("2026-11-24"),
        }
    )
    assert scannable(rows) is rows
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.insert_new("quarantine", rows, ["record_key"]) == 2
        assert wh.df("SELECT record FROM quarantine ORDER BY record_key")["record"].tolist() == ["12", "x"]


def test_rows_that_repeat_a_key_are_refused_before_anything_changes(tmp_path: Path):
    """The per-mention tables have no primary key in DuckDB (migration 0022): a batch repeating a key is refused by
    the warehouse, as the key's index refused it, instead of doubling rows through the views."""
    row = {"sentiment": "positive", "score": 0.5, "model": "m", "model_version": "1", "processed_at": pd.Timestamp(0)}
    twice = pd.DataFrame([{"mention_id": "a", **row}, {"mention_id": "b", **row}, {"mention_id": "a", **row}])
    key = ["mention_id", "model", "model_version"]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.replace("enr_sentiment", twice.iloc[:2], key)
        with pytest.raises(ValueError, match=r"1 row\(s\) for enr_sentiment repeat a key"):
            wh.replace("enr_sentiment", twice.assign(score=-0.5), key)
        with pytest.raises(ValueError, match="repeat a key"):
            wh.insert_new("enr_sentiment", twice.assign(model_version="2"), key)
        assert wh.df("SELECT mention_id, score FROM enr_sentiment ORDER BY 1").values.tolist() == [
            ["a", 0.5],
            ["b", 0.5],
        ]
        # a mention's several aspects share the key the stage replaces by; the table's own key tells them apart
        aspect = {"kind": "aspect", "term": "t", "clause": "c", "sentiment": "neutral", "score": 0.0, **row}
        aspects = pd.DataFrame(
            [{"mention_id": "a", "aspect": "price", **aspect}, {"mention_id": "a", "aspect": "network", **aspect}]
        )
        assert wh.replace("enr_aspects", aspects, key, unique=[*key, "aspect"]) == 2
        with pytest.raises(ValueError, match="repeat a key"):
            wh.replace("enr_aspects", pd.concat([aspects, aspects.iloc[:1]]), key, unique=[*key, "aspect"])
        assert wh.scalar("SELECT count(*) FROM enr_aspects") == 2
