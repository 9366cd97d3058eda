"""A tiny, randomly initialised BERT built offline: exercises the transformers code paths."""

from pathlib import Path


def tiny_bert(folder: Path, num_labels: int = 2) -> Path:
    """A 2-layer, 32-wide BERT classifier with the (shipped) all-MiniLM tokenizer, saved to folder."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from so8t_assets.steps.nsfw.encoder import default_encoder_path

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(default_encoder_path(), local_files_only=True)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512, num_labels=num_labels)
    BertForSequenceClassification(config).save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder


def tiny_gpt2(folder: Path) -> Path:
    """A 2-layer, 32-wide GPT-2 causal LM with the (shipped) all-MiniLM tokenizer: random output, real code path."""
    import torch
    from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel

    from so8t_assets.steps.nsfw.encoder import default_encoder_path

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(default_encoder_path(), local_files_only=True)
    config = GPT2Config(vocab_size=tokenizer.vocab_size, n_embd=32, n_layer=2, n_head=2, n_positions=512,
                        bos_token_id=tokenizer.cls_token_id, eos_token_id=tokenizer.sep_token_id)
    GPT2LMHeadModel(config).save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder
