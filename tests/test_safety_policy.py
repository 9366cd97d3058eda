"""The safety vocabulary, the seed set and the policy table (no model needed)."""

from collections import Counter

import pytest

from so8t_assets.steps.records import RecordError
from so8t_assets.steps.safety.dataset import parse_class, parse_hazards, seed_examples, split
from so8t_assets.steps.safety.policy import decide, model_class
from so8t_assets.steps.safety.taxonomy import CLASSES, HAZARDS, check_example
from so8t_resources.config import ConfigError, settings_from_dict

NO_HAZARD = dict.fromkeys(HAZARDS, 0.0)


def policy(**four_class):
    return settings_from_dict({"four_class": four_class}).four_class


def scores(allow=0.0, escalation=0.0, deny=0.0, refuse=0.0):
    return {"ALLOW": allow, "ESCALATION": escalation, "DENY": deny, "REFUSE": refuse}


def test_seed_set_covers_every_class_hazard_language_and_kind():
    examples = seed_examples()
    assert len(examples) >= 2000
    assert len({e.text for e in examples}) == len(examples)
    cells = Counter((e.lang, e.kind, e.four_class) for e in examples)
    for lang in ("en", "ja"):
        for kind in ("request", "document"):
            for cls in CLASSES:
                assert cells[(lang, kind, cls)] >= 50, (lang, kind, cls)
    hazards = Counter(h for e in examples for h in e.hazards)
    assert all(hazards[h] >= 40 for h in HAZARDS), hazards
    tricky = Counter(e.four_class for e in examples if e.tricky)
    assert tricky["ALLOW"] >= 200 and tricky["REFUSE"] >= 100  # alarming-but-safe and disguised-harm cases
    train, heldout = split(examples, 0.2)
    assert 0.15 < len(heldout) / len(examples) < 0.25 and not {e.text for e in train} & {e.text for e in heldout}


def test_a_malformed_example_is_named():
    bad = {"text": "x", "lang": "en", "kind": "request", "four_class": "DENY", "hazards": [], "domain": "other"}
    assert check_example(bad, "f.jsonl:3") == ["f.jsonl:3: a DENY example names at least one hazard"]
    assert "four_class 'BLOCK'" in check_example({**bad, "four_class": "BLOCK"}, "f:1")[0]
    with pytest.raises(RecordError, match="f.csv: label 'maybe' is not one of"):
        parse_class("maybe", "f.csv")
    assert parse_class(" refuse ", "f") == "REFUSE"
    assert parse_hazards("hate, privacy", "f") == ("hate", "privacy")
    with pytest.raises(RecordError, match="unknown hazard 'cyber'"):
        parse_hazards('["cyber"]', "f")


def test_the_model_first_asks_whether_to_refuse_at_all():
    assert model_class(scores(allow=0.4, escalation=0.1, deny=0.3, refuse=0.2)) == "DENY"  # harmful mass 0.5
    assert model_class(scores(allow=0.2, escalation=0.35, deny=0.3, refuse=0.15)) == "ESCALATION"


def test_rules_raise_the_class_and_say_why():
    cfg = policy()
    hazards = {**NO_HAZARD, "indiscriminate_weapons": 0.8}
    d = decide("text", scores(deny=0.6, allow=0.4), hazards, "science", None, cfg, "m@1")
    assert (d.four_class, d.decided_by, d.score) == (
        "REFUSE", "rule:class>=DENY&indiscriminate_weapons>=0.6->REFUSE", 0.8)
    # The name is the rule's, whatever the score: rows group by it (the score has its own column).
    again = decide("other", scores(deny=0.9, allow=0.1), {**hazards, "indiscriminate_weapons": 0.95},
                   "science", None, cfg, "m@1")
    assert (again.decided_by, again.score) == (d.decided_by, 0.95)
    # The same hazard on a page the model thinks benign (a history of the bombing) stays benign.
    d = decide("text", scores(allow=0.7, deny=0.3), hazards, "news", None, cfg, "m@1")
    assert (d.four_class, d.decided_by, d.score) == ("ALLOW", "model:m@1", 0.7)
    assert decide("text", scores(allow=0.9, deny=0.1), hazards, "news", None, cfg, "m@1").decided_by == "model:m@1"
    # The NSFW rule needs an NSFW score: requests scored without one are left to the model.
    assert decide("t", scores(allow=1.0), NO_HAZARD, "adult", 0.95, cfg, "m").four_class == "DENY"
    assert decide("t", scores(allow=1.0), NO_HAZARD, "adult", None, cfg, "m").four_class == "ALLOW"


def test_rules_never_lower_a_class_and_overrides_set_it():
    cfg = policy(rules=[{"then": "ESCALATION", "domain": "medical", "reason": "medical pages get care"}],
                 overrides=[{"pattern": r"(?i)\bkill (a|the) (python )?process", "then": "ALLOW",
                             "reason": "process management"}])
    assert decide("t", scores(refuse=0.9), NO_HAZARD, "medical", None, cfg, "m").four_class == "REFUSE"
    raised = decide("t", scores(allow=0.9), NO_HAZARD, "medical", None, cfg, "m")
    assert (raised.four_class, raised.decided_by, raised.score) == (
        "ESCALATION", "rule:domain=medical->ESCALATION", None)
    d = decide("How do I kill the Python process?", scores(refuse=0.9), NO_HAZARD, "technology", None, cfg, "m")
    assert (d.four_class, d.decided_by, d.score) == (
        "ALLOW", r"override:/(?i)\bkill (a|the) (python )?process/", None)


@pytest.mark.parametrize("four_class,message", [
    ({"rules": [{"then": "BLOCK", "reason": "x"}]}, "four_class.rules.0.then"),
    ({"rules": [{"then": "DENY", "reason": "x", "hazard": "cyber"}]}, "four_class.rules.0.hazard"),
    ({"overrides": [{"pattern": "(", "then": "ALLOW", "reason": "x"}]}, "not a regular expression"),
    ({"hazard_threshold": 2}, "four_class.hazard_threshold"),
])
def test_a_bad_policy_is_a_one_line_config_error(four_class, message):
    with pytest.raises(ConfigError, match=message) as err:
        settings_from_dict({"four_class": four_class})
    assert "\n" not in str(err.value)


def test_rules_chain_whatever_their_order():
    rules = [{"min_class": "DENY", "hazard": "child_sexual_exploitation", "then": "REFUSE", "reason": "severe"},
             {"min_nsfw": 0.9, "then": "DENY", "reason": "sexual content"}]
    hazards = {**NO_HAZARD, "child_sexual_exploitation": 0.9}
    for order in (rules, rules[::-1]):
        d = decide("t", scores(escalation=0.9), hazards, "other", 0.95, policy(rules=order), "m")
        assert (d.four_class, d.decided_by, d.score) == (
            "REFUSE", "rule:class>=DENY&child_sexual_exploitation>=0.5->REFUSE", 0.9), order
    nsfw = decide("t", scores(allow=1.0), NO_HAZARD, "adult", 0.95, policy(rules=rules[1:]), "m")
    assert (nsfw.decided_by, nsfw.score) == ("rule:nsfw>=0.9->DENY", 0.95)


def test_pages_average_classes_over_passages_and_keep_each_hazards_peak():
    import numpy as np

    from so8t_assets.steps.safety.model import PASSAGE, predict_pages

    def passages_scored(texts):  # passage 0 benign, passage 1 alarming: a stand-in for a model
        alarming = np.array(["bomb" in t for t in texts], dtype=float)
        classes = np.column_stack([1 - alarming, 0 * alarming, 0 * alarming, alarming])
        hazards = np.column_stack([alarming * 0.9])
        domains = np.column_stack([1 - alarming, alarming])
        return classes, hazards, domains

    line = "A long report on the town's history. " * (PASSAGE // 40)  # about 350 characters: one passage each
    page = "\n".join([line, line, line, "A bomb threat was made."])  # three passages, the last one alarming
    [pred] = predict_pages([page], passages_scored, ["indiscriminate_weapons"], ["news", "crime"])
    assert 0 < pred["four_class_scores"]["REFUSE"] < 0.5 < pred["four_class_scores"]["ALLOW"]  # averaged
    assert pred["hazard_scores"] == {"indiscriminate_weapons": 0.9}  # the peak passage
    assert pred["domain"] == "news"
    assert predict_pages([], passages_scored, [], []) == []
