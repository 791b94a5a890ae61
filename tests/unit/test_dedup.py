import pandas as pd

from reputation.dedup import canonical_url, fingerprints, near_duplicates, url_keys

POST = (
    "Nexora annonce une panne générale de son réseau mobile à Montréal ce matin, les clients demandent un "
    "remboursement complet et rapide"
)


def test_canonical_url_drops_tracking_and_cosmetics():
    assert canonical_url("HTTP://www.LaPresse.ca/actualites/x/?utm_source=tw&id=3&fbclid=z#comments") == (
        "https://lapresse.ca/actualites/x?id=3"
    )
    assert canonical_url("https://lapresse.ca/actualites/x?id=3") == canonical_url(
        "http://lapresse.ca/actualites/x/?id=3"
    )
    assert canonical_url("not a url") is None
    assert canonical_url(None) is None


def test_url_identifies_only_web_pages():
    keys = url_keys(pd.Series(["news", "twitter"]), pd.Series(["https://a.example/x", "https://a.example/x"]))
    assert keys.tolist() == ["https://a.example/x", None]


def test_fingerprints_are_close_for_copies_and_far_otherwise():
    prints = fingerprints(
        pd.Series([POST, "RÉSEAU: " + POST + " #PanneNexora 😡 https://t.co/x @someone", "Telvia " * 20, "trop court"])
    )
    a, b, c, short = prints
    assert short is None
    assert ((a ^ b) & (2**64 - 1)).bit_count() <= 5
    assert ((a ^ c) & (2**64 - 1)).bit_count() > 20


def test_near_duplicates_link_each_copy_to_the_earliest_and_only_new_ones():
    texts = [POST, POST + " Honteux!", "Telvia lance une offre fibre " * 3, POST]
    frame = pd.DataFrame(
        {
            "mention_id": ["a", "b", "c", "d"],
            "fingerprint": fingerprints(pd.Series(texts)),
            "published_at": pd.to_datetime(["2026-09-01", "2026-09-02", "2026-09-03", "2026-08-01"]),
        }
    )
    known, new = frame.iloc[[3]], frame.iloc[:3]
    pairs = near_duplicates(new, known)
    # "d" is the oldest copy (already stored): both new copies point at it, the unrelated post at nothing
    assert sorted(map(tuple, pairs[["mention_id", "duplicate_of"]].to_numpy())) == [("a", "d"), ("b", "d")]
    assert pairs.set_index("mention_id").loc["a", "distance"] == 0
