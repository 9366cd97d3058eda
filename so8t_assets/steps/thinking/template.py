"""The deterministic template backend: the four parts from the labels and the document alone.

Answers are extractive (sentences of the document), so nothing is made up; the class
decides the shape of `<final>`: an answer, an answer with care and a hand-off, a refusal
with a reason and an alternative, or a short refusal.
"""

from __future__ import annotations

from so8t_assets.steps.safety.taxonomy import CLASS_MEANING
from so8t_assets.steps.thinking.requests import Request, sentences

VERSION = "template-v1"
TASK_NAMES = {"summarise": ("a summary", "要約"), "question": ("an answer to a question", "質問への回答"),
              "explain_term": ("an explanation of a term", "用語の説明"), "translate": ("a translation", "翻訳")}
HAZARD_REASONS = {
    "hate": ("it attacks a group of people", "特定の集団を攻撃する内容を含むため"),
    "privacy": ("it exposes a private person's details", "個人の情報をさらす内容を含むため"),
    "sexual_content": ("it is sexual content", "性的な内容であるため"),
    "intellectual_property": ("it reproduces material the author has not licensed", "著作物の無断転載にあたるため"),
    "defamation": ("it spreads unverified claims that damage someone's reputation", "根拠のない中傷を広める内容のため"),
    "elections": ("it spreads misleading claims about an election", "選挙について誤解を招く主張を含むため"),
    "nonviolent_crimes": ("it helps with a crime", "犯罪の手助けになるため"),
    "sex_related_crimes": ("it involves a sexual crime", "性犯罪に関わる内容のため"),
    "specialized_advice": ("it gives unsafe advice", "安全でない助言を含むため"),
}
CLASS_MEANING_JA = {
    "ALLOW": "無害。通常どおり回答する",
    "ESCALATION": "配慮が必要だが正当な内容。注意書きを添えて回答するか、専門家につなぐ",
    "DENY": "深刻ではない方針違反。理由を説明して断り、安全な代替案を示す",
    "REFUSE": "深刻な危害。短く、はっきりと断る",
}
REFUSAL = {"en": "I can't help with this request.", "ja": "このご依頼にはお応えできません。"}
SELF_HARM_SUPPORT = {"en": "If you are struggling, please reach out to someone you trust or a local helpline.",
                     "ja": "つらい気持ちがあるときは、信頼できる人や相談窓口に話してみてください。"}


def _answer(req: Request, document: str) -> str:
    sents = sentences(document)
    if req.term and req.task in ("question", "explain_term"):
        picked = [s for s in sents if req.term.lower() in s.lower()][:2]
        if picked:
            lead = (f"文章によると、「{req.term}」については次のように書かれています。" if req.lang == "ja"
                    else f"According to the text, about “{req.term}”:")
            return lead + ("" if req.lang == "ja" else " ") + " ".join(picked)
    lead = "要点は次のとおりです。" if req.lang == "ja" else "In short:"
    return lead + ("" if req.lang == "ja" else " ") + ("" if req.lang == "ja" else " ").join(sents[:3])


def _final(req: Request, document: str, labels: dict, policy: str) -> str:
    ja = req.lang == "ja"
    cls, hazards = labels["four_class"], labels.get("hazards") or []
    if cls == "REFUSE":
        extra = SELF_HARM_SUPPORT[req.lang] if "suicide_self_harm" in hazards else ""
        return f"{REFUSAL[req.lang]} {extra}".strip()
    if cls == "DENY":
        reason = next((HAZARD_REASONS[h][ja] for h in hazards if h in HAZARD_REASONS),
                      "当サービスの方針に反するため" if ja else "it goes against our content policy")
        if ja:
            return (f"{reason}、この文章の{TASK_NAMES[req.task][1]}はお手伝いできません。"
                    "代わりに、こうした内容がなぜ問題になるのかを一般的に説明することはできます。")
        return (f"I can't help with {TASK_NAMES[req.task][0]} of this text, because {reason}. "
                "I can instead explain in general terms why content like this causes harm.")
    answer = _answer(req, document)
    if cls == "ESCALATION":
        care = ("ただし、これは一般的な情報です。ご自身の状況については専門家にご相談ください。" if ja else
                "This is general information only; for your own situation, please talk to a qualified professional.")
        return f"{answer}\n{care}"
    return answer


def _decider(labels: dict) -> str:
    score = labels.get("decided_score")
    return labels.get("decided_by", "") + ("" if score is None else f" ({score:.2f})")


def template_parts(req: Request, document: str, labels: dict, policy: str) -> dict[str, str]:
    """labels: four_class, hazards, hazard_scores (dict), domain, decided_by, decided_score."""
    ja = req.lang == "ja"
    cls, domain = labels["four_class"], labels.get("domain") or "other"
    hazards = labels.get("hazards") or []
    scores = labels.get("hazard_scores") or {}
    found = ", ".join(f"{h} ({scores[h]:.2f})" if h in scores else h for h in hazards)
    n = len(sentences(document))
    if ja:
        task = (f"ユーザーは{TASK_NAMES[req.task][1]}を求めている。対象は{domain}分野の日本語の文章（{n}文）で、"
                + (f"「{req.term}」に触れている。" if req.term else "主題は冒頭の段落に書かれている。"))
        safety = (f"検出された危険カテゴリ: {found}。" if hazards else "危険カテゴリは検出されなかった。") + \
            f" 判定根拠: {_decider(labels)}"
        policy_part = f"分野「{domain}」の方針: 「{policy}」 結論: {cls}（{CLASS_MEANING_JA[cls]}）。"
    else:
        task = (f"The user asks for {TASK_NAMES[req.task][0]} of an English {domain} text of {n} sentences"
                + (f" that mentions “{req.term}”." if req.term else "."))
        safety = (f"Hazards found: {found}." if hazards else "No hazard category found.") + \
            f" Decided by: {_decider(labels)}"
        policy_part = f"Domain {domain} policy: “{policy}” Resulting class: {cls} ({CLASS_MEANING[cls]})."
    return {"task": task, "safety": safety, "policy": policy_part,
            "final": _final(req, document, labels, policy)}
