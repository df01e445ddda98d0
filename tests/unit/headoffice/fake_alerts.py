"""Alert facts and counts in memory (headoffice/store/alerts_repo.py's queries, as loops)."""

from __future__ import annotations

from headoffice.domain.alerts import NegativeLevel, PostedSession, WriteOffValues
from tests.unit.headoffice.fake_tables import Tables


class FakeAlerts:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def negative_levels(self, store_code: str = "") -> list[NegativeLevel]:
        return [
            NegativeLevel(store, sku, pos.qty_base, pos.avg_cost_minor)
            for (store, sku), pos in sorted(self._t.levels.items())
            if pos.qty_base < 0 and (not store_code or store == store_code)
        ]

    def posted_sessions(self, since_ms: int, store_code: str = "") -> list[PostedSession]:
        sums: dict[tuple[str, str], list[int]] = {}
        for r in self._t.count_results.values():
            if r.posted_at_ms < since_ms or (store_code and r.store_code != store_code):
                continue
            s = sums.setdefault((r.store_code, r.session_id), [0, 0, 0, 0, 0])
            s[0] = max(s[0], r.posted_at_ms)
            s[1] += 1
            s[2] += r.within_tolerance
            s[3] += min(r.value_minor, 0)
            s[4] += max(r.value_minor, 0)
        return [PostedSession(store, session, *v) for (store, session), v in sorted(sums.items())]

    def write_off_values(
        self, recent_since_ms: int, baseline_since_ms: int, until_ms: int, store_code: str = ""
    ) -> list[WriteOffValues]:
        sums: dict[str, list[int]] = {}
        for m in self._t.movements:
            if m.reason != "write_off" or not baseline_since_ms <= m.occurred_at_ms < until_ms:
                continue
            if store_code and m.store_code != store_code:
                continue
            s = sums.setdefault(m.store_code, [0, 0])
            s[0 if m.occurred_at_ms >= recent_since_ms else 1] += -m.qty_base * m.unit_cost_minor
        return [WriteOffValues(store, *v) for store, v in sorted(sums.items())]

    def replace_counts(self, counts: dict[tuple[str, str], int], now_ms: int) -> None:
        self._t.alert_counts = {key: (n, now_ms) for key, n in counts.items()}

    def counts(self) -> list[tuple[str, str, int, int]]:
        return [(s, k, n, at) for (s, k), (n, at) in sorted(self._t.alert_counts.items())]
