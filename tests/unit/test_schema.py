import pandas as pd
import pytest

from reputation.schema import SchemaError, check_columns, normalize_mentions, pseudonymize


def raw(**overrides: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "platform": ["Twitter", "twitter", "reddit"],
        "platform_id": ["1", "2", None],
        "url": [None, None, "https://reddit.example/r/x/1"],
        "author_id": ["u1", "u2", "u3"],
        "text": ["hello", "reply", "post"],
        "published_at": ["2026-09-01T10:00:00Z", "2026-09-01T12:00:00+02:00", "2026-09-01 10:00"],
        "parent_id": [None, "1", None],
        "likes": [3, "4", None],
    }
    base.update(overrides)
    return pd.DataFrame(base, dtype=object)


def test_valid_rows_are_normalised():
    out = normalize_mentions(raw())
    assert out.rejects.empty
    m = out.mentions
    assert m["mention_id"].tolist()[:2] == ["twitter:1", "twitter:2"]
    assert m["mention_id"][2].startswith("reddit:h")  # no platform id: stable hash of the url
    assert m["parent_id"].tolist()[:2] == [None, "twitter:1"] or pd.isna(m["parent_id"][0])
    assert m["parent_id"][1] == "twitter:1"
    # all times are UTC, naive
    assert m["published_at"].tolist() == [pd.Timestamp("2026-09-01 10:00")] * 3
    assert m["likes"].tolist()[:2] == [3, 4]
    assert m["author_id"][0] == pseudonymize(pd.Series(["twitter"]), pd.Series(["u1"]))[0]
    assert m["author_id"][0] != "u1"


def test_bad_rows_are_rejected_with_reasons_and_good_ones_kept():
    out = normalize_mentions(
        raw(published_at=["yesterday", "2026-09-01T10:00:00Z", "2026-09-01T10:00:00Z"], likes=[1, -2, 1.5])
    )
    assert out.rejects["reason"].tolist() == [
        "published_at is not a date-time",
        "likes is not a non-negative whole number",
        "likes is not a non-negative whole number",
    ]
    out = normalize_mentions(raw(text=["", "ok", "ok"], author_id=["u", None, "u"]))
    assert out.rejects.to_dict("records") == [
        {"row": 0, "reason": "empty text and title"},
        {"row": 1, "reason": "missing author_id"},
    ]
    assert out.mentions["text"].tolist() == ["ok"]


def test_salt_changes_pseudonyms_and_handles_can_be_dropped():
    a = normalize_mentions(raw(author_handle=["h1", "h2", "h3"]))
    b = normalize_mentions(raw(author_handle=["h1", "h2", "h3"]), salt="secret", keep_handles=False)
    assert (a.mentions["author_id"] != b.mentions["author_id"]).all()
    assert a.mentions["author_handle"].tolist() == ["h1", "h2", "h3"]
    assert b.mentions["author_handle"].isna().all()


def test_unknown_and_missing_columns_are_named():
    with pytest.raises(SchemaError, match=r"f\.csv: unknown column\(s\) \['txt'\]"):
        check_columns(["platform", "author_id", "published_at", "txt"], "f.csv")
    with pytest.raises(SchemaError, match=r"missing required column\(s\) \['published_at'\]"):
        check_columns(["platform", "author_id", "text"], "f.csv")
