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
    keys = url_keys(
        pd.Series(["news", "twitter", "forum"]),
        pd.Series(["https://a.example/x", "https://a.example/x", "https://forum.example/t/1"]),
        pd.Series([None, None, "forum:t1"]),  # a forum reply carries its thread's URL
    )
    assert keys.tolist() == ["https://a.example/x", None, None]


ARTICLE = (
    "Le service a été rétabli vers dix-sept heures selon l'opérateur, qui promet un crédit sur la prochaine facture "
    "de tous les clients touchés. Les commerçants du centre-ville disent avoir perdu une journée de ventes, faute de "
    "terminaux de paiement fonctionnels, et plusieurs hôpitaux ont dû activer leurs plans de relève pour joindre "
    "les équipes de garde. L'opérateur attribue la panne à une mise à jour défectueuse de son cœur de réseau."
)


def test_copies_with_tags_links_and_emojis_have_the_same_fingerprint():
    copy = "@someone " + POST.upper() + " #PanneNexora #honte 😡 https://t.co/x"
    a, b, other, short = fingerprints(pd.Series([POST, copy, "Telvia lance une offre fibre " * 4, "trop court"]))
    assert short is None
    assert a == b
    assert ((a ^ other) & (2**64 - 1)).bit_count() > 20


def test_an_edited_article_stays_within_the_radius():
    edited = ARTICLE.replace("dix-sept heures", "dix-huit heures").replace("plusieurs hôpitaux", "trois hôpitaux")
    a, b = fingerprints(pd.Series([ARTICLE, edited]))
    assert 0 < ((a ^ b) & (2**64 - 1)).bit_count() <= 5


def test_near_duplicates_link_each_copy_to_the_earliest_and_only_new_ones():
    texts = [POST, POST + " #Honteux!", "Telvia lance une offre fibre " * 3, POST]
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
