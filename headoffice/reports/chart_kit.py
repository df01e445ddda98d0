"""What every report's chart and page share: the matplotlib style with the CJK font, the
PNG bytes, and the self-contained HTML page (escaped text, the PNG inlined, no script).

accuracy_chart.py and report_chart.py draw with these; a new report's chart should too.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common.i18n import current_language
from common.text_safety import printable

DPI = 110

STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0 2em}"
    "th,td{border:1px solid #bbb;padding:.3em .6em}th{background:#eee;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%}"
)


@contextmanager
def chart_style(cjk: Path | None) -> Iterator[None]:
    """matplotlib's settings for a report chart, with the CJK font first when there is one."""
    # Imported here: matplotlib takes ~0.5 s to load, and only reports need it.
    from matplotlib import font_manager, rc_context

    families = ["DejaVu Sans"]
    if cjk is not None:
        manager = font_manager.fontManager
        if not any(entry.fname == str(cjk) for entry in manager.ttflist):  # once a process
            manager.addfont(str(cjk))
        families.insert(0, font_manager.FontProperties(fname=str(cjk)).get_name())
    style: dict[Any, Any] = {
        "font.family": "sans-serif",
        "font.sans-serif": families,
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
    }
    with rc_context(style):
        yield


def new_figure(size_in: tuple[float, float]) -> Any:
    """A figure on the Agg renderer of its own: no global backend is set."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size_in, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png_of(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def rendered(
    report: Any, png: bool, html: bool, draw: Callable[[Any], bytes], page_of: Callable[..., str]
) -> tuple[bytes, str]:
    """The chart and the page a request asked for: the chart drawn once, inlined in the page."""
    chart = draw(report) if png or html else b""
    return (chart if png else b""), (page_of(report, png=chart) if html else "")


def escaped(text: object) -> str:
    return html.escape(printable(str(text)), quote=True)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int) -> str:
    head = "".join(f"<th>{escaped(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{escaped(c)}</td>' if i >= numeric_from else f"<td>{escaped(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def heading(text: str) -> str:
    return f"<h2>{escaped(text)}</h2>"


def page(title: str, note: str, png: bytes, sections: Sequence[str]) -> str:
    """One HTML page to mail or open from a USB stick: the chart inlined, then `sections`
    (already-escaped HTML from html_table and heading)."""
    encoded = base64.b64encode(png).decode("ascii")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escaped(current_language().replace("_", "-"))}">',
        '<head><meta charset="utf-8">',
        f"<title>{escaped(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escaped(title)}</h1>",
        f"<p>{escaped(note)}</p>",
        f'<img alt="{escaped(title)}" src="data:image/png;base64,{encoded}">',
        *sections,
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
