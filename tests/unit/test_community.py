import numpy as np
import pandas as pd

from reputation.community import Weights, author_profiles, influence, interaction_edges, pagerank


def mentions() -> pd.DataFrame:
    rows = [
        # star: a, b, c reply to / share / tag "hub"; "brand" is a brand account
        ("t:1", "hub", "Hub", 100_000, "Nexora rocks", ["Nexora"], None, None, 50, 10, 3),
        ("t:2", "a", "A", 10, "@Hub agreed", ["Nexora"], "t:1", None, 0, 0, 0),
        ("t:3", "b", "B", 20, "RT", [], None, "t:1", 0, 0, 0),
        ("t:4", "c", "C", 30, "hey @hub and @nobody", [], None, None, 1, 0, 0),
        ("t:5", "brand", "NexoraHelp", 5_000, "@A thanks!", ["Nexora"], "t:2", None, 0, 0, 0),
    ]
    cols = [
        "mention_id",
        "author_id",
        "author_handle",
        "author_followers",
        "text",
        "brands",
        "parent_id",
        "share_of_id",
        "likes",
        "shares",
        "replies",
    ]
    df = pd.DataFrame(rows, columns=cols)
    df["platform"] = "twitter"
    df["published_at"] = pd.date_range("2026-09-01", periods=len(df), freq="h")
    return df


def test_edges_from_replies_shares_and_mentions():
    edges = interaction_edges(mentions())
    got = set(edges[["source_author", "target_author", "kind"]].itertuples(index=False, name=None))
    assert got == {
        ("a", "hub", "reply"),
        ("a", "hub", "mention"),
        ("b", "hub", "share"),
        ("c", "hub", "mention"),
        ("brand", "a", "reply"),
        ("brand", "a", "mention"),
    }


def test_arrow_lists_give_the_same_profiles_and_edges():
    """Frames whose brands and @handles are Arrow lists (`pd.ArrowDtype`) give what object lists give."""
    import re

    import pyarrow as pa

    from reputation.community import _MENTION, interaction_events

    m = mentions().assign(handles=lambda f: f["text"].map(lambda t: re.findall(_MENTION, t)))
    arrow = m.copy()
    for col in ("brands", "handles"):
        arrow[col] = pd.arrays.ArrowExtensionArray(pa.array(m[col].tolist(), type=pa.list_(pa.string())))
    pd.testing.assert_frame_equal(author_profiles(arrow, {"NexoraHelp"}), author_profiles(m, {"NexoraHelp"}))
    got, want = interaction_events(arrow), interaction_events(m)
    assert got.astype(object).values.tolist() == want.astype(object).values.tolist() and len(want) == 6


def test_pagerank_sums_to_one_and_favours_the_hub():
    edges = interaction_edges(mentions())
    nodes = pd.Index(["hub", "a", "b", "c", "brand"])
    pr = pagerank(edges, nodes)
    assert np.isclose(pr.sum(), 1.0)
    assert pr.argmax() == 0


def test_pagerank_matches_the_textbook_values_on_a_cycle_with_a_sink():
    # 0 -> 1 -> 2 -> 0 and 3 -> 0: node 0 gets the most, node 3 (no in-links) the least
    edges = pd.DataFrame(
        {
            "source_author": ["0", "1", "2", "3"],
            "target_author": ["1", "2", "0", "0"],
            "kind": "reply",
            "weight": 1,
        }
    )
    pr = pagerank(edges, pd.Index(["0", "1", "2", "3"]))
    assert np.isclose(pr[3], 0.15 / 4)
    assert pr[0] > pr[1] > pr[2] > pr[3]


def test_influence_is_explainable_and_brand_accounts_are_not_ranked():
    m = mentions()
    profiles = author_profiles(m, {"nexorahelp"})
    scores = influence(profiles, interaction_edges(m), Weights()).set_index("author_id")
    assert scores.loc["hub", "rank"] == 1
    assert pd.isna(scores.loc["brand", "rank"])
    comps = ["reach", "engagement", "centrality", "activity", "relevance"]
    assert scores[comps].to_numpy().min() >= 0 and scores[comps].to_numpy().max() <= 1
    w = Weights()
    expected = 100 * sum(scores.loc["a", k] * getattr(w, k) for k in comps) / sum(getattr(w, k) for k in comps)
    assert np.isclose(scores.loc["a", "influence_score"], expected)


def test_duckdb_finds_the_same_handles_as_python():
    import re

    import duckdb

    from reputation import community

    texts = [
        "@andré salut @Bob_2",
        "x@y @z",
        "(@a) et @b.",
        " @@a",
        "@a@b",
        "é@b",
        "_@c",
        "@日本 ok",
        "٣@d",
        "",
        "mail a@b.fr",
    ]
    con = duckdb.connect()
    found = [con.execute("SELECT regexp_extract_all(?, ?, 1)", [t, community.MENTION_SQL]).fetchone()[0] for t in texts]
    assert found == [re.findall(community._MENTION, t) for t in texts]
