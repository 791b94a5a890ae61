"""The demo generator must plant real, findable signals: check the data, not the generator's own claims."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from reputation.demo import vocab
from reputation.demo.generator import COLUMNS, TRUTH_COLUMNS, DemoConfig, generate, generate_with_truth, write_demo

SMALL = DemoConfig(seed=7, n_mentions=3_000, weeks=3, n_authors=800)
MEDIUM = DemoConfig(seed=7, n_mentions=12_000, weeks=8, n_authors=1_500)
ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
CONTEST_TAG = re.compile(r"#nexoragiveaway|#concoursnexora", re.IGNORECASE)


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    return generate_with_truth(SMALL)


@pytest.fixture(scope="module")
def joined(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> pd.DataFrame:
    """Mentions with their true labels (``true_lang``) and the local (America/Toronto) day."""
    df, truth, _ = small
    out = df.join(truth.drop(columns=["platform", "platform_id"]).rename(columns={"lang": "true_lang"}))
    local = pd.to_datetime(out["published_at"], utc=True).dt.tz_convert("America/Toronto")
    return out.assign(day=local.dt.strftime("%Y-%m-%d"))


@pytest.fixture(scope="module")
def medium() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    return generate_with_truth(MEDIUM)


def _roots(df: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Original posts (neither replies nor shares) with their true labels and local day."""
    out = df.join(truth.drop(columns=["platform", "platform_id"]).rename(columns={"lang": "true_lang"}))
    out = out[out["parent_id"].isna() & out["share_of_id"].isna()]
    local = pd.to_datetime(out["published_at"], utc=True).dt.tz_convert("America/Toronto")
    return out.assign(day=local.dt.strftime("%Y-%m-%d"), author=out["platform"] + "|" + out["author_id"])


def _received(df: pd.DataFrame) -> pd.Series:
    """Replies + shares received per author ("platform|author_id"), zero for authors who received none."""
    author = df["platform"] + "|" + df["author_id"]
    owner = dict(zip(df["platform"] + "|" + df["platform_id"], author, strict=True))
    links = pd.concat([(df["platform"] + "|" + df[c]).dropna() for c in ("parent_id", "share_of_id")])
    return links.map(owner).value_counts().reindex(author.unique(), fill_value=0)


def _key(account: dict) -> str:
    return f"{account['platform']}|{account['author_id']}"


def _norm(text: str) -> str:
    return unicodedata.normalize("NFD", text.lower()).encode("ascii", "ignore").decode()


# ----------------------------------------------------------------------------- schema and determinism
def test_schema_columns_and_types(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, truth, _ = small
    assert list(df.columns) == list(COLUMNS)
    assert "brands" not in df.columns
    assert list(truth.columns) == list(TRUTH_COLUMNS)
    for col in ("platform", "platform_id", "url", "author_id", "author_handle", "text", "published_at", "source"):
        assert df[col].map(lambda v: isinstance(v, str) and v != "").all(), col
    for col in ("title", "parent_id", "share_of_id"):
        assert df[col].map(lambda v: v is None or isinstance(v, str)).all(), col
    for col in ("author_followers", "likes", "shares", "replies"):
        assert str(df[col].dtype) == "int64" and (df[col] >= 0).all(), col
    assert str(df["views"].dtype) == "Int64" and df["views"].isna().any() and df["views"].notna().any()
    assert df["lang"].map(lambda v: v is None).all()  # left to the pipeline's language detection
    assert (df["source"] == "demo").all()
    assert df["published_at"].str.match(ISO_Z).all()
    assert df["url"].str.startswith("https://").all()
    assert abs(len(df) - SMALL.n_mentions) / SMALL.n_mentions < 0.05


def test_same_seed_same_output_other_seed_other_output(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, gt = small
    again, gt_again = generate(SMALL)
    pd.testing.assert_frame_equal(df, again)
    assert gt == gt_again
    other, _ = generate(DemoConfig(seed=8, n_mentions=3_000, weeks=3, n_authors=800))
    assert len(set(other["text"]) & set(df["text"])) < 0.05 * len(df)
    assert set(other["platform_id"]) != set(df["platform_id"])


def test_write_demo_is_byte_identical_and_consistent(tmp_path: Path) -> None:
    first = write_demo(tmp_path / "a", SMALL)
    second = write_demo(tmp_path / "b", SMALL)
    assert set(first) == {"mentions", "ground_truth", "ground_truth_mentions"}
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name
    lines = first["mentions"].read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert all(list(r) == list(COLUMNS) for r in records)
    gt = json.loads(first["ground_truth"].read_text(encoding="utf-8"))
    assert gt["n_mentions"] == len(records)
    with first["ground_truth_mentions"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(TRUTH_COLUMNS) and len(rows) == len(records)
    assert [(r["platform"], r["platform_id"]) for r in rows] == [(r["platform"], r["platform_id"]) for r in records]
    # The returned frame and the written file are the same stream.
    df, _ = generate(SMALL)
    assert df["platform_id"].tolist() == [r["platform_id"] for r in records]


def test_config_validation() -> None:
    with pytest.raises(ValueError):
        generate(DemoConfig(weeks=2, n_mentions=1_000))


# ------------------------------------------------------------------------------------ threads and ids
def test_ids_unique_and_links_resolve_to_earlier_same_platform(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, _ = small
    key = df["platform"] + "|" + df["platform_id"]
    assert key.is_unique
    published = dict(zip(key, df["published_at"], strict=True))
    for col in ("parent_id", "share_of_id"):
        linked = df[df[col].notna()]
        target = linked["platform"] + "|" + linked[col]
        assert target.isin(published.keys()).all(), col
        assert (target.map(published) < linked["published_at"]).all(), col
    assert not (df["parent_id"].notna() & df["share_of_id"].notna()).any()


def test_reply_depth_and_consistent_counters(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, _ = small
    key = df["platform"] + "|" + df["platform_id"]
    parent = dict(zip(key, (df["platform"] + "|" + df["parent_id"]).where(df["parent_id"].notna()), strict=True))

    def depth(k: str) -> int:
        d = 0
        while isinstance(parent[k], str):
            k, d = parent[k], d + 1
        return d

    depths = [depth(k) for k in key[df["parent_id"].notna()]]
    assert 3 <= max(depths) <= 4
    direct = (df["platform"] + "|" + df["parent_id"]).dropna().value_counts()
    shared = (df["platform"] + "|" + df["share_of_id"]).dropna().value_counts()
    counters = df.set_index(key)
    assert (counters.loc[direct.index, "replies"] >= direct).all()
    assert (counters.loc[shared.index, "shares"] >= shared).all()
    retweets = df["text"].str.startswith("RT @")
    assert retweets.any() and df.loc[retweets, "share_of_id"].notna().all()


# ---------------------------------------------------------------------------- platforms and languages
def test_platform_mix_and_languages(joined: pd.DataFrame) -> None:
    share = joined["platform"].value_counts(normalize=True)
    assert len(share) >= 6
    assert share[["twitter", "facebook", "instagram"]].sum() > 0.55
    assert share["review"] < 0.06 and share["news"] < 0.06
    fr = (joined["true_lang"] == "fr").mean()
    assert 0.45 < fr < 0.65
    titled = joined["title"].notna()
    assert not joined.loc[titled, "platform"].isin(["twitter", "facebook", "instagram"]).any()
    assert titled[joined["platform"].isin(["reddit", "forum", "news", "review"])].any()


def test_each_topic_in_both_languages_with_its_vocabulary(medium: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    # On the 12k config (4x SMALL, so 4x the bar): at 3k mentions the planted accounts' threads leave
    # too few crowd posts per topic and language.
    df, truth, gt = medium
    joined = df.join(truth.drop(columns=["platform", "platform_id"]).rename(columns={"lang": "true_lang"}))
    assert len(gt["topics"]) >= 7
    text = (joined["title"].fillna("") + " " + joined["text"]).map(_norm)
    for topic in gt["topics"]:
        for lang in ("fr", "en"):
            rows = (joined["topic"] == topic["id"]) & (joined["true_lang"] == lang)
            assert rows.sum() >= 120, (topic["id"], lang)
            keywords = [_norm(k) for k in topic[f"keywords_{lang}"]]
            hit = text[rows].map(lambda t, kw=keywords: any(k in t for k in kw)).mean()
            assert hit > 0.4, (topic["id"], lang, hit)


def test_brand_naming(joined: pd.DataFrame) -> None:
    named = joined["brands_true"].fillna("")
    assert 0.04 < (named == "").mean() < 0.12
    assert (named.str.count(";") >= 1).mean() > 0.02  # comparisons name two brands
    full_text = (joined["title"].fillna("") + " " + joined["text"]).str.lower()
    for brand in vocab.BRANDS:
        pattern = re.compile(r"(?<![0-9a-zà-ÿ])" + brand.lower())
        says = full_text.map(lambda t, p=pattern: bool(p.search(t)))
        assert (says == named.str.contains(brand)).all(), brand
    text = joined["text"]
    for form in ("#Nexora", "@NexoraHelp", "nexora", "NEXORA"):
        assert text.str.contains(form, regex=False).any(), form


def test_ordinary_handles_never_contain_a_brand(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, gt = small
    brand_keys = {_key(a) for a in gt["brand_accounts"]}
    others = df[~(df["platform"] + "|" + df["author_id"]).isin(brand_keys)]
    lowered = others["author_handle"].str.lower()
    assert not lowered.map(lambda h: any(b.lower() in h for b in vocab.BRANDS)).any()


# ------------------------------------------------------------------------------- planted events
def test_crisis_spike_is_real(joined: pd.DataFrame, small: tuple) -> None:
    crisis = small[2]["crisis"]
    assert crisis["brand"] == "Nexora" and crisis["expected_direction"] == "negative"
    start, end = date.fromisoformat(crisis["start"]), date.fromisoformat(crisis["end"])
    assert (end - start).days == 1
    own = joined[joined["brands_true"].str.contains("Nexora")]
    daily = own.groupby("day").size()
    days = [(start + timedelta(days=i)).isoformat() for i in range(2)]
    normal = daily.drop(index=days, errors="ignore").median()
    for day in days:
        assert 4.0 <= daily[day] / normal <= 9.0, (day, daily[day], normal)
        assert (own.loc[own["day"] == day, "sentiment"] == "negative").mean() >= 0.7
    assert (own.loc[own["day"].isin(days), "sentiment"] == "negative").mean() >= 0.75
    vocabulary = joined.loc[joined["day"].isin(days), "text"].str.lower()
    assert vocabulary.str.contains("panne générale|remboursement|panne generale").sum() >= 20
    assert vocabulary.str.contains("outage").sum() >= 20 and vocabulary.str.contains("refund").sum() >= 5
    flagged = joined.loc[joined["is_crisis"], "day"]
    assert flagged.min() == days[0] and flagged.max() <= (end + timedelta(days=1)).isoformat()


def test_contest_hashtags_only_in_window_with_new_authors(joined: pd.DataFrame, small: tuple) -> None:
    gt = small[2]
    contest = gt["contest"]
    assert {"#NexoraGiveaway", "#ConcoursNexora"} == set(contest["hashtags"])
    start, end = date.fromisoformat(contest["start"]), date.fromisoformat(contest["end"])
    assert start.isocalendar().week != date.fromisoformat(gt["crisis"]["start"]).isocalendar().week
    tagged = joined[joined["text"].str.contains(CONTEST_TAG)]
    assert len(tagged) >= 100
    assert tagged["day"].min() >= start.isoformat() and tagged["day"].max() <= end.isoformat()
    assert tagged["day"].nunique() == (end - start).days + 1
    assert (tagged["sentiment"] != "negative").mean() > 0.85
    author = joined["platform"] + "|" + joined["author_id"]
    first_day = joined.groupby(author)["day"].min()
    contest_authors = author[joined["is_contest"]].unique()
    newcomers = (first_day[contest_authors] >= start.isoformat()).sum()
    assert newcomers >= 0.3 * len(contest_authors)


def test_followers_heavy_tailed(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, gt = small
    planted = {_key(a) for a in gt["influencers"] + gt["detractors"] + gt["brand_accounts"]}
    crowd = df[~(df["platform"] + "|" + df["author_id"]).isin(planted)]
    followers = crowd.drop_duplicates(["platform", "author_id"])["author_followers"]
    assert 20 <= followers.median() <= 500
    assert followers.max() / followers.median() > 500
    assert (followers > 10_000).mean() < 0.05
    assert all(40_000 <= a["followers"] <= 500_000 for a in gt["influencers"])
    assert all(10_000 <= a["followers"] <= 80_000 for a in gt["detractors"])
    assert all(150 <= a["followers"] <= 3_000 for a in gt["at_risk"])


def test_planted_accounts_receive_far_more_engagement(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, gt = small
    assert len(gt["influencers"]) >= 6 and len(gt["detractors"]) >= 4
    received = _received(df)
    median = received.median()
    planted = [_key(a) for a in gt["influencers"] + gt["detractors"]]
    for key in planted:
        assert received[key] >= max(10, 8 * median), (key, received[key], median)
    # Regular users @mention the influencers.
    handles = [a["handle"] for a in gt["influencers"] if " " not in a["handle"]]
    mentions = df["text"].str.contains("|".join("@" + re.escape(h) for h in handles))
    assert (mentions & ~df["author_handle"].isin(handles)).sum() >= 10


def test_brand_support_answers_in_the_customers_language(joined: pd.DataFrame, small: tuple) -> None:
    gt = small[2]
    support = {_key(a): a["brand"] for a in gt["brand_accounts"]}
    assert {"Nexora", "Telvia", "Orbix", "Fibrea"} <= set(support.values())
    author = joined["platform"] + "|" + joined["author_id"]
    key = joined["platform"] + "|" + joined["platform_id"]
    by_key = joined.set_index(key)
    answers = joined[author.isin(support) & joined["parent_id"].notna()]
    parents = by_key.loc[answers["platform"] + "|" + answers["parent_id"]]
    assert (parents["true_lang"].to_numpy() == answers["true_lang"].to_numpy()).mean() > 0.97
    nexora_help = _key(next(a for a in gt["brand_accounts"] if a["handle"] == "NexoraHelp"))
    asked = joined[
        (joined["platform"] == "twitter")
        & joined["parent_id"].isna()
        & ~joined["is_crisis"]
        & joined["brands_true"].str.contains("Nexora")
        & joined["intent"].isin(["complaint", "question"])
        & ~joined["text"].str.startswith("RT @")
    ]
    helped = joined.loc[author == nexora_help, "parent_id"]
    rate = asked["platform_id"].isin(set(helped)).mean()
    assert 0.2 < rate < 0.6, rate


def test_texts_are_varied_and_lexicon_readable(joined: pd.DataFrame) -> None:
    originals = joined[joined["share_of_id"].isna()]
    assert originals["text"].nunique() / len(originals) > 0.9
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    vader_fr = pytest.importorskip("vaderSentiment_fr.vaderSentiment")
    analyzers = {"en": vader.SentimentIntensityAnalyzer(), "fr": vader_fr.SentimentIntensityAnalyzer()}
    sample = originals.sample(600, random_state=0)
    agree = 0
    for _, row in sample.iterrows():
        score = analyzers[row["true_lang"]].polarity_scores(row["text"])["compound"]
        guess = "positive" if score >= 0.05 else "negative" if score <= -0.05 else "neutral"
        agree += guess == row["sentiment"]
    assert agree / len(sample) > 0.8


def test_daily_cycle_and_weekly_rhythm(joined: pd.DataFrame) -> None:
    hour = joined["published_at"].str[11:13].astype(int)
    local_night = hour.isin([6, 7, 8, 9])  # 2-5 am in Toronto (UTC-4 in September)
    assert local_night.mean() < 0.06
    roots = joined[joined["parent_id"].isna() & joined["share_of_id"].isna()]
    assert roots["sentiment"].value_counts(normalize=True).between(0.2, 0.5).all()


def test_default_config_size() -> None:
    df, truth, gt = generate_with_truth(DemoConfig())
    assert len(df) >= 20_000
    span = pd.to_datetime(df["published_at"].max()) - pd.to_datetime(df["published_at"].min())
    assert span.days >= 8 * 7 - 1
    assert df.groupby(["platform", "author_id"]).ngroups >= 2_500
    crisis_week = (date.fromisoformat(gt["crisis"]["start"]) - DemoConfig().start).days // 7 + 1
    assert crisis_week in (6, 7)
    contest_days = (date.fromisoformat(gt["contest"]["end"]) - date.fromisoformat(gt["contest"]["start"])).days + 1
    assert 7 <= contest_days <= 10
    author = df["platform"] + "|" + df["author_id"]
    posts = author.value_counts()
    for account in gt["influencers"]:
        assert 40 <= posts[_key(account)] <= 150, account["handle"]
    for account in gt["detractors"]:  # (Reddit threads add many back-and-forth replies)
        assert 30 <= posts[_key(account)] <= 130, account["handle"]
    for account in gt["at_risk"]:
        assert 20 <= posts[_key(account)] <= 60, account["handle"]
    # The planted accounts are exactly the most replied-to / shared non-brand accounts.
    received = _received(df).drop(index=[_key(a) for a in gt["brand_accounts"]])
    planted = {_key(a) for a in gt["influencers"] + gt["detractors"]}
    assert set(received.nlargest(len(planted)).index) == planted
    competitors = truth[truth["brands_true"].isin(vocab.COMPETITORS)]
    mix = competitors["sentiment"].value_counts(normalize=True)
    assert 0.2 < mix["negative"] < 0.42 and 0.3 < mix["neutral"] < 0.5 and 0.18 < mix["positive"] < 0.4


# ------------------------------------------------------------------ planted community roles
def test_planted_roles_in_the_ground_truth(small: tuple[pd.DataFrame, pd.DataFrame, dict]) -> None:
    df, _, gt = small
    stances = [a["stance"] for a in gt["influencers"]]
    assert stances.count("advocate") == 10 and stances.count("informative") == 2
    assert {a["lang"] for a in gt["influencers"]} == {"fr", "en"}
    targets = [a["brand"] for a in gt["detractors"]]
    assert len(targets) == 11 and targets.count("Nexora") == 9
    assert targets.count("Telvia") == 1 and targets.count("Orbix") == 1
    at_risk = gt["at_risk"]
    assert len(at_risk) == 10
    assert {a["lang"] for a in at_risk} == {"fr", "en"}
    assert {a["platform"] for a in at_risk} == {"twitter", "facebook", "instagram", "reddit", "forum"}
    for account in at_risk:
        assert account["brand"] == "Nexora" and account["turned_on"] == gt["crisis"]["start"], account
        assert {"platform", "author_id", "handle", "followers", "lang", "observed"} <= set(account)
        assert account["observed"]["posts"] >= 6, account
    # Each planted handle is one author: the crowd never reuses it, on any platform.
    planted = gt["influencers"] + gt["detractors"] + at_risk
    assert len({a["handle"].lower() for a in planted}) == len(planted)
    for account in planted:
        authors = df.loc[df["author_handle"].str.lower() == account["handle"].lower(), ["platform", "author_id"]]
        assert authors.drop_duplicates().to_numpy().tolist() == [[account["platform"], account["author_id"]]], account


@pytest.mark.parametrize("size", ["small", "medium"])
def test_at_risk_customers_turn_negative_at_the_crisis(size: str, request: pytest.FixtureRequest) -> None:
    df, truth, gt = request.getfixturevalue(size)
    roots = _roots(df, truth)
    start = gt["crisis"]["start"]
    least = 3 if size == "small" else 5  # several posts on each side, even at 3k mentions over 3 weeks
    for account in gt["at_risk"]:
        mine = roots[roots["author"] == _key(account)]
        before, after = mine[mine["day"] < start], mine[mine["day"] >= start]
        assert len(before) >= least and len(after) >= least, (account["handle"], len(before), len(after))
        assert (before["sentiment"] == "positive").all() and (after["sentiment"] == "negative").all(), account
        assert (mine["brands_true"] == "Nexora").all() and not mine["is_crisis"].any(), account
        assert (mine["author_handle"] == account["handle"]).all()


@pytest.mark.parametrize("size", ["small", "medium"])
def test_detractors_attack_their_target(size: str, request: pytest.FixtureRequest) -> None:
    df, truth, gt = request.getfixturevalue(size)
    roots = _roots(df, truth)
    for account in gt["detractors"]:
        mine = roots[roots["author"] == _key(account)]
        assert len(mine) >= 4, account["handle"]
        target = mine["brands_true"].str.split(";").map(lambda b, t=account["brand"]: t in b)
        assert target.mean() >= 0.6, (account["handle"], account["brand"], target.mean())
        if account["brand"] == "Nexora":
            assert mine["is_crisis"].any(), account["handle"]  # they pile on during the outage
        else:
            assert not mine["is_crisis"].any(), account["handle"]  # a competitor's detractor sits it out
