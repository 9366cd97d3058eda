"""The checks `thinking_datasets` runs over every record before the partition appears:
`records_valid` (the four parts once each, in order, non-empty; `<final>` agrees with the
label; the language matches; no invented personal data), `public_view_has_no_thinking`
and `audit_hashes_recompute`.

Kept Dagster-free and streaming: feed batches, read the tallies at the end.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from so8t_assets.steps.thinking.record import RecordFormatError, parse_parts, public_view, thinking_sha256
from so8t_assets.steps.thinking.validate import check_record


@dataclass
class RecordChecks:
    records: int = 0
    invalid: int = 0
    public_leaks: int = 0
    audit_mismatches: int = 0
    examples: list[str] = field(default_factory=list)

    def feed(self, records: list[dict], audit: dict[str, str], documents: dict[str, str]) -> None:
        """records as stored (messages as JSON text); audit: record_id -> stored SHA-256;
        documents: doc_id -> cleansed text (for the label, language and personal-data checks)."""
        for r in records:
            self.records += 1
            messages = json.loads(r["messages"]) if isinstance(r["messages"], str) else r["messages"]
            problems = check_record(messages[-1]["content"], r["four_class"], r["lang"], documents[r["doc_id"]])
            if problems:
                self._fail("invalid", f"{r['record_id']}: {problems[0]}")
            try:
                parts = parse_parts(messages[-1]["content"])
            except RecordFormatError:
                continue
            if "<think" in json.dumps(public_view(r), ensure_ascii=False):
                self._fail("public_leaks", f"{r['record_id']}: thinking text in the public view")
            if audit.get(r["record_id"]) != thinking_sha256(parts):
                self._fail("audit_mismatches", f"{r['record_id']}: audit hash does not recompute")

    def _fail(self, counter: str, example: str) -> None:
        setattr(self, counter, getattr(self, counter) + 1)
        if len(self.examples) < 5:
            self.examples.append(example)

    def results(self) -> dict[str, tuple[bool, dict]]:
        """check name -> (passed, metadata)."""
        return {
            "records_valid": (self.invalid == 0, {"records": self.records, "invalid": self.invalid}),
            "public_view_has_no_thinking": (self.public_leaks == 0, {"leaks": self.public_leaks}),
            "audit_hashes_recompute": (self.audit_mismatches == 0, {"mismatches": self.audit_mismatches}),
        }
