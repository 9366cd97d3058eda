"""The platform's one config file, validated at load.

Unknown keys and bad values are errors that name the key path, so a typo in a
production YAML fails before anything runs. Defaults are the embedded config: a
user can run with no file at all (the demo adds only its loopback allow-list).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from so8t_resources.config_hints import did_you_mean
from so8t_resources.launcher_config import LauncherConfig
from so8t_resources.safety_config import FourClassConfig
from so8t_resources.thinking_config import ThinkingConfig

CONFIGS_DIR = Path(__file__).resolve().parents[1] / "configs"


class ConfigError(ValueError):
    """A config file that cannot be used; the message is one line naming the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PolitenessConfig(_Section):
    min_delay_s: float = Field(1.0, ge=0, description="minimum gap between requests to one host")
    max_crawl_delay_s: float = Field(30.0, ge=0, description="cap on a robots.txt Crawl-delay")
    per_host_concurrency: int = Field(1, ge=1, le=64)


class RetryConfig(_Section):
    max_attempts: int = Field(3, ge=1, le=20)
    backoff_base_s: float = Field(0.5, ge=0)
    backoff_max_s: float = Field(30.0, ge=0)
    max_retry_after_s: float = Field(120.0, ge=0, description="a longer Retry-After ends the URL instead")


class TimeoutConfig(_Section):
    connect_s: float = Field(10.0, gt=0)
    read_s: float = Field(20.0, gt=0)
    total_s: float = Field(60.0, gt=0, description="one request (each redirect hop and retry has its own)")


class CrawlerConfig(_Section):
    """The dedicated crawler: what it fetches and how politely."""

    user_agent: str = "SO8T-DataBot/0.1 (+https://example.org/so8t-bot)"
    robots_user_agent: str = "SO8T-DataBot"
    scope: Literal["same_host", "same_domain", "list"] = "same_host"
    allowed_hosts: list[str] = Field(default_factory=list, description="hosts in scope when scope=list")
    max_pages: int = Field(1000, ge=1)
    max_depth: int = Field(5, ge=0)
    max_body_bytes: int = Field(5_000_000, ge=1024)
    max_redirects: int = Field(5, ge=0, le=20)
    max_links_per_page: int = Field(1000, ge=0, description="links kept from one page; the cut is counted")
    max_recorded_skips: int = Field(100_000, ge=0, description="cut URLs (scope, depth, max_pages) kept as rows")
    content_types: list[str] = Field(default_factory=lambda: ["text/html", "application/xhtml+xml"])
    use_sitemaps: bool = True
    robots_retry_after_s: float = Field(30.0, ge=0, description="wait before re-asking an unreachable robots.txt")
    robots_max_failures: int = Field(3, ge=1, description="then the host's URLs end as robots_unavailable")
    allow_private_networks: bool = False
    allowed_networks: list[str] = Field(
        default_factory=list, description="CIDRs or hosts exempt from the private-address guard"
    )
    politeness: PolitenessConfig = PolitenessConfig()
    retry: RetryConfig = RetryConfig()
    timeouts: TimeoutConfig = TimeoutConfig()


class ParallelConfig(_Section):
    """The parallel crawler: how much runs at once."""

    global_concurrency: int = Field(16, ge=1, le=1024)
    extract_workers: int = Field(2, ge=1, le=64, description="processes for text extraction")
    extract_timeout_s: float = Field(10.0, gt=0, description="per-document extraction limit")


class WarcSourceConfig(_Section):
    paths: list[str] = Field(default_factory=list, description="WARC files (.warc or .warc.gz)")


class HtmlDirSourceConfig(_Section):
    path: str | None = None
    base_url: str = Field("file:///", description="URL prefix that a file's relative path is joined to")


class DataSourcesConfig(_Section):
    kind: Literal["crawl", "warc", "html_dir"] = "crawl"
    crawler: CrawlerConfig = CrawlerConfig()
    parallel: ParallelConfig = ParallelConfig()
    warc: WarcSourceConfig = WarcSourceConfig()
    html_dir: HtmlDirSourceConfig = HtmlDirSourceConfig()


class StorageConfig(_Section):
    data_root: str = "./data"


class CheckpointConfig(_Section):
    every_pages: int = Field(50, ge=1, description="crawler checkpoints its state every N stored pages")


class ProgressConfig(_Section):
    log_every_pages: int = Field(25, ge=1)


class SensorsConfig(_Section):
    inbox_dir: str = "./inbox"
    max_new_sessions_per_tick: int = Field(10, ge=1)


class NsfwTrainingFile(_Section):
    """A user-supplied labelled file (JSONL, CSV or Parquet) added to the team's seed set."""

    path: str
    text_field: str = "text"
    label_field: str = "label"
    lang_field: str | None = Field(None, description="default: language identified from the text")


class NsfwConfig(_Section):
    """NSFW detection: data collected to teach models to detect and refuse, never to generate."""

    enabled: bool = True
    backend: Literal["sklearn", "embedding", "transformers"] = "sklearn"
    model_version: str = Field("latest", description="a trained version under <data_root>/models/nsfw")
    model_path: str | None = Field(None, description="transformers: a local Hugging Face model folder")
    threshold: float = Field(0.5, ge=0, le=1)
    realtime: bool = Field(True, description="score each page as the crawler extracts it")
    on_detect: Literal["label_only", "deprioritise_host", "stop_following_links"] = "label_only"
    host_share_threshold: float = Field(0.5, ge=0, le=1, description="a host's NSFW share that deprioritises it")
    host_min_pages: int = Field(5, ge=1, description="pages seen before a host's share counts")
    heldout_fraction: float = Field(0.2, gt=0, lt=1)
    training_files: list[NsfwTrainingFile] = Field(default_factory=list)


class CleansingConfig(_Section):
    """Normalisation, language, quality rules, PII redaction and dedup for `cleansed_text`."""

    languages: list[str] = Field(default_factory=lambda: ["ja", "en"])
    min_language_score: float = Field(0.5, ge=0, le=1, description="py3langid probability to trust a language")
    max_line_repeats: int = Field(2, ge=1, description="a line seen more often in one page is boilerplate")
    quality_rules: bool = True
    redact_pii: bool = True
    dedup_threshold: float = Field(0.7, gt=0, le=1, description="estimated Jaccard that makes a near-duplicate")
    dedup_bands: int = Field(28, ge=1, description="LSH bands; bands x rows hashes in all")
    dedup_rows: int = Field(4, ge=1)
    batch_size: int = Field(500, ge=1, description="documents per batch (memory and cross-session lookups)")


class MlflowConfig(_Section):
    enabled: bool = True
    tracking_uri: str | None = Field(None, description="default: an SQLite store under data_root")


class WandbConfig(_Section):
    mode: Literal["online", "offline", "disabled"] = "offline"
    project: str = "so8t"


class TensorboardConfig(_Section):
    enabled: bool = True
    log_dir: str | None = Field(None, description="default: <data_root>/tensorboard")


class MlopsConfig(_Section):
    mlflow: MlflowConfig = MlflowConfig()
    wandb: WandbConfig = WandbConfig()
    tensorboard: TensorboardConfig = TensorboardConfig()


class Settings(_Section):
    storage: StorageConfig = StorageConfig()
    data_sources: DataSourcesConfig = DataSourcesConfig()
    nsfw_detection: NsfwConfig = NsfwConfig()
    cleansing: CleansingConfig = CleansingConfig()
    four_class: FourClassConfig = FourClassConfig()
    thinking: ThinkingConfig = ThinkingConfig()
    mlops: MlopsConfig = MlopsConfig()
    checkpoints: CheckpointConfig = CheckpointConfig()
    progress: ProgressConfig = ProgressConfig()
    sensors: SensorsConfig = SensorsConfig()
    launcher: LauncherConfig = LauncherConfig()

    @field_validator("data_sources")
    @classmethod
    def _source_has_input(cls, v: DataSourcesConfig) -> DataSourcesConfig:
        if v.kind == "warc" and not v.warc.paths:
            raise ValueError("kind 'warc' needs data_sources.warc.paths")
        if v.kind == "html_dir" and not v.html_dir.path:
            raise ValueError("kind 'html_dir' needs data_sources.html_dir.path")
        return v

    def config_hash(self) -> str:
        return hash_config(self.model_dump(mode="json"))

    def data_root(self) -> Path:
        return Path(self.storage.data_root).expanduser().resolve()


def hash_config(data: dict[str, Any]) -> str:
    """SHA-256 of a config's canonical JSON: equal configs hash equally whatever the YAML layout.

    A session's manifest stores the dict it hashed, so the hash can be checked against the
    record even after later versions add settings with defaults.
    """
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _one_line(err: ValidationError, source: str) -> str:
    first = err.errors()[0]
    path = ".".join(str(p) for p in first["loc"]) or "<root>"
    msg = first["msg"]
    if first["type"] == "extra_forbidden":
        hint = did_you_mean(Settings, first["loc"], first.get("input"))
        msg = "unknown key" + (f"; did you mean {hint}?" if hint else "")
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{source}: {path}: {msg}{more}"


def settings_from_dict(data: dict[str, Any], source: str = "config") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as err:
        raise ConfigError(_one_line(err, source)) from None


def config_path_from_env() -> str | None:
    """The platform config file named by SO8T_CONFIG, if any: the one place that reads it."""
    return os.environ.get("SO8T_CONFIG") or None


def load_settings(path: str | Path | None = None) -> Settings:
    """Load and validate a YAML config; None gives the embedded defaults."""
    if path is None:
        return Settings()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{p}: not valid YAML{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: the top level must be a mapping of sections")
    return settings_from_dict(data, str(p))
