"""Quadruple-thinking training records: `<think-task>`, `<think-safety>`, `<think-policy>`, `<final>`."""
