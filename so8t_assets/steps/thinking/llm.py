"""The LLM backend: a local causal language model writes the four parts, one part at a time.

Each part is generated for a whole batch (left-padded, GPU when present), with the
previous parts in the prompt and its own token budget, and cut at its closing tag. Output
that fails validation is repaired from the template where it can be (an empty or stray
part, a `<final>` that disagrees with the label, the wrong language, invented personal
data) and the record says so (`llm-…+repair`); what cannot be repaired is rejected.
"""

from __future__ import annotations

from pathlib import Path

from so8t_assets.steps.thinking.record import PARTS, TAGS
from so8t_assets.steps.thinking.template import template_parts


def _prompt(item, parts: dict[str, str]) -> str:
    labels = item.labels
    hazards = ",".join(labels.get("hazards") or [])
    head = (f"{item.request.text}\n\n[labels] class={labels['four_class']} hazards={hazards}"
            f" domain={labels.get('domain')} policy={item.policy}\n\n")
    done = "".join(f"<{tag}>{parts[p]}</{tag}>\n" for p, tag in zip(PARTS, TAGS, strict=True) if p in parts)
    return head + done


class LlmBackend:
    def __init__(self, cfg, log=print):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from so8t_assets.steps.nsfw.hf import device

        folder = Path(cfg.model_path)
        if not (folder / "config.json").exists():
            raise FileNotFoundError(f"thinking.model_path {folder}: not a local Hugging Face model folder")
        self.cfg, self.log = cfg, log
        self.tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        self.tokenizer.padding_side = self.tokenizer.truncation_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token or self.tokenizer.unk_token
        self.device = device()
        self.model = AutoModelForCausalLM.from_pretrained(str(folder), local_files_only=True).to(self.device).eval()
        self.max_positions = int(getattr(self.model.config, "max_position_embeddings", 0)
                                 or getattr(self.model.config, "n_positions", 1024))
        self.version = f"llm-{folder.name}"
        self._torch = torch

    def _complete(self, prompts: list[str], budget: int, tag: str) -> list[str]:
        out = []
        for i in range(0, len(prompts), self.cfg.batch_size):
            enc = self.tokenizer(prompts[i:i + self.cfg.batch_size], return_tensors="pt", padding=True,
                                 truncation=True, max_length=max(self.max_positions - budget, 16)).to(self.device)
            with self._torch.inference_mode():
                generated = self.model.generate(**enc, max_new_tokens=budget, do_sample=False,
                                                pad_token_id=self.tokenizer.pad_token_id)
            texts = self.tokenizer.batch_decode(generated[:, enc["input_ids"].shape[1]:], skip_special_tokens=True)
            out += [t.split(f"</{tag}>", 1)[0].split("</", 1)[0].strip() for t in texts]
        return out

    def generate(self, items) -> list[dict[str, str]]:
        parts: list[dict[str, str]] = [{} for _ in items]
        for part, tag in zip(PARTS, TAGS, strict=True):
            budget = getattr(self.cfg.max_new_tokens, part)
            prompts = [_prompt(item, done) + f"<{tag}>" for item, done in zip(items, parts, strict=True)]
            for done, text in zip(parts, self._complete(prompts, budget, tag), strict=True):
                done[part] = text
        self.log(f"generated {len(items)} records with {self.version} on {self.device}")
        return parts

    def repair(self, item, parts: dict[str, str], problems: list[str]) -> dict[str, str] | None:
        """The template's part in place of each part that fails; None if nothing can be said."""
        reference = template_parts(item.request, item.document, item.labels, item.policy)
        kinds = {p.split(":", 1)[0] for p in problems}
        if "pii" in kinds:
            return reference  # invented personal data may sit in any part: keep none of them
        fixed = {p: parts.get(p) or reference[p] for p in PARTS}
        if kinds & {"label", "language"}:
            fixed["final"] = reference["final"]
        return fixed
