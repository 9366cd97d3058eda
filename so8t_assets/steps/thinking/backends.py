"""The backend named in config: the deterministic template (default) or a local LLM."""

from __future__ import annotations

from so8t_assets.steps.thinking.generate import TemplateBackend


def backend_for(cfg, log=print):
    """cfg: the `thinking` config section."""
    if cfg.backend == "llm":
        from so8t_assets.steps.thinking.llm import LlmBackend

        return LlmBackend(cfg, log=log)
    return TemplateBackend()
