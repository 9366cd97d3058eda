"""The `thinking` config section: how `thinking_datasets` turns labelled documents into
training records, and the domain policies quoted in `<think-policy>` (English and Japanese)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TaskType = Literal["summarise", "question", "explain_term", "translate"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TokenBudget(_Section):
    """llm backend: the most new tokens generated for each part."""

    task: int = Field(96, ge=8)
    safety: int = Field(96, ge=8)
    policy: int = Field(96, ge=8)
    final: int = Field(256, ge=8)


class DomainPolicy(_Section):
    en: str
    ja: str


def _default_policies() -> dict[str, DomainPolicy]:
    p = DomainPolicy
    return {
        "medical": p(en="Give general health information only; no diagnosis or dosing for the person; point to a "
                        "doctor or pharmacist, and to emergency services when symptoms are serious.",
                     ja="一般的な健康情報にとどめ、個人の診断や用量の指示はしない。医師・薬剤師への相談を促し、"
                        "症状が重い場合は救急の利用を勧める。"),
        "legal": p(en="Explain the general rules and options; no advice on the person's own case; suggest a lawyer "
                      "or a public legal advice service.",
                   ja="一般的な制度と選択肢を説明し、個別の事案への助言はしない。弁護士や法テラスなどの相談窓口を勧める。"),
        "finance": p(en="Explain concepts and risks; no personal investment recommendation; suggest an independent, "
                        "regulated adviser.",
                     ja="仕組みとリスクを説明し、個人への投資推奨はしない。登録された独立系の専門家への相談を勧める。"),
        "adult": p(en="Do not produce sexual content; answer only non-explicit questions about the page.",
                   ja="性的な内容は生成しない。ページについての露骨でない質問にだけ答える。"),
        "crime": p(en="Report and explain crimes factually; never help plan, commit or hide one.",
                   ja="犯罪は事実に即して報告・説明し、計画・実行・隠蔽の手助けは決してしない。"),
        "politics": p(en="Be balanced and factual; do not invent claims about candidates or elections.",
                      ja="中立かつ事実に基づいて答え、候補者や選挙について事実でない主張を作らない。"),
    }


class ThinkingConfig(_Section):
    backend: Literal["template", "llm"] = "template"
    task_types: list[TaskType] = Field(default_factory=lambda: ["summarise", "question", "explain_term"],
                                       description="translate needs the llm backend")
    requests_per_document: int = Field(2, ge=1, le=8)
    model_path: str | None = Field(None, description="llm: a local causal language model folder")
    max_new_tokens: TokenBudget = TokenBudget()
    batch_size: int = Field(8, ge=1)
    default_policy: DomainPolicy = DomainPolicy(
        en="Answer helpfully and accurately from the document; say when the document does not cover something.",
        ja="文書に基づいて正確かつ丁寧に答え、文書に書かれていないことはその旨を伝える。")
    domain_policies: dict[str, DomainPolicy] = Field(default_factory=_default_policies)

    @model_validator(mode="after")
    def _backend_can_do_the_tasks(self) -> ThinkingConfig:
        if self.backend == "template" and "translate" in self.task_types:
            raise ValueError("task type 'translate' needs backend 'llm' (a template cannot translate)")
        if self.backend == "llm" and not self.model_path:
            raise ValueError("backend 'llm' needs thinking.model_path (a local causal language model folder)")
        return self

    def policy_for(self, domain: str | None, lang: str) -> str:
        policy = self.domain_policies.get(domain or "", self.default_policy)
        return policy.ja if lang == "ja" else policy.en
