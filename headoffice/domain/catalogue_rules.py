"""Catalogue rules beyond one product line: kinds, packs, components, the category tree.

A product is `goods` (stocked itself), a `service` (its consumables leave the
shelf when it is sold: a car wash uses 50 ml of shampoo) or a `bundle` (its
components leave the shelf). A pack (`case=24`) is a whole number of base
units with its own barcode. A bundle or service may contain another bundle,
never itself, directly or through another one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from common.domain.limits import check_qty
from common.errors import InvalidInput
from common.i18n import _

KINDS = ("goods", "service", "bundle")
MAX_PACK_NAME = 32


@dataclass(frozen=True, slots=True)
class Pack:
    name: str
    qty_base: int
    barcode: str = ""


def _qty_problem(field: str, qty: int) -> str | None:
    """The range policy's sentence for a pack or component quantity beyond one line's limit."""
    try:
        check_qty(field, qty)
    except InvalidInput as exc:
        return str(exc)
    return None


def parse_packs(cell: str) -> tuple[list[Pack], list[str]]:
    """`case=24:06901234567892|tray=6` -> packs, and a sentence per bad pack."""
    packs: list[Pack] = []
    problems: list[str] = []
    seen: set[str] = set()
    for raw in (part.strip() for part in cell.split("|") if part.strip()):
        name, eq, rest = raw.partition("=")
        name = name.strip()
        qty_text, _colon, barcode = rest.partition(":")
        qty_text, barcode = qty_text.strip(), barcode.strip()
        if not eq or not name or len(name) > MAX_PACK_NAME or " " in name:
            problems.append(
                _("pack {pack} must read name=quantity, e.g. case=24").format(pack=repr(raw))
            )
            continue
        if not (qty_text.isascii() and qty_text.isdigit()) or int(qty_text) < 1:
            problems.append(
                _("pack {pack} must be a positive whole number of base units, got {text}").format(
                    pack=name, text=repr(qty_text)
                )
            )
            continue
        problem = _qty_problem(_("pack {pack}").format(pack=name), int(qty_text))
        if problem:
            problems.append(problem)
            continue
        if name in seen:
            problems.append(_("pack {pack} is listed twice").format(pack=name))
            continue
        seen.add(name)
        packs.append(Pack(name, int(qty_text), barcode))
    return packs, problems


def format_packs(packs: Iterable[Pack]) -> str:
    return "|".join(
        f"{p.name}={p.qty_base}" + (f":{p.barcode}" if p.barcode else "")
        for p in sorted(packs, key=lambda p: p.name)
    )


def parse_components(cell: str) -> tuple[list[tuple[str, int]], list[str]]:
    """`SHAMPOO=50|TOWEL=1` -> (sku, qty_base per unit sold), and a sentence per bad part."""
    components: list[tuple[str, int]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for raw in (part.strip() for part in cell.split("|") if part.strip()):
        sku, eq, qty_text = (s.strip() for s in raw.partition("="))
        if not eq or not sku:
            problems.append(
                _("component {component} must read SKU=quantity, e.g. SHAMPOO=50").format(
                    component=repr(raw)
                )
            )
            continue
        if not (qty_text.isascii() and qty_text.isdigit()) or int(qty_text) < 1:
            problems.append(
                _(
                    "component {sku} must be a positive whole number of base units, got {text}"
                ).format(sku=sku, text=repr(qty_text))
            )
            continue
        problem = _qty_problem(_("component {sku}").format(sku=sku), int(qty_text))
        if problem:
            problems.append(problem)
            continue
        if sku in seen:
            problems.append(_("component {sku} is listed twice").format(sku=sku))
            continue
        seen.add(sku)
        components.append((sku, int(qty_text)))
    return components, problems


def format_components(components: Iterable[tuple[str, int]]) -> str:
    return "|".join(f"{sku}={qty}" for sku, qty in sorted(components))


def kind_problems(sku: str, kind: str, components: list[tuple[str, int]]) -> list[str]:
    if kind not in KINDS:
        return [
            _("kind {kind} of SKU {sku} is not one of {kinds}").format(
                kind=repr(kind), sku=sku, kinds=", ".join(KINDS)
            )
        ]
    if kind == "goods" and components:
        return [_("SKU {sku} is goods; only a bundle or a service has components").format(sku=sku)]
    if kind == "bundle" and not components:
        return [_("bundle {sku} lists no components").format(sku=sku)]
    return []


def cycle_through(sku: str, graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """The path by which sku contains itself (sku, ..., sku), or None."""
    stack: list[tuple[str, list[str]]] = [(child, [sku, child]) for child in graph.get(sku, ())]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        if node == sku:
            return path
        if node in seen:
            continue
        seen.add(node)
        stack.extend((child, [*path, child]) for child in graph.get(node, ()))
    return None


def containment_sentence(kind: str, path: list[str]) -> str:
    """'bundle X contains itself [through X -> Y -> X]': one sentence per kind that can."""
    if len(path) == 2:
        if kind == "service":
            sentence = _("service {sku} contains itself")
        else:
            sentence = _("bundle {sku} contains itself")
    elif kind == "service":
        sentence = _("service {sku} contains itself through {path}")
    else:
        sentence = _("bundle {sku} contains itself through {path}")
    return sentence.format(sku=path[0], path=" -> ".join(path))


@dataclass(frozen=True, slots=True)
class CategoryNode:
    path: str
    depth: int
    product_count: int  # products in this category and every category under it


def category_tree(categories: Mapping[str, int]) -> list[CategoryNode]:
    """Every node of the tree the product category paths spell (`drinks/soft`), in order."""
    totals: dict[str, int] = {}
    for category, count in categories.items():
        parts = [p for p in category.split("/") if p]
        for depth in range(1, len(parts) + 1):
            node = "/".join(parts[:depth])
            totals[node] = totals.get(node, 0) + count
    return [
        CategoryNode(path, path.count("/"), totals[path])
        for path in sorted(totals, key=lambda p: p.split("/"))
    ]
