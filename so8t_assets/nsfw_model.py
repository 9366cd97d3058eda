"""`nsfw_model`: the NSFW classifier, trained from the team's seed set and any user files.

Unpartitioned: one model serves every session; each label row names the version that
made it. NSFW data is collected to teach models to detect and refuse, never to generate.
"""

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from so8t_assets.steps.metrics import format_table
from so8t_assets.steps.nsfw.dataset import file_examples, seed_examples, split
from so8t_assets.steps.nsfw.loader import models_root
from so8t_assets.steps.nsfw.train import SKLEARN_NAME, train_sklearn
from so8t_resources.model_registry import register_model
from so8t_resources.settings_resource import SettingsResource


@asset(group_name="models", kinds={"scikit-learn"})
def nsfw_model(context: AssetExecutionContext, settings: SettingsResource) -> MaterializeResult:
    cfg = settings.settings()
    nsfw = cfg.nsfw_detection
    examples = seed_examples()
    for spec in nsfw.training_files:
        examples += file_examples(spec.path, spec.text_field, spec.label_field, spec.lang_field)
    train, heldout = split(examples, nsfw.heldout_fraction)
    context.log.info(f"training on {len(train)} examples, holding out {len(heldout)}")
    version, folder, metrics = train_sklearn(train, heldout, models_root(cfg.data_root()), nsfw.threshold)
    registry = register_model(cfg, SKLEARN_NAME, folder,
                              {"version": version, "backend": "sklearn", "threshold": nsfw.threshold,
                               "n_train": len(train), "n_heldout": len(heldout)}, {"heldout": metrics})
    return MaterializeResult(metadata={
        "version": version,
        "path": MetadataValue.path(str(folder)),
        "n_train": len(train),
        "n_heldout": len(heldout),
        "heldout_f1": metrics["all"]["f1"],
        "heldout_auprc": metrics["all"]["auprc"],
        "heldout_metrics": MetadataValue.md(format_table(metrics)),
        "mlflow": registry,
    })
