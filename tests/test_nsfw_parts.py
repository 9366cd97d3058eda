"""The NSFW building blocks that need no trained model: lexicon, model store, crawl policy."""

import asyncio

from so8t_assets.steps.nsfw.lexicon import adult_hits, context_hits
from so8t_assets.steps.nsfw.store import ModelNotFound, resolve, save_model
from so8t_resources.config import NsfwConfig
from so8t_resources.crawler.frontier import Frontier, Item
from so8t_resources.crawler.realtime_nsfw import RealtimeNsfw


def test_lexicon_matches_words_not_substrings_and_folds_width():
    hits = adult_hits("Adults Only — you must be 18 or older. ＡＶ女優の動画が見放題")
    assert hits == ["18 or older", "AV女優", "adults only", "見放題"]
    assert adult_hits("AV receiver setup guide. Comic strip of the week.") == []
    assert adult_hits("A peacock and a cocktail at Scunthorpe") == []
    assert context_hits("乳がん検診のお知らせ") == ["がん", "検診"]


def test_models_are_versioned_by_content(tmp_path):
    def write(text):
        return lambda folder: (folder / "model.bin").write_text(text)

    v1, f1 = save_model(tmp_path, "sklearn", write("a"), {"name": "m"})
    v2, _ = save_model(tmp_path, "sklearn", write("b"), {"name": "m"})
    v1_again, _ = save_model(tmp_path, "sklearn", write("a"), {"name": "m"})
    assert v1 == v1_again != v2
    assert resolve(tmp_path, "sklearn") == tmp_path / "sklearn" / v1  # LATEST moved back to v1
    assert resolve(tmp_path, "sklearn", v2).name == v2
    assert not list((tmp_path / "sklearn").glob(".new-*"))
    try:
        resolve(tmp_path, "embedding")
    except ModelNotFound as err:
        assert "so8t train nsfw" in str(err)
    else:
        raise AssertionError("expected ModelNotFound")


class FixedScores:
    threshold = 0.5

    def __init__(self, scores):
        self.table = scores

    def document_scores(self, texts):
        return [self.table[t.split("\n", 1)[1]] for t in texts]


def test_host_share_deprioritises_after_enough_pages():
    cfg = NsfwConfig(on_detect="deprioritise_host", host_min_pages=3, host_share_threshold=0.6)
    rt = RealtimeNsfw(FixedScores({"adult": 0.9, "news": 0.1}), cfg)
    for text in ("adult", "adult"):
        asyncio.run(rt.score("h", None, text))
    assert not rt.deprioritise("h")  # too few pages yet
    asyncio.run(rt.score("h", None, "news"))
    assert rt.host_share("h") == 2 / 3 and rt.deprioritise("h")
    assert rt.follow_links(True)  # deprioritise_host still follows links


def test_a_failing_classifier_costs_the_score_not_the_crawl():
    rt = RealtimeNsfw(FixedScores({}), NsfwConfig())  # KeyError for any text
    assert asyncio.run(rt.score("h", None, "anything")) == (None, False)


def test_stop_following_links_policy():
    rt = RealtimeNsfw(FixedScores({}), NsfwConfig(on_detect="stop_following_links"))
    assert not rt.follow_links(True) and rt.follow_links(False)


def test_frontier_never_waits_for_a_normal_host_while_a_low_one_is_ready():
    import time

    f = Frontier(min_delay_s=0.0, per_host_concurrency=1)
    asyncio.run(f.put(Item("http://low.test/a", 0, None)))
    asyncio.run(f.put(Item("http://normal.test/a", 0, None)))
    f.deprioritise("http://low.test")
    f.defer_host("http://normal.test", 5.0)
    f.defer_host("http://low.test", 1.0)
    host, wait = f._pick(time.monotonic())
    assert host == "http://low.test" and wait < 1.5


def test_frontier_serves_deprioritised_hosts_last():
    async def order():
        f = Frontier(min_delay_s=0.0, per_host_concurrency=1)
        for host in ("http://adult.test", "http://news.test"):
            for i in range(2):
                await f.put(Item(f"{host}/{i}", 0, None))
        f.deprioritise("http://adult.test")
        seen = []
        while (item := await f.get()) is not None:
            seen.append(item.url)
            await f.done(item)
        return seen

    assert asyncio.run(order()) == ["http://news.test/0", "http://news.test/1", "http://adult.test/0",
                                    "http://adult.test/1"]
