"""The accuracy report (headoffice.domain.accuracy) as CountAccuracyReply, and back."""

from __future__ import annotations

from common.domain.stocktake import CLASSES, Accuracy
from common.pb.storeledger.v1 import count_admin_pb2
from headoffice.domain.accuracy import AccuracyReport, Figures, Loss


def _losses(losses: tuple[Loss, ...]) -> list[count_admin_pb2.AccuracyLoss]:
    return [count_admin_pb2.AccuracyLoss(key=x.key, loss_minor=x.loss_minor, counts=x.counts)
            for x in losses]  # fmt: skip


def figures_message(f: Figures) -> count_admin_pb2.AccuracyFigures:
    return count_admin_pb2.AccuracyFigures(
        store_code=f.store_code,
        period=f.period,
        counted=f.accuracy.counted,
        within=f.accuracy.within,
        classes=[
            count_admin_pb2.AccuracyClass(abc_class=c, counted=n, within=w)
            for c, (n, w) in sorted(f.accuracy.by_class.items())
        ],
        loss_minor=f.loss_minor,
        gain_minor=f.gain_minor,
        has_sales=f.sales_minor is not None,
        sales_minor=f.sales_minor or 0,
        top_skus=_losses(f.top_skus),
        top_categories=_losses(f.top_categories),
    )


def accuracy_message(
    report: AccuracyReport, since_ms: int, utc_offset_minutes: int, png: bytes, html: str
) -> count_admin_pb2.CountAccuracyReply:
    return count_admin_pb2.CountAccuracyReply(
        by=report.bucket,
        since_ms=since_ms,
        utc_offset_minutes=utc_offset_minutes,
        chain=figures_message(report.chain),
        stores=[figures_message(f) for f in report.stores],
        periods=[figures_message(f) for f in report.periods],
        png=png,
        html=html,
    )


def figures_of(m: count_admin_pb2.AccuracyFigures) -> Figures:
    """The figures a reply carries, as the domain's (hoctl works out the shares from them)."""
    by_class = {c: (0, 0) for c in CLASSES}
    by_class.update({x.abc_class: (x.counted, x.within) for x in m.classes})
    return Figures(
        store_code=m.store_code,
        period=m.period,
        accuracy=Accuracy(m.counted, m.within, by_class),
        loss_minor=m.loss_minor,
        gain_minor=m.gain_minor,
        sales_minor=m.sales_minor if m.has_sales else None,
        top_skus=tuple(Loss(x.key, x.loss_minor, x.counts) for x in m.top_skus),
        top_categories=tuple(Loss(x.key, x.loss_minor, x.counts) for x in m.top_categories),
    )


def report_of(m: count_admin_pb2.CountAccuracyReply) -> AccuracyReport:
    return AccuracyReport(
        bucket=m.by,
        chain=figures_of(m.chain),
        stores=tuple(figures_of(f) for f in m.stores),
        periods=tuple(figures_of(f) for f in m.periods),
    )
