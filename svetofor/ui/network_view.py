"""Pure helpers of the network view: cytoscape elements for a position, a group or an
enterprise, read from the view's networkx graph (built once per data version), plus the
stylesheet and the details of a clicked node.

Items are coloured by their effective UNION status, enterprises by country; record edges are
styled by what the record says (existing production, modernisation, new capacity, nothing);
positions and producer edges named by a duplication warning carry the class ``warned``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from svetofor import palette
from svetofor.duplication import ENTERPRISE, RECORD, USED_IN, enterprise_node, item_node
from svetofor.model import SCOPES, effective_colour
from svetofor.ui.i18n import render, t

COUNTRY_COLOURS: dict[str, str] = {"BY": "#0072b2", "RU": "#cc79a7"}  # Okabe & Ito, apart from statuses
EDGE_KINDS: tuple[str, ...] = ("existing", "modernise", "new", "none")
LAYOUTS: tuple[str, ...] = ("cose", "breadthfirst", "concentric", "circle")
SHORT_LABELS_FROM = 15  # nodes; above it items are labelled by their code so labels do not pile up
# Nodes from which enterprise names are shown on selection only (and on zooming in): a large
# group's names would cover each other and the edges; a click names the node and its details.
QUIET_LABELS_FROM = 60


def edge_kind(data: dict) -> str:
    """What a record edge shows: planned new capacity and modernisation before existing
    production (an expansion is still a plan), and "none" for a row saying there is nothing."""
    if data.get("action") == "new":
        return "new"
    if data.get("action") == "modernise":
        return "modernise"
    if data.get("existing"):
        return "existing"
    return "none"


def _effective(view: Any, item_key: str) -> dict[str, str]:
    """Scope -> the colour the diagram shows (:func:`svetofor.model.effective_colour`)."""
    computed = view.statuses.get(item_key, {})
    return {s: effective_colour(computed.get(s), view.overrides.get((item_key, s))) for s in SCOPES}


def _warned(view: Any) -> tuple[set[str], set[tuple[str, str]]]:
    """Items with a warning, and (enterprise key, item key) pairs a warning names."""
    items: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for w in view.warnings:
        if w.item is None:
            continue
        items.add(w.item)
        pairs.update((ek, w.item) for ek in w.enterprise_keys)
    return items, pairs


def _item_element(view: Any, key: str, warned: set[str], focus: bool) -> dict:
    item = view.dataset.items.get(key)
    colours = _effective(view, key)
    classes = ["item", f"st-{colours['UNION']}"]
    if key in warned:
        classes.append("warned")
    if focus:
        classes.append("focus")
    name = item.name if item is not None else key
    code = item.code if item is not None else None
    return {
        "data": {
            "id": item_node(key),
            "label": f"{code} {name}" if code else name,
            "short": code or name,
            "name": name,
            "type": "item",
            "key": key,
            "status": colours["UNION"],
            "BY": colours["BY"],
            "RU": colours["RU"],
            "letter": palette.letter(colours["UNION"]),
        },
        "classes": " ".join(classes),
    }


def _enterprise_element(g: Any, node: str, focus: bool, lang: str) -> dict:
    attrs = g.nodes[node]
    country = attrs.get("country") or ""
    name = attrs.get("name") or t("network.anonymous", lang)
    classes = ["enterprise", f"c-{country}"]
    if attrs.get("key") is None:
        classes.append("anonymous")
    if focus:
        classes.append("focus")
    return {
        "data": {
            "id": node,
            "label": f"{name} ({t(f'scope.{country}', lang) if country in SCOPES else country})",
            "type": "enterprise",
            "key": attrs.get("key") or "",
            "country": country,
            "tax_id": attrs.get("tax_id") or "",
        },
        "classes": " ".join(classes),
    }


def elements_for(
    view: Any,
    *,
    item: str | None = None,
    group: str | None = None,
    enterprise: str | None = None,
    lang: str = "ru",
) -> list[dict]:
    """Cytoscape elements (nodes first, then edges) around one position, one group, or one
    enterprise; empty when the focus is unknown.

    - a position: it, every producer with a record on it, and the machines/components it is
      linked to by ``used_in``;
    - a group: its positions and their producers (and the ``used_in`` links between them);
    - an enterprise: it, its positions, and the other producers of those positions (where the
      duplication would be).
    """
    g = view.graph
    if g is None:
        return []
    if enterprise is not None:
        enterprise = view.merges.get(enterprise, enterprise)  # a merged key shows the survivor
    focus_items: list[str]
    extra_items: list[str] = []
    if item is not None:
        if item_node(item) not in g:
            return []
        focus_items = [item]
        for node in (*g.predecessors(item_node(item)), *g.successors(item_node(item))):
            attrs = g.nodes[node]
            if attrs.get("type") == "item" and attrs["key"] not in extra_items:
                extra_items.append(attrs["key"])
    elif group is not None:
        focus_items = [k for k, it in view.dataset.items.items() if (it.group or "") == group]
        if not focus_items:
            return []
    elif enterprise is not None:
        node = enterprise_node(enterprise)
        if node not in g:
            return []
        focus_items = list(dict.fromkeys(g.nodes[n]["key"] for n in g.successors(node)))
    else:
        return []

    warned_items, warned_pairs = _warned(view)
    items_shown = dict.fromkeys([*focus_items, *extra_items])
    nodes: dict[str, dict] = {}
    for key in items_shown:
        nodes[item_node(key)] = _item_element(view, key, warned_items, focus=item is not None and key == item)
    edges: list[dict] = []
    for key in focus_items:
        target = item_node(key)
        for source, _target, n, data in g.in_edges(target, keys=True, data=True):
            if data.get("type") != RECORD:
                continue
            if g.nodes[source].get("type") != ENTERPRISE:
                continue
            if source not in nodes:
                focus = enterprise is not None and g.nodes[source].get("key") == enterprise
                nodes[source] = _enterprise_element(g, source, focus, lang)
            kind = edge_kind(data)
            classes = [kind]
            if (data.get("enterprise"), key) in warned_pairs:
                classes.append("warned")
            edges.append(
                {
                    "data": {
                        "id": f"{source}>{target}#{n}",
                        "source": source,
                        "target": target,
                        "kind": kind,
                        "capacity": data.get("capacity"),
                        "launch_year": data.get("launch_year"),
                    },
                    "classes": " ".join(classes),
                }
            )
    if len(nodes) > SHORT_LABELS_FROM:  # a whole group: codes only, the name is one click away
        for node in nodes.values():
            if node["data"]["type"] == "item":
                node["data"]["label"] = node["data"]["short"]
    if len(nodes) >= QUIET_LABELS_FROM:
        for node in nodes.values():
            if node["data"]["type"] == "enterprise" and "focus" not in node["classes"].split():
                node["classes"] += " quiet"
    shown = set(nodes)
    for c, m, n, data in g.edges(list(shown), keys=True, data=True):
        if data.get("type") == USED_IN and m in shown:
            edges.append(
                {
                    "data": {"id": f"{c}>{m}#u{n}", "source": c, "target": m, "kind": "used_in"},
                    "classes": "used_in",
                }
            )
    return [*nodes.values(), *edges]


def counts(elements: Iterable[dict]) -> dict[str, int]:
    """Nodes and edges by type, for the page's caption and the tests."""
    out = {"items": 0, "enterprises": 0, "edges": 0, "warned": 0}
    for el in elements:
        data = el["data"]
        if "source" in data:
            out["edges"] += 1
        else:
            out["items" if data["type"] == "item" else "enterprises"] += 1
        if "warned" in el.get("classes", "").split():
            out["warned"] += 1
    return out


def stylesheet() -> list[dict]:
    """Status fills from the shared palette; country colours on enterprises; dashed modernise,
    dotted plans; warnings in a thick dark-orange outline (never colour alone: also the width)."""
    style: list[dict] = [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": 9,
                "text-wrap": "ellipsis",
                "text-max-width": 110,
                "text-valign": "bottom",
                "text-margin-y": 3,
                # a label over an edge stays legible; zoomed far out labels give way to shapes
                "text-background-color": "#ffffff",
                "text-background-opacity": 0.85,
                "text-background-padding": 1,
                "min-zoomed-font-size": 5,
            },
        },
        {"selector": "node.quiet", "style": {"label": ""}},
        {"selector": "node.quiet:selected", "style": {"label": "data(label)", "z-index": 10}},
        {"selector": ".item", "style": {"shape": "round-rectangle", "width": 26, "height": 26}},
        {"selector": ".enterprise", "style": {"shape": "ellipse", "width": 18, "height": 18}},
        {"selector": ".anonymous", "style": {"shape": "diamond", "background-opacity": 0.5}},
        {"selector": ".focus", "style": {"width": 38, "height": 38, "font-weight": "bold"}},
        {
            "selector": "edge",
            "style": {
                "width": 2,
                "curve-style": "bezier",
                "target-arrow-shape": "triangle",
                "arrow-scale": 0.7,
                "line-color": "#555",
                "target-arrow-color": "#555",
            },
        },
        {"selector": ".existing", "style": {"line-style": "solid", "line-color": palette.FILL["green"]}},
        {"selector": ".modernise", "style": {"line-style": "dashed", "line-color": "#b59f00"}},
        {"selector": ".new", "style": {"line-style": "dotted", "width": 3, "line-color": "#0072b2"}},
        {"selector": ".none", "style": {"line-style": "dashed", "line-color": "#bbbbbb", "width": 1}},
        {"selector": ".used_in", "style": {"line-color": "#999", "width": 1, "line-style": "solid"}},
        {
            "selector": "node.warned",
            "style": {"border-width": 4, "border-color": "#8a4b00", "border-style": "double"},
        },
        {"selector": "edge.warned", "style": {"width": 4, "target-arrow-color": "#8a4b00"}},
        {"selector": ":selected", "style": {"overlay-opacity": 0.2, "overlay-color": "#000"}},
    ]
    for colour, fill in palette.FILL.items():
        style.append({"selector": f".st-{colour}", "style": {"background-color": fill}})
    for country, fill in COUNTRY_COLOURS.items():
        style.append({"selector": f".c-{country}", "style": {"background-color": fill}})
    return style


def node_count(elements: Iterable[dict]) -> int:
    return sum(1 for el in elements if "source" not in el["data"])


def layout_for(name: str | None, n_nodes: int) -> dict:
    """A layout that stays readable: cose spreads a group; breadthfirst suits one position.

    cose's repulsion and edge length grow with the node count (a fixed pair packs a group of
    fifty into a knot), and labels count in the node sizes so they are kept apart too."""
    name = name if name in LAYOUTS else ("breadthfirst" if n_nodes <= 12 else "cose")
    layout: dict[str, Any] = {"name": name, "animate": False, "fit": True, "padding": 20}
    if name == "cose":
        scale = max(1.0, n_nodes / 20)
        layout.update(
            {
                "nodeRepulsion": round(40000 * scale),
                "idealEdgeLength": round(70 * scale**0.25),
                "nodeOverlap": 30,
                "componentSpacing": 40,
                "nodeDimensionsIncludeLabels": True,
                "gravity": 0.5,
                "numIter": 2500,
                "randomize": False,
            }
        )
    if name == "breadthfirst":
        layout.update({"directed": True, "spacingFactor": 1.2})
    return layout


def node_details(view: Any, data: dict | None, lang: str) -> dict[str, Any] | None:
    """Plain facts about a clicked node for the details panel, or None for nothing/unknown."""
    if not data or "type" not in data:
        return None
    if data["type"] == "item":
        key = data["key"]
        item = view.dataset.items.get(key)
        if item is None:
            return None
        colours = _effective(view, key)
        warnings = [w for w in view.warnings if w.item == key]
        producers = sorted(
            {
                view.dataset.enterprises[r.enterprise_key].name
                for r in view.dataset.records
                if r.item_key == key and r.enterprise_key in view.dataset.enterprises
            }
        )
        return {
            "type": "item",
            "key": key,
            "title": item.name,
            "code": item.code or "",
            "group": item.group or "",
            "colours": colours,
            "producers": producers,
            "warnings": [render(w.rule, lang) for w in warnings],
        }
    key = data.get("key") or ""
    ent = view.dataset.enterprises.get(key)
    if ent is None:
        return {"type": "enterprise", "key": "", "title": data.get("label", ""), "items": []}
    items = list(
        dict.fromkeys(
            view.dataset.items[r.item_key].name
            for r in view.dataset.records
            if r.enterprise_key == key and r.item_key in view.dataset.items
        )
    )
    return {
        "type": "enterprise",
        "key": key,
        "title": ent.name,
        "country": ent.country,
        "tax_id": ent.tax_id or "",
        "items": items,
    }


__all__ = [
    "EDGE_KINDS",
    "LAYOUTS",
    "counts",
    "edge_kind",
    "elements_for",
    "layout_for",
    "node_count",
    "node_details",
    "stylesheet",
]
