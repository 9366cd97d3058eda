"""`safety_model`: domain, hazard and four-class heads trained on the team's safety seed set.

Unpartitioned, like `nsfw_model`: one model serves every session and each label row names
the version that made it. Held-out figures and a confusion matrix go to the metadata.
"""

from dagster import AssetExecutionContext, Config, MaterializeResult, MetadataValue, asset

from so8t_assets.steps.safety import train as training
from so8t_assets.steps.safety.dataset import seed_examples, split
from so8t_assets.steps.safety.metrics import format_confusion, format_summary
from so8t_assets.steps.safety.plots import confusion_png, markdown_image
from so8t_assets.steps.safety.store import MODEL_NAMES, models_root
from so8t_resources.model_registry import register_model
from so8t_resources.settings_resource import SettingsResource


class SafetyModelConfig(Config):
    backend: str | None = None  # default: four_class.backend
    base_model: str | None = None  # transformers: the local model folder to fine-tune
    epochs: int = 2


@asset(group_name="models", kinds={"scikit-learn"})
def safety_model(context: AssetExecutionContext, config: SafetyModelConfig,
                 settings: SettingsResource) -> MaterializeResult:
    cfg = settings.settings()
    policy = cfg.four_class
    backend = config.backend or policy.backend
    train, heldout = split(seed_examples(), policy.heldout_fraction)
    context.log.info(f"training the {backend} safety model on {len(train)} examples, holding out {len(heldout)}")
    root = models_root(cfg.data_root())
    if backend == "sklearn":
        version, folder, metrics = training.train_sklearn(train, heldout, root, policy)
    elif backend == "transformers":
        base = config.base_model or policy.base_model
        if not base:
            raise ValueError("the transformers backend needs a base model: set base_model (or "
                             "four_class.base_model) to a local Hugging Face model folder")
        version, folder, metrics = training.train_transformers(train, heldout, root, policy, base,
                                                               epochs=config.epochs, log=context.log.info)
    else:
        raise ValueError(f"unknown safety backend {backend!r}")
    overall = metrics["policy"]["all"]
    png = confusion_png(overall["confusion"], folder.parent / f"{version}-confusion.png",
                        f"held-out confusion ({overall['n']} examples)")
    registry = register_model(cfg, MODEL_NAMES[backend], folder,
                              {"version": version, "backend": backend, "n_train": len(train),
                               "n_heldout": len(heldout)},
                              {"heldout": {"macro_f1": overall["macro_f1"], "over_refusal": overall["over_refusal"],
                                           "refuse_recall": overall["refuse_recall"]}})
    return MaterializeResult(metadata={
        "version": version,
        "path": MetadataValue.path(str(folder)),
        "n_train": len(train),
        "n_heldout": len(heldout),
        "heldout_macro_f1": overall["macro_f1"],
        "heldout_over_refusal": overall["over_refusal"],
        "heldout_refuse_recall": overall["refuse_recall"],
        "heldout_metrics": MetadataValue.md(format_summary(metrics["policy"])),
        "heldout_confusion": MetadataValue.md(format_confusion(overall)),
        "confusion_png": MetadataValue.path(str(png)),
        "confusion_plot": MetadataValue.md(markdown_image(png, "held-out confusion matrix")),
        "mlflow": registry,
    })
