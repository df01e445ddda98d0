"""Figures as rows of a table: what was measured, its value, the target and whether it was met."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from tests.benchmarks.baselines import percentile


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    target: str = ""
    met: bool | None = None  # None: reported for reference, no target

    @property
    def verdict(self) -> str:
        return "" if self.met is None else ("yes" if self.met else "**no**")


@dataclass
class Section:
    title: str
    figures: list[Figure]
    notes: list[str]

    def markdown(self) -> str:
        rows = [
            f"### {self.title}",
            "",
            "| figure | value | target | met? |",
            "|---|---|---|---|",
        ]
        rows += [f"| {f.name} | {f.value} | {f.target} | {f.verdict} |" for f in self.figures]
        if self.notes:
            rows.append("")
            rows += [f"- {note}" for note in self.notes]
        return "\n".join(rows)


def ms(value: float) -> str:
    return f"{value:.2f} ms"


def summary(values: list[float]) -> tuple[float, float]:
    """(p50, p99) of a list of samples."""
    return statistics.median(values), percentile(values, 99)


def progress(message: str) -> None:
    print(f"  .. {message}", flush=True)
