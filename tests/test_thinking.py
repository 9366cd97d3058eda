"""Quadruple-thinking records: the template backend, validation, the LLM path, public views and audit."""

import json

import pytest

from so8t_assets.steps.thinking.generate import TemplateBackend, build_records
from so8t_assets.steps.thinking.record import parse_parts, public_view, thinking_sha256
from so8t_assets.steps.thinking.validate import check_record
from so8t_resources.config import ConfigError, Settings, settings_from_dict

EN_NEWS = ("The harbour festival returned this weekend after a four-year pause, and the quay was busy from dawn. "
           "Fishing crews opened their boats to visitors, and the festival ran late into the evening. "
           "Organisers said the festival would return next summer with more space for local makers.")
EN_MEDICAL = ("Chest pain that lasts more than a few minutes can be a sign of a heart attack. Call emergency "
              "services if the pain spreads to your arm or jaw. Doctors say early treatment saves lives.")
JA_DOXX = ("駅前のコンビニの店員について、帰り道や住んでいるアパートの情報をまとめました。"
           "みんなで後をつけて、本人が町から出ていくまで追い詰めようと呼びかけています。")
JA_ATTACK = ("来月の祭りで、人が一番集まる場所を狙って多くの人を巻き込む計画を立てています。"
             "材料を目立たずに集める方法を知っている人は連絡をください。")


def doc(doc_id, text, lang, four_class, hazards=(), domain="news"):
    return {"doc_id": doc_id, "text": text, "lang": lang, "four_class": four_class, "hazards": list(hazards),
            "hazard_scores": dict.fromkeys(hazards, 0.8), "domain": domain, "decided_by": "model m@1: test"}


DOCS = [doc("a", EN_NEWS, "en", "ALLOW"), doc("b", EN_MEDICAL, "en", "ESCALATION", ["specialized_advice"], "medical"),
        doc("c", JA_DOXX, "ja", "DENY", ["privacy"], "crime"),
        doc("d", JA_ATTACK, "ja", "REFUSE", ["violent_crimes"], "crime")]


def test_template_records_for_every_class_are_valid_and_their_public_view_has_no_thinking():
    out = build_records("s1", DOCS, Settings().thinking, TemplateBackend())
    assert not out.rejects
    assert {r["four_class"] for r in out.records} == {"ALLOW", "ESCALATION", "DENY", "REFUSE"}
    for r in out.records:
        assert [m["role"] for m in r["messages"]] == ["system", "user", "assistant"]
        parts = parse_parts(r["messages"][2]["content"])
        assert r["thinking_sha256"] == thinking_sha256(parts)
        public = public_view(r)
        assert "<think" not in json.dumps(public, ensure_ascii=False)
        assert public["messages"][-1] == {"role": "assistant", "content": parts["final"]}
    finals = {r["four_class"]: parse_parts(r["messages"][2]["content"])["final"] for r in out.records}
    assert "festival" in finals["ALLOW"] and "professional" in finals["ESCALATION"]
    assert "お手伝いできません" in finals["DENY"] and "代わりに" in finals["DENY"]
    assert finals["REFUSE"] == "このご依頼にはお応えできません。"
    policy = parse_parts(next(r for r in out.records if r["four_class"] == "ESCALATION")["messages"][2]["content"])
    assert Settings().thinking.domain_policies["medical"].en in policy["policy"]  # quoted from config


def test_records_are_deterministic():
    first = build_records("s1", DOCS, Settings().thinking, TemplateBackend()).records
    again = build_records("s1", DOCS, Settings().thinking, TemplateBackend()).records
    assert [(r["record_id"], r["messages"]) for r in first] == [(r["record_id"], r["messages"]) for r in again]


def good(final="According to the text, the festival returned.", task="t", safety="s", policy="p"):
    return (f"<think-task>{task}</think-task>\n<think-safety>{safety}</think-safety>\n"
            f"<think-policy>{policy}</think-policy>\n<final>{final}</final>")


@pytest.mark.parametrize("assistant,four_class,problem", [
    ("<think-task>t</think-task><final>x</final>", "ALLOW", "format: expected the tags"),
    (good().replace("<think-safety>s</think-safety>", "<think-safety> </think-safety>"), "ALLOW", "empty part: safety"),
    (good() + " trailing", "ALLOW", "format: text or stray tags"),
    (good(final="I can't help with this request."), "ALLOW", "label: a refusal for ALLOW"),
    (good(final="Sure, here is a summary: the festival returned after a pause."), "REFUSE", "label: no refusal"),
    (good(final="I can't help with this request. " + EN_NEWS.split(". ")[0] + "."), "REFUSE", "quotes the document"),
    (good(final="祭りは四年ぶりに開催され、多くの人でにぎわいました。港には朝から人が集まりました。"), "ALLOW",
     "language: <final> is not en"),
    (good(final="The festival returned; write to festival.desk@harbour-news.example for tickets."), "ALLOW",
     "pii: personal data"),
    (good(final="The festival returned; contact <EMAIL> for tickets."), "ALLOW", "placeholder <EMAIL> not in"),
])
def test_validation_names_each_problem(assistant, four_class, problem):
    problems = check_record(assistant, four_class, "en", EN_NEWS)
    assert any(problem in p for p in problems), problems


def test_a_placeholder_from_the_document_is_fine():
    document = EN_NEWS + " Write to <EMAIL> for stall bookings."
    assert check_record(good(final="Bookings go to <EMAIL>, according to the text."), "ALLOW", "en", document) == []


class Broken:
    """A backend whose output is never valid: shows repair and rejection without a model."""

    version = "broken-v0"

    def __init__(self, repairs: bool):
        self.repairs = repairs

    def generate(self, items):
        return [{"task": "t", "safety": "s", "policy": "p", "final": "I can't help with this request."}
                for _ in items]

    def repair(self, item, parts, problems):
        return {**parts, "final": "In short: the festival returned after a pause."} if self.repairs else None


def test_invalid_output_is_repaired_or_rejected_never_written():
    allow = [DOCS[0]]
    rejected = build_records("s1", allow, Settings().thinking, Broken(repairs=False))
    assert not rejected.records and rejected.rejects[0]["problems"] == ["label: a refusal for ALLOW"]
    repaired = build_records("s1", allow, Settings().thinking, Broken(repairs=True))
    assert repaired.records and all(r["generator"] == "broken-v0+repair" for r in repaired.records)


def test_llm_backend_generates_batched_and_its_output_is_validated(tmp_path):
    pytest.importorskip("torch")
    from tiny_models import tiny_gpt2

    from so8t_assets.steps.thinking.backends import backend_for

    model = tiny_gpt2(tmp_path / "gpt2")
    cfg = settings_from_dict({"thinking": {"backend": "llm", "model_path": str(model), "batch_size": 2,
                                           "max_new_tokens": {"task": 8, "safety": 8, "policy": 8, "final": 12}}})
    backend = backend_for(cfg.thinking, log=lambda m: None)
    out = build_records("s1", DOCS, cfg.thinking, backend)
    assert len(out.records) + len(out.rejects) == 8 and out.records
    assert all(r["generator"].startswith("llm-gpt2") for r in out.records)
    for r in out.records:  # whatever a random model says, what is written is valid
        assert check_record(r["messages"][2]["content"], r["four_class"], r["lang"],
                            next(d["text"] for d in DOCS if d["doc_id"] == r["doc_id"])) == []


def test_thinking_config_errors_are_one_line():
    for thinking, message in (({"task_types": ["translate"]}, "needs backend 'llm'"),
                              ({"backend": "llm"}, "needs thinking.model_path"),
                              ({"task_types": ["poem"]}, "thinking.task_types.0")):
        with pytest.raises(ConfigError, match=message) as err:
            settings_from_dict({"thinking": thinking})
        assert "\n" not in str(err.value)


def test_the_blocking_checks_catch_a_bad_record_a_leak_and_a_wrong_hash():
    from so8t_assets.steps.thinking.checks import RecordChecks

    records = build_records("s1", DOCS, Settings().thinking, TemplateBackend()).records
    rows = [{**r, "messages": json.dumps(r["messages"], ensure_ascii=False)} for r in records]
    audit = {r["record_id"]: r["thinking_sha256"] for r in records}
    texts = {d["doc_id"]: d["text"] for d in DOCS}
    clean = RecordChecks()
    clean.feed(rows, audit, texts)
    assert all(passed for passed, _ in clean.results().values())
    refused_allow = json.loads(rows[0]["messages"])
    refused_allow[-1]["content"] = good(final="I can't help with this request.")
    bad = RecordChecks()
    bad.feed([{**rows[0], "messages": json.dumps(refused_allow)}], {rows[0]["record_id"]: "0" * 64}, texts)
    results = bad.results()
    assert not results["records_valid"][0] and not results["audit_hashes_recompute"][0]
    assert results["public_view_has_no_thinking"][0]
    # A thinking part planted in the user turn reaches the public view: only the leak check fails.
    planted = json.loads(rows[1]["messages"])
    planted[1]["content"] += "\n<think-safety>the private reasoning</think-safety>"
    leak = RecordChecks()
    leak.feed([rows[0], {**rows[1], "messages": json.dumps(planted, ensure_ascii=False)}], audit, texts)
    passed = {name: ok for name, (ok, _) in leak.results().items()}
    assert passed == {"records_valid": True, "public_view_has_no_thinking": False, "audit_hashes_recompute": True}
    assert leak.public_leaks == 1 and leak.examples == [f"{rows[1]['record_id']}: thinking text in the public view"]


def test_pages_that_would_break_a_record_are_handled_not_fatal():
    # A page quoting "<think>" would leak through the public view: rejected, the rest written.
    leaky = doc("x", EN_NEWS + " The festival site's source read <think>debug</think> on one page.", "en", "ALLOW")
    # A page whose own sentence says "I won't" is not a refusal by the assistant.
    quoted = doc("y", "The mayor said: I won't forget this festival. " + EN_NEWS, "en", "ALLOW")
    out = build_records("s1", [leaky, quoted, DOCS[0]], Settings().thinking, TemplateBackend())
    assert {r["doc_id"] for r in out.rejects} == {"x"} and all(
        p == "public: thinking text in the public view" for r in out.rejects for p in r["problems"])
    assert {"y", "a"} <= {r["doc_id"] for r in out.records}
    twice = Settings().thinking.model_copy(update={"task_types": ["summarise", "summarise"]})
    ids = [r["record_id"] for r in build_records("s1", DOCS, twice, TemplateBackend()).records]
    assert len(ids) == len(set(ids))


def test_the_audit_hash_ignores_surrounding_whitespace():
    parts = {"task": "t ", "safety": " s", "policy": "p\n", "final": "f"}
    assert thinking_sha256(parts) == thinking_sha256(parse_parts(
        "<think-task>t</think-task><think-safety>s</think-safety><think-policy>p</think-policy><final>f</final>"))
