"""Hugging Face sequence-classification models: load from a local folder, fine-tune."""

from __future__ import annotations

from pathlib import Path

NSFW_LABEL_NAMES = {"nsfw", "adult", "unsafe", "label_1", "1", "positive"}


def device():
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def batched(tokenizer, model, texts: list[str], batch_size: int, max_length: int, head):
    """Run model over texts in batches (no gradients); head(encoded, output) -> tensor per batch.
    Returns the concatenated CPU tensor (empty texts: an empty list)."""
    import torch

    dev = next(model.parameters()).device
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            enc = tokenizer(texts[i:i + batch_size], truncation=True, max_length=max_length, padding=True,
                            return_tensors="pt").to(dev)
            out.append(head(enc, model(**enc)).float().cpu())
    return torch.cat(out) if out else []


def load_classifier_model(folder: Path):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if not (folder / "config.json").exists():
        from so8t_assets.steps.nsfw.store import ModelNotFound

        raise ModelNotFound(f"{folder}: not a Hugging Face model folder (no config.json)")
    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(str(folder), local_files_only=True)
    dev = device()
    return tokenizer, model.to(dev).eval(), dev


def nsfw_index(config) -> int:
    """Which output is 'NSFW': a label named so, else index 1 of a two-label head."""
    for idx, name in (config.id2label or {}).items():
        if str(name).lower() in NSFW_LABEL_NAMES:
            return int(idx)
    return 1


def train_epochs(model, tokenizer, texts: list[str], batch_loss, *, epochs: int, batch_size: int, lr: float,
                 max_length: int, seed: int, log=print) -> None:
    """The fine-tuning loop both transformers backends share: AdamW over seeded mini-batches;
    batch_loss(encoded, indices) returns the loss of the texts at those indices."""
    import torch

    dev = next(model.parameters()).device
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr)
    order = torch.randperm(len(texts), generator=torch.Generator().manual_seed(seed)).tolist()
    model.train()
    for epoch in range(epochs):
        total = 0.0
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            enc = tokenizer([texts[j] for j in idx], truncation=True, max_length=max_length, padding=True,
                            return_tensors="pt").to(dev)
            loss = batch_loss(enc, idx)
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
            total += float(loss.detach()) * len(idx)
        log(f"epoch {epoch + 1}/{epochs}: loss {total / max(len(texts), 1):.4f} on {dev}")
    model.eval()


def fine_tune(base_model: str, texts: list[str], labels: list[int], out_dir: Path, *, epochs: int = 2,
              batch_size: int = 16, lr: float = 5e-5, max_length: int = 256, seed: int = 0,
              log=print) -> None:
    """Fine-tune a local base model as a two-label SAFE/NSFW classifier; save it to out_dir."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(seed)
    dev = device()
    tokenizer = AutoTokenizer.from_pretrained(base_model, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base_model, num_labels=2, id2label={0: "SAFE", 1: "NSFW"}, label2id={"SAFE": 0, "NSFW": 1},
        local_files_only=True, ignore_mismatched_sizes=True,
    ).to(dev)
    label_tensor = torch.tensor(labels)
    train_epochs(model, tokenizer, texts, lambda enc, idx: model(**enc, labels=label_tensor[idx].to(dev)).loss,
                 epochs=epochs, batch_size=batch_size, lr=lr, max_length=max_length, seed=seed, log=log)
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
