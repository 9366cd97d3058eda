"""The transformers safety backend: one fine-tuned encoder with three heads in one output layer.

Outputs are named `class:<CLASS>`, `hazard:<hazard>` and `domain:<domain>`: softmax over the
class outputs, a sigmoid per hazard, softmax over the domains. Fine-tuning sums a
cross-entropy for the class, a binary cross-entropy for the hazards and a cross-entropy for
the domain. Base models load from a local folder only (no hub).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from so8t_assets.steps.safety.model import predict_pages
from so8t_assets.steps.safety.taxonomy import CLASSES, DOMAINS, HAZARDS

LABELS = [f"class:{c}" for c in CLASSES] + [f"hazard:{h}" for h in HAZARDS] + [f"domain:{d}" for d in DOMAINS]
_C, _H = len(CLASSES), len(CLASSES) + len(HAZARDS)


def _loss(logits, classes, hazards, domains):
    import torch.nn.functional as F

    return (F.cross_entropy(logits[:, :_C], classes) + F.binary_cross_entropy_with_logits(logits[:, _C:_H], hazards)
            + F.cross_entropy(logits[:, _H:], domains))


def fine_tune_safety(base_model: str, examples, out_dir: Path, *, epochs: int = 2, batch_size: int = 16,
                     lr: float = 5e-5, max_length: int = 256, seed: int = 0, log=print) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from so8t_assets.steps.nsfw.hf import device, train_epochs

    torch.manual_seed(seed)
    dev = device()
    tokenizer = AutoTokenizer.from_pretrained(base_model, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base_model, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)}, local_files_only=True, ignore_mismatched_sizes=True,
    ).to(dev)
    classes = torch.tensor([CLASSES.index(e.four_class) for e in examples])
    hazards = torch.tensor([[float(h in e.hazards) for h in HAZARDS] for e in examples])
    domains = torch.tensor([DOMAINS.index(e.domain) for e in examples])
    texts = [e.text for e in examples]

    def batch_loss(enc, idx):
        return _loss(model(**enc).logits, classes[idx].to(dev), hazards[idx].to(dev), domains[idx].to(dev))

    train_epochs(model, tokenizer, texts, batch_loss, epochs=epochs, batch_size=batch_size, lr=lr,
                 max_length=max_length, seed=seed, log=log)
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))


class TransformersSafety:
    """A fine-tuned safety model folder, with the same `predict` as the sklearn SafetyModel."""

    def __init__(self, folder: Path, batch_size: int = 32, max_length: int = 256):
        from so8t_assets.steps.nsfw.hf import load_classifier_model
        from so8t_assets.steps.nsfw.store import ModelNotFound

        self.tokenizer, self.model, self.device = load_classifier_model(Path(folder))
        names = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        if names != LABELS:
            raise ModelNotFound(f"{folder}: not a safety model (its outputs are not class:/hazard:/domain: labels); "
                                "fine-tune one with `so8t train safety --backend transformers --base-model DIR`")
        self.batch_size, self.max_length = batch_size, max_length

    def _predict_passages(self, texts: list[str]):
        import torch

        from so8t_assets.steps.nsfw.hf import batched

        logits = batched(self.tokenizer, self.model, texts, self.batch_size, self.max_length,
                         lambda enc, out: out.logits)
        return (torch.softmax(logits[:, :_C], -1).numpy(), torch.sigmoid(logits[:, _C:_H]).numpy(),
                torch.softmax(logits[:, _H:], -1).numpy().astype(np.float64))

    def predict(self, texts: list[str]) -> list[dict]:
        return predict_pages(texts, self._predict_passages, list(HAZARDS), list(DOMAINS))
