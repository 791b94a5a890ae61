import numpy as np
import pandas as pd
import pytest

from reputation.config_signals import AlertSettings
from reputation.signals import detect, explain, synthetic


@pytest.mark.parametrize("volume", [300, 1000])
def test_hourly_detector_finds_generated_incidents(volume: int):
    precision, recall = [], []
    for seed in range(10):
        counts, truth = synthetic.series(seed, daily_volume=volume)
        found = detect.volume_episodes(counts, AlertSettings(min_mentions=5), hourly=True)
        p, r = synthetic.precision_recall([(e.start, e.end) for e in found], truth)
        precision.append(p)
        recall.append(r)
    assert np.mean(precision) >= 0.9 and np.mean(recall) >= 0.85, (precision, recall)


def test_a_quiet_series_without_incidents_does_not_alert():
    counts, _ = synthetic.series(3, daily_volume=300, incidents=0)
    assert detect.volume_episodes(counts, AlertSettings(min_mentions=5), hourly=True) == []
    daily = counts.resample("D").sum()
    assert detect.volume_episodes(daily, AlertSettings(), hourly=False) == []


def test_daily_baseline_knows_the_weekday():
    # busy weekdays, quiet weekends: a normal Saturday is not a drop and a normal Monday not a spike
    index = pd.date_range("2026-01-05", periods=56, freq="D")
    counts = pd.Series(np.where(index.weekday < 5, 200, 50), index=index)
    base = detect.daily_baseline(counts, weeks=4)
    assert base["expected"].iloc[-1] == 50 and base["expected"].iloc[-3] == 200
    counts.iloc[-2] = 150  # a Saturday three times its usual volume
    found = detect.volume_episodes(counts, AlertSettings(), hourly=False)
    assert [e.start for e in found] == [index[-2]]
    assert found[0].expected == 50 and found[0].observed == 150


def test_episodes_merge_within_the_cooldown():
    index = pd.date_range("2026-01-01", periods=10, freq="h")
    flags = pd.Series([False, True, True, False, False, True, False, False, False, True], index=index)
    scores = pd.Series(np.arange(10.0), index=index)
    step = pd.Timedelta(hours=1)
    merged = detect.episodes(flags, scores, scores, scores, step, cooldown_hours=2)
    assert [(e.start, e.end) for e in merged] == [(index[1], index[6]), (index[9], index[9] + step)]
    apart = detect.episodes(flags, scores, scores, scores, step, cooldown_hours=0)
    assert len(apart) == 3 and apart[0].peak == index[2]


def test_negative_share_jump():
    index = pd.date_range("2026-01-05", periods=42, freq="D")
    total = pd.Series(100, index=index)
    negative = pd.Series(20, index=index)
    negative.iloc[-1] = 60
    found = detect.negative_share_episodes(negative, total, AlertSettings())
    assert len(found) == 1 and found[0].start == index[-1]
    assert found[0].observed == pytest.approx(0.6) and found[0].expected == pytest.approx(0.2)


def test_alert_ids_are_stable():
    start = pd.Timestamp("2026-10-13 07:00")
    assert detect.alert_id("Nexora", "volume_hourly", start) == detect.alert_id("Nexora", "volume_hourly", start)
    assert detect.alert_id("Nexora", "volume_hourly", start) != detect.alert_id("Nexora", "volume_daily", start)


def _frame(texts: list[str], platform: str, topic: int, author: str, brand: bool = False) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mention_id": [f"{platform}:{author}:{i}" for i in range(len(texts))],
            "text": texts,
            "platform": platform,
            "author_id": author,
            "who": author,
            "author_followers": 1000,
            "topic_id": topic,
            "sentiment": "negative",
            "likes": range(len(texts)),
            "shares": 0,
            "replies": 0,
            "is_brand": brand,
        }
    )


def test_explanation_names_what_is_over_represented():
    baseline = pd.concat([_frame(["great plan and price"] * 50, "twitter", 1, "u1")])
    episode = pd.concat(
        [
            _frame(["total outage no signal refund now"] * 30, "facebook", 2, "angry"),
            _frame(["price plan"] * 5, "twitter", 1, "u1"),
            _frame(["we are restoring the signal"] * 10, "twitter", 2, "brandhelp", brand=True),
        ]
    )
    why = explain.explain(episode, baseline, {1: "plan / price", 2: "outage / signal"}, ["the", "we", "are"], True)
    assert {"outage", "refund", "signal"} <= set(why["terms"]) and "plan" not in why["terms"]
    assert why["topics"][0]["label"] == "outage / signal" and why["topics"][0]["mentions"] == 40
    assert why["sources"][0]["platform"] == "facebook"
    assert why["authors"][0]["who"] == "angry"
    assert "brandhelp" not in {a["who"] for a in why["authors"]}  # the brand answers, it does not drive
    assert len(why["examples"]) == 3


def test_words_found_once_give_the_same_terms_as_counting_each_call():
    import pandas as pd

    texts = ["Panne réseau encore", "panne PANNE chez Nexora", "facture trop chère", "réseau en panne depuis hier"] * 4
    frame = pd.DataFrame({"mention_id": [f"m{i}" for i in range(len(texts))], "text": texts})
    episode, baseline = frame.iloc[:10], frame.iloc[6:]  # overlapping, as alert baselines do
    stop = frozenset({"chez"})
    words = explain.Words()
    for part in (episode, baseline, episode):
        pd.testing.assert_series_equal(words.counts(part, stop), explain._counts(part["text"], stop))


def test_words_count_as_strings_would_in_any_order_of_mentions_and_calls():
    import pandas as pd

    texts = ["zeta alpha beta", "beta gamma", "alpha zeta", "delta", "gamma beta alpha", "chez chez", ""] * 3
    frame = pd.DataFrame({"mention_id": [f"m{i}" for i in range(len(texts))], "text": texts})
    words = explain.Words()
    stop = frozenset({"chez", "delta"})
    # subsets found in pieces, then counted again reversed and shuffled: ties (equal counts) keep the order in
    # which their words first appear in the frame counted, as value_counts on the strings does
    for part in (frame.iloc[3:9], frame.iloc[::-1], frame.sample(frac=1, random_state=3), frame.iloc[5:7]):
        pd.testing.assert_series_equal(words.counts(part, stop), explain._counts(part["text"], stop))
    assert words.counts(frame.iloc[[3, 5, 6]], stop).empty  # only stop words, or none


def test_words_fetch_the_texts_of_frames_without_them():
    import pandas as pd

    texts = {"m1": "Panne réseau encore", "m2": "panne PANNE chez Nexora", "m3": "facture trop chère"}
    asked: list[list[str]] = []

    def fetch(ids: list[str]) -> pd.Series:
        asked.append(ids)
        return pd.Series([texts[i] for i in ids])

    words = explain.Words(fetch)
    frame = pd.DataFrame({"mention_id": ["m1", "m2", "m3"]})
    expected = explain._counts(pd.Series(list(texts.values()), name="text"), frozenset())
    pd.testing.assert_series_equal(words.counts(frame, frozenset()), expected)
    words.counts(frame.iloc[:2], frozenset())
    assert asked == [["m1", "m2", "m3"]]  # each text fetched once
    with pytest.raises(ValueError, match="text"):
        explain.Words().counts(frame, frozenset())


def test_word_sets_are_the_words_of_the_cleaned_lowercased_texts():
    from reputation.nlp.text import strip_noise

    texts = pd.Series(
        [
            "Panne GÉNÉRALE chez @Nexora_FR depuis ce matin https://t.co/abc #panne #Nexora",
            "a@b.com http://x.fr/abc word www.site.fr/x?y stuff\u00a0more HTTP://UPPER.com/path wordy",
            "##hash#tag wörd—élan l’été aujourd'hui -abc- x-y-z @handle's cool- panne panne",
            None,
            "",
        ]
    )
    expected = strip_noise(texts).str.lower().str.findall(explain._WORD).map(lambda ws: sorted(set(ws)))
    assert explain._word_sets(texts).tolist() == expected.tolist()
    assert "panne" in explain._word_sets(texts)[0] and "nexora_fr" not in explain._word_sets(texts)[0]
