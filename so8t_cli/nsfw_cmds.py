"""`so8t classify nsfw`, `so8t eval nsfw` and `so8t train nsfw`."""

from __future__ import annotations

from pathlib import Path


def _classifier():
    from so8t_assets.steps.nsfw.loader import load_classifier
    from so8t_cli.commands import current_settings

    settings = current_settings()
    return load_classifier(settings.nsfw_detection, settings.data_root())


def classify(args) -> int:
    """Every input record plus nsfw_score, nsfw_label, nsfw_model and skipped, batch by batch."""
    from so8t_cli.label_file import check_label_paths, label_file, skipped_note

    check_label_paths(args)  # before the model loads
    classifier = _classifier()
    n, skipped = label_file(args, lambda texts: [
        {"nsfw_score": round(x["nsfw_score"], 6), "nsfw_label": x["nsfw_label"], "nsfw_model": x["nsfw_model"]}
        for x in classifier.label(texts)], ("nsfw_score", "nsfw_label", "nsfw_model"))
    print(f"{n} records → {args.output} ({classifier.model_id}, threshold {classifier.threshold})"
          f"{skipped_note(skipped, args.max_chars)}")
    return 0


def evaluate(args) -> int:
    from so8t_assets.steps.metrics import format_table, metrics_by_language
    from so8t_assets.steps.nsfw.dataset import parse_label
    from so8t_assets.steps.records import iter_records

    classifier = _classifier()
    labels, scores, langs = [], [], []
    for batch in iter_records(args.input, [args.text_field, args.label_field], batch=args.batch,
                              check=lambda r: parse_label(r[args.label_field])):  # bad labels name their line
        labels += [parse_label(r[args.label_field], args.input) for r in batch]
        scores += classifier.document_scores([str(r[args.text_field]) for r in batch])
        langs += [str(r.get(args.lang_field) or "und") for r in batch] if args.lang_field else ["und"] * len(batch)
    metrics = metrics_by_language(labels, scores, langs, classifier.threshold)
    if not args.lang_field:
        metrics = {"all": metrics["all"]}
    print(f"{classifier.model_id} at threshold {classifier.threshold}")
    print(format_table(metrics))
    return 0


def _check_training_files() -> None:
    """Read the configured labelled files up front: a bad one is a one-line error, not a failed run."""
    from so8t_assets.steps.nsfw.dataset import file_examples
    from so8t_cli.commands import current_settings

    for spec in current_settings().nsfw_detection.training_files:
        file_examples(spec.path, spec.text_field, spec.label_field, spec.lang_field)


def train(args) -> int:
    from so8t_cli.commands import train_models
    from so8t_cli.main import UsageError

    if args.backend == "transformers" and not args.base_model:
        raise UsageError("--backend transformers needs --base-model PATH (a local Hugging Face model folder)")
    _check_training_files()
    config = {"backend": args.backend, "epochs": args.epochs}
    if args.base_model:
        config["base_model"] = str(Path(args.base_model).resolve())
    return 0 if train_models(["nsfw_model"], {"nsfw_model": config}) else 1
