"""`nsfw_model`: the NSFW classifier, trained from the team's seed set and any user files.

Unpartitioned: one model serves every session; each label row names the version that
made it. NSFW data is collected to teach models to detect and refuse, never to generate.
"""

from dagster import AssetExecutionContext, Config, MaterializeResult, MetadataValue, asset

from so8t_assets.steps.metrics import format_table
from so8t_assets.steps.nsfw import train as training
from so8t_assets.steps.nsfw.dataset import file_examples, seed_examples, split
from so8t_assets.steps.nsfw.loader import models_root
from so8t_resources.model_registry import register_model
from so8t_resources.settings_resource import SettingsResource


class NsfwModelConfig(Config):
    backend: str | None = None  # default: nsfw_detection.backend
    base_model: str | None = None  # transformers: the local model folder to fine-tune
    epochs: int = 2


@asset(group_name="models", kinds={"scikit-learn"})
def nsfw_model(context: AssetExecutionContext, config: NsfwModelConfig,
               settings: SettingsResource) -> MaterializeResult:
    cfg = settings.settings()
    nsfw = cfg.nsfw_detection
    backend = config.backend or nsfw.backend
    examples = seed_examples()
    for spec in nsfw.training_files:
        examples += file_examples(spec.path, spec.text_field, spec.label_field, spec.lang_field)
    train, heldout = split(examples, nsfw.heldout_fraction)
    context.log.info(f"training the {backend} model on {len(train)} examples, holding out {len(heldout)}")
    root = models_root(cfg.data_root())
    if backend == "sklearn":
        version, folder, metrics = training.train_sklearn(train, heldout, root, nsfw.threshold)
    elif backend == "embedding":
        version, folder, metrics = training.train_embedding(train, heldout, root, nsfw.threshold)
    elif backend == "transformers":
        base = config.base_model or nsfw.model_path
        if not base:
            raise ValueError("the transformers backend needs a base model: set base_model (or "
                             "nsfw_detection.model_path) to a local Hugging Face model folder")
        version, folder, metrics = training.train_transformers(train, heldout, root, nsfw.threshold, base,
                                                               epochs=config.epochs, log=context.log.info)
    else:
        raise ValueError(f"unknown NSFW backend {backend!r}")
    registry = register_model(cfg, training.MODEL_NAMES[backend], folder,
                              {"version": version, "backend": backend, "threshold": nsfw.threshold,
                               "n_train": len(train), "n_heldout": len(heldout)}, {"heldout": metrics})
    return MaterializeResult(metadata={
        "backend": backend,
        "version": version,
        "path": MetadataValue.path(str(folder)),
        "n_train": len(train),
        "n_heldout": len(heldout),
        "heldout_f1": metrics["all"]["f1"],
        "heldout_auprc": metrics["all"]["auprc"],
        "heldout_metrics": MetadataValue.md(format_table(metrics)),
        "mlflow": registry,
    })
