"""`so8t classify safety`, `so8t eval safety` and `so8t train safety`."""

from __future__ import annotations

from pathlib import Path


def _labeller():
    from so8t_assets.steps.safety.labeller import SafetyLabeller
    from so8t_cli.commands import current_settings

    settings = current_settings()
    return SafetyLabeller(settings.four_class, settings.data_root()), settings


def _nsfw_scorer(settings):
    """The NSFW model's page scores for the policy's NSFW rule, or None where none is trained."""
    from so8t_assets.steps.nsfw.loader import load_classifier
    from so8t_assets.steps.nsfw.store import ModelNotFound

    if not settings.nsfw_detection.enabled:
        return None
    try:
        return load_classifier(settings.nsfw_detection, settings.data_root()).document_scores
    except ModelNotFound:
        return None


def _labels(labeller, nsfw, texts: list[str]) -> list[dict]:
    scores = nsfw(texts) if nsfw else [None] * len(texts)
    return [{**label, "nsfw_score": None if s is None else round(s, 4)}
            for label, s in zip(labeller.label(texts, scores), scores, strict=True)]


def _nsfw_note(nsfw) -> str:
    return "NSFW scores from the stored NSFW model" if nsfw else "no NSFW model stored: the NSFW rule is skipped"


def classify(args) -> int:
    """Every input record plus four_class, four_class_scores, hazards, domain, safety_model, decided_by,
    decided_score and nsfw_score (null where no NSFW model is stored), and skipped."""
    from so8t_cli.label_file import check_label_paths, label_file, skipped_note

    check_label_paths(args)  # before the models load
    labeller, settings = _labeller()
    nsfw = _nsfw_scorer(settings)
    keys = ("four_class", "four_class_scores", "hazards", "domain", "safety_model", "decided_by", "decided_score",
            "nsfw_score")
    n, skipped = label_file(args, lambda texts: _labels(labeller, nsfw, texts), keys)
    print(f"{n} records → {args.output} ({labeller.model_id}; {_nsfw_note(nsfw)})"
          f"{skipped_note(skipped, args.max_chars)}")
    return 0


def evaluate(args) -> int:
    from so8t_assets.steps.records import iter_records
    from so8t_assets.steps.safety.dataset import parse_class
    from so8t_assets.steps.safety.metrics import format_confusion, format_per_class, format_summary, metrics_by_slice

    labeller, settings = _labeller()
    nsfw = _nsfw_scorer(settings)
    gold, predicted, langs = [], [], []
    for batch in iter_records(args.input, [args.text_field, args.label_field], batch=args.batch,
                              check=lambda r: parse_class(r[args.label_field])):  # bad labels name their line
        gold += [parse_class(r[args.label_field]) for r in batch]
        predicted += [x["four_class"] for x in _labels(labeller, nsfw, [str(r[args.text_field]) for r in batch])]
        langs += [str(r.get(args.lang_field) or "und") for r in batch] if args.lang_field else []
    metrics = metrics_by_slice(gold, predicted, {"lang": langs} if args.lang_field else {})
    print(f"{labeller.model_id} on {len(gold)} records ({_nsfw_note(nsfw)})")
    print(format_per_class(metrics["all"]))
    print()
    print(format_summary(metrics))
    print()
    print(format_confusion(metrics["all"]))
    return 0


def train(args) -> int:
    from so8t_cli.commands import train_models
    from so8t_cli.main import UsageError

    if args.backend == "transformers" and not args.base_model:
        raise UsageError("--backend transformers needs --base-model PATH (a local Hugging Face model folder)")
    config = {"backend": args.backend, "epochs": args.epochs}
    if args.base_model:
        config["base_model"] = str(Path(args.base_model).resolve())
    return 0 if train_models(["safety_model"], {"safety_model": config}) else 1
