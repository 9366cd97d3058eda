"""The `launcher` config section: what `so8t start` runs and how it retries.

Each configured session is created on the first `so8t start` (seeds from the list or a seed
file) and taken as it is on later ones, so the config can be re-run to resume.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from so8t_resources.sessions import check_session_id


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LaunchSession(_Section):
    id: str
    seeds: list[str] = []             # seed URLs (crawl sessions)
    seeds_file: str | None = None     # or a file of them, one per line

    @field_validator("id")
    @classmethod
    def _valid_id(cls, v: str) -> str:
        return check_session_id(v)

    @model_validator(mode="after")
    def _one_seed_source(self) -> LaunchSession:
        if self.seeds and self.seeds_file:
            raise ValueError("give seeds or seeds_file, not both")
        return self


class LauncherConfig(_Section):
    sessions: list[LaunchSession] = []
    log_file: str = "./logs/production_pipeline.log"
    max_concurrent_steps: int = Field(2, ge=1, description="steps run at once by the multiprocess executor")
    run_retries: int = Field(2, ge=0, description="re-executions from the failure after a failed run")
    retry_backoff_s: float = Field(10.0, ge=0, description="wait before the first run retry; doubles each time")

    @field_validator("sessions")
    @classmethod
    def _unique_ids(cls, v: list[LaunchSession]) -> list[LaunchSession]:
        ids = [s.id for s in v]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"session IDs listed twice: {', '.join(dupes)}")
        return v
