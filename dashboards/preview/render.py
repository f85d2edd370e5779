#!/usr/bin/env python3
"""Pictures of the dashboards for the README, without Kibana: each panel's query and aggregations (read from the
saved objects) evaluated over a replay's output files, which hold the same documents the live job indexes, and drawn
as SVG in the dashboard's grid.

usage: dashboards/preview/render.py --replay OUT_DIR [--plan PLAN_DIR] [--output DIR]

OUT_DIR is `creditwatch replay`'s output; PLAN_DIR a `creditwatch plan --from-replay` output (its plan.jsonl is
cw-spot-check-plans; without it the plan panels are empty). The dashboards' time range (now-2y .. now) is taken
relative to the replay's as-of. Only the query and aggregation forms the saved objects use are evaluated.
"""
import argparse
import datetime as dt
import html
import json
import os
import re
import sys
from collections import Counter, OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
DASHBOARDS = os.path.dirname(HERE)
PALETTE = ["#54B399", "#6092C0", "#D36086", "#9170B8", "#CA8EAE", "#D6BF57", "#B9A888", "#DA8B45", "#AA6556",
           "#E7664C"]
COL, ROW = 25, 20  # pixels per grid column (48 across) and per grid row


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_time(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def load_indices(replay, plan):
    history = read_lines(os.path.join(replay, "assessments.jsonl"))
    latest = {}
    for a in history:
        if a["creditCode"] not in latest or a["sequence"] >= latest[a["creditCode"]]["sequence"]:
            latest[a["creditCode"]] = a
    with open(os.path.join(replay, "summary.json"), encoding="utf-8") as f:
        as_of = parse_time(json.load(f)["asOf"])
    plans = read_lines(os.path.join(plan, "plan.jsonl")) if plan else []
    for p in plans:
        p.setdefault("plannedAt", as_of.isoformat())
    return as_of, {
        "cw-enterprise-risk*": list(latest.values()),
        "cw-risk-history*": history,
        "cw-warnings*": read_lines(os.path.join(replay, "warnings.jsonl")),
        "cw-rejects*": read_lines(os.path.join(replay, "rejects.jsonl")),
        "cw-inspection-outcomes*": read_lines(os.path.join(replay, "outcomes.jsonl")),
        "cw-spot-check-plans*": plans,
    }


def load_objects():
    objects = {}
    for name in sorted(os.listdir(DASHBOARDS)):
        if name.endswith(".ndjson"):
            with open(os.path.join(DASHBOARDS, name), encoding="utf-8") as f:
                for line in f:
                    o = json.loads(line)
                    objects[(o["type"], o["id"])] = o
    return objects


def ref(obj, name):
    return next(r["id"] for r in obj["references"] if r["name"] == name)


def values(doc, field):
    """A field's values in a document, following arrays and dotted paths (nested contributions)."""
    current = [doc]
    for part in field.split("."):
        nxt = []
        for c in current:
            v = c.get(part) if isinstance(c, dict) else None
            nxt.extend(v if isinstance(v, list) else [] if v is None else [v])
        current = nxt
    return current


def key_text(v):
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


def bucket_key(agg, value):
    if agg["type"] == "date_histogram":
        t = parse_time(value)
        if agg["params"]["interval"] == "w":
            t = t - dt.timedelta(days=t.weekday())
        return t.strftime("%Y-%m-%d")
    return key_text(value)


def metric(agg, docs):
    if agg["type"] == "count":
        return len(docs)
    vals = [v for d in docs for v in values(d, agg["params"]["field"])]
    if agg["type"] == "cardinality":
        return len(set(vals))
    if agg["type"] == "max":
        return max(vals) if vals else None
    raise ValueError("metric " + agg["type"])


def buckets(agg, docs, metric_aggs):
    groups = OrderedDict()
    for d in docs:
        vs = values(d, agg["params"]["field"])
        if not vs and agg["params"].get("missingBucket"):
            vs = ["—"]
        for v in vs:
            groups.setdefault(bucket_key(agg, v), []).append(d)
    items = list(groups.items())
    p = agg["params"]
    if agg["type"] == "date_histogram" or p.get("orderBy") == "_key":
        items.sort(key=lambda kv: kv[0], reverse=p.get("order") == "desc")
    else:
        order_agg = next((m for m in metric_aggs if m["id"] == p.get("orderBy")), None)
        score = (lambda kv: metric(order_agg, kv[1])) if order_agg else (lambda kv: len(kv[1]))
        items.sort(key=lambda kv: (score(kv) is not None, score(kv)), reverse=True)
        items = items[:p.get("size", 10)]
    return items


def panel_docs(obj, indices, time_from, as_of, extra):
    search = json.loads(obj["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
    view = OBJECTS[("index-pattern", ref(obj, search["indexRefName"]))]["attributes"]
    docs = indices.get(view["title"], [])
    for term in filter(None, re.split(r"\s+and\s+", search["query"]["query"])):
        field, value = re.fullmatch(r'\s*([\w.]+)\s*:\s*"([^"]*)"\s*', term).groups()
        docs = [d for d in docs if value in map(key_text, values(d, field))]
    if view.get("timeFieldName"):
        tf = view["timeFieldName"]
        docs = [d for d in docs if d.get(tf) and time_from <= parse_time(d[tf]) <= as_of]
    if extra:
        docs = [d for d in docs if d.get("creditCode") == extra]
    return docs


# ---------------------------------------------------------------- drawing
def text(x, y, s, size=11, anchor="start", weight="normal", fill="#343741"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}">{html.escape(str(s))}</text>')


def color_for(key, colors, order):
    if key in colors:
        return colors[key]
    if key not in order:
        order.append(key)
    return PALETTE[order.index(key) % len(PALETTE)]


def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, bool):
        return key_text(v)
    if isinstance(v, float):
        return f"{v:.1f}"
    if isinstance(v, str) and re.match(r"\d{4}-\d\d-\d\dT", v):
        return v[:16].replace("T", " ")
    return str(v)


def draw_pie(x, y, w, h, items, colors):
    import math
    total = sum(v for _, v in items) or 1
    cx, cy, r = x + min(w, h) / 2, y + h / 2, min(w, h) / 2 - 8
    out, angle, order = [], -math.pi / 2, []
    for key, v in items:
        a2 = angle + 2 * math.pi * v / total
        large = 1 if a2 - angle > math.pi else 0
        x1, y1, x2, y2 = cx + r * math.cos(angle), cy + r * math.sin(angle), cx + r * math.cos(a2), cy + r * math.sin(a2)
        if v == total:
            out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{color_for(key, colors, order)}"/>')
        else:
            out.append(f'<path d="M{cx},{cy} L{x1:.1f},{y1:.1f} A{r},{r} 0 {large} 1 {x2:.1f},{y2:.1f} Z" '
                       f'fill="{color_for(key, colors, order)}"/>')
        angle = a2
    out.append(f'<circle cx="{cx}" cy="{cy}" r="{r * 0.55:.1f}" fill="white"/>')
    out.append(text(cx, cy + 5, total, 16, "middle", "bold"))
    for i, (key, v) in enumerate(items):
        ly = y + 14 + i * 18
        out.append(f'<rect x="{x + min(w, h) + 10}" y="{ly - 10}" width="12" height="12" '
                   f'fill="{color_for(key, colors, order)}"/>')
        out.append(text(x + min(w, h) + 28, ly, f"{key}  {v} ({100 * v / total:.1f} %)"))
    return out


def draw_xy(x, y, w, h, series, xs, chart, percentage, colors, y_label):
    """series: key -> {x: value}."""
    out, order = [], []
    legend_w = 150 if len(series) > 1 or list(series) != [""] else 0
    pw, ph = w - 40 - legend_w, h - 30
    px, py = x + 35, y + 5
    stacks = defaultdict(float)
    totals = {xv: sum(s.get(xv, 0) or 0 for s in series.values()) for xv in xs}
    top = 100.0 if percentage else max(
        [totals[xv] for xv in xs] if chart == "histogram" else [v or 0 for s in series.values() for v in s.values()],
        default=1) or 1
    out.append(f'<line x1="{px}" y1="{py + ph}" x2="{px + pw}" y2="{py + ph}" stroke="#98A2B3"/>')
    out.append(text(px - 4, py + 8, f"{top:.0f}{' %' if percentage else ''}", 9, "end"))
    out.append(text(px - 4, py + ph, "0", 9, "end"))
    out.append(text(px, py + ph + 22, y_label, 9, fill="#69707D"))
    n = max(len(xs), 1)
    bw = pw / n
    for key, s in series.items():
        c = color_for(key, colors, order)
        points = []
        for i, xv in enumerate(xs):
            v = s.get(xv) or 0
            if percentage:
                v = 100.0 * v / (totals[xv] or 1)
            if chart == "histogram":
                bh = ph * v / top
                stacks[xv] += bh
                out.append(f'<rect x="{px + i * bw + bw * 0.1:.1f}" y="{py + ph - stacks[xv]:.1f}" '
                           f'width="{max(bw * 0.8, 0.6):.1f}" height="{bh:.1f}" fill="{c}"/>')
            elif xv in s:
                points.append(f"{px + i * bw + bw / 2:.1f},{py + ph - ph * v / top:.1f}")
        if points:
            out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{c}" stroke-width="1.5"/>')
    step = max(1, -(-n // 7))
    for i in range(0, n, step):
        out.append(text(px + i * bw + bw / 2, py + ph + 11, xs[i], 9, "middle"))
    if legend_w:
        for i, key in enumerate(list(series)[:12]):
            ly = y + 12 + i * 15
            out.append(f'<rect x="{x + w - legend_w + 5}" y="{ly - 9}" width="10" height="10" '
                       f'fill="{color_for(key, colors, order)}"/>')
            out.append(text(x + w - legend_w + 20, ly, key, 10))
    return out


def draw_table(x, y, w, h, header, rows):
    out = []
    widths = [max([len(str(hd))] + [len(str(r[i])) for r in rows]) + 2 for i, hd in enumerate(header)]
    scale = w / max(sum(widths), 1)
    cols = [x + sum(widths[:i]) * scale for i in range(len(header))]
    out.append(f'<rect x="{x}" y="{y}" width="{w}" height="16" fill="#F1F4FA"/>')
    for i, hd in enumerate(header):
        out.append(text(cols[i] + 3, y + 12, hd, 9, weight="bold"))
    for r, row in enumerate(rows[: int((h - 18) // 15)]):
        for i, v in enumerate(row):
            cell = str(v)
            limit = max(int(widths[i] * scale / 5.5), 4)
            out.append(text(cols[i] + 3, y + 30 + r * 15, cell if len(cell) <= limit else cell[: limit - 1] + "…", 9))
    return out


def render_panel(obj, x, y, w, h, indices, time_from, as_of, extra):
    attrs = obj["attributes"]
    out = [f'<rect x="{x + 3}" y="{y + 3}" width="{w - 6}" height="{h - 6}" rx="4" fill="white" stroke="#D3DAE6"/>',
           text(x + 12, y + 20, attrs["title"], 12, weight="bold")]
    ix, iy, iw, ih = x + 12, y + 30, w - 24, h - 40
    if obj["type"] == "search":
        docs = panel_docs(obj, indices, time_from, as_of, extra)
        field = attrs["sort"][0][0]
        docs = sorted(docs, key=lambda d: d.get(field) or "", reverse=True)
        rows = [[fmt(", ".join(map(fmt, values(d, c))) if len(values(d, c)) != 1 else values(d, c)[0])
                 for c in attrs["columns"]] for d in docs]
        out += draw_table(ix, iy, iw, ih, attrs["columns"], rows)
        out.append(text(x + w - 12, y + 20, f"{len(docs)} 条 documents", 10, "end", fill="#69707D"))
        return out
    vis = json.loads(attrs["visState"])
    if vis["type"] == "markdown":
        width = int(iw / 6.2)
        lines = []
        for paragraph in vis["params"]["markdown"].split("\n"):
            paragraph = re.sub(r"[#*]", "", paragraph).strip()
            while paragraph:
                lines.append(paragraph[:width])
                paragraph = paragraph[width:]
        for i, ln in enumerate(lines[: int(ih // 14)]):
            out.append(text(ix, iy + 4 + i * 14, ln, 10))
        return out
    docs = panel_docs(obj, indices, time_from, as_of, extra)
    colors = json.loads(attrs.get("uiStateJSON") or "{}").get("vis", {}).get("colors", {})
    metrics_ = [a for a in vis["aggs"] if a["type"] not in ("terms", "date_histogram")]
    bucket_aggs = [a for a in vis["aggs"] if a["type"] in ("terms", "date_histogram")]
    first = metrics_[0]
    if vis["type"] == "pie":
        items = [(k, metric(first, ds)) for k, ds in buckets(bucket_aggs[0], docs, metrics_)]
        out += draw_pie(ix, iy, iw, ih, items, colors)
    elif vis["type"] in ("histogram", "line"):
        segment = next(a for a in bucket_aggs if a["schema"] == "segment")
        group = next((a for a in bucket_aggs if a["schema"] == "group"), None)
        series, xs = OrderedDict(), []
        for xv, ds in buckets(segment, docs, metrics_):
            xs.append(xv)
            for gk, gds in (buckets(group, ds, metrics_) if group else [("", ds)]):
                series.setdefault(gk, {})[xv] = metric(first, gds)
        if group and group["params"].get("orderBy") == "_key":
            series = OrderedDict(sorted(series.items()))
        percentage = json.dumps(vis["params"]).find('"mode": "percentage"') >= 0
        out += draw_xy(ix, iy, iw, ih, series, xs, vis["type"], percentage, colors, first["params"]["customLabel"])
    elif vis["type"] == "table":
        rows = []

        def walk(level, ds, prefix):
            if level == len(bucket_aggs):
                rows.append(prefix + [fmt(metric(m, ds)) for m in metrics_])
                return
            for k, sub in buckets(bucket_aggs[level], ds, metrics_):
                walk(level + 1, sub, prefix + [k])

        walk(0, docs, [])
        header = [a["params"]["customLabel"] for a in bucket_aggs + metrics_]
        out += draw_table(ix, iy, iw, ih, header, rows)
    return out


def render(dashboard, indices, as_of, extra, caption):
    attrs = dashboard["attributes"]
    time_from = as_of - dt.timedelta(days=730)
    panels = json.loads(attrs["panelsJSON"])
    height = max(p["gridData"]["y"] + p["gridData"]["h"] for p in panels) * ROW + 70
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{48 * COL + 20}" height="{height}" '
           f'font-family="Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif">',
           f'<rect width="100%" height="100%" fill="#F7F8FC"/>',
           text(12, 24, attrs["title"], 16, weight="bold"),
           text(12, 44, caption, 10, fill="#69707D")]
    for p in panels:
        g = p["gridData"]
        obj = OBJECTS[(p["type"], ref(dashboard, p["panelIndex"] + ":" + p["panelRefName"]))]
        out += render_panel(obj, 10 + g["x"] * COL, 52 + g["y"] * ROW, g["w"] * COL, g["h"] * ROW, indices,
                            time_from, as_of, extra)
    out.append("</svg>")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replay", required=True)
    parser.add_argument("--plan")
    parser.add_argument("--output", default=HERE)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.replay, "summary.json")):
        sys.exit(f"render.py: no summary.json in {args.replay}: not a replay's output")
    as_of, indices = load_indices(args.replay, args.plan)
    inspected = {o["creditCode"] for o in indices["cw-inspection-outcomes*"]}
    warned = {w["creditCode"] for w in indices["cw-warnings*"]}
    planned = {p["creditCode"] for p in indices["cw-spot-check-plans*"]}
    wanted = inspected & warned & planned or inspected & warned
    candidates = [e for e in indices["cw-enterprise-risk*"] if e["creditCode"] in wanted]
    profiled = max(candidates, key=lambda e: (e["score"], e["creditCode"]))["creditCode"] if candidates else None
    basis = f"Rendered from a replay of generated demo data as of {as_of.isoformat()} (not a Kibana screenshot)"
    for dashboard_id, name, note in [
            ("cw-dashboard-overview", "monitoring-centre-overview.svg", ""),
            ("cw-dashboard-enterprise-profile", "enterprise-profile.svg", f"; enterprise {profiled}"),
            ("cw-dashboard-inspector-desk", "inspector-desk.svg",
             "; every region (an inspector sees only their own)")]:
        extra = profiled if dashboard_id == "cw-dashboard-enterprise-profile" else None
        caption = basis + note
        with open(os.path.join(args.output, name), "w", encoding="utf-8") as f:
            f.write(render(OBJECTS[("dashboard", dashboard_id)], indices, as_of, extra, caption))
        print(f"render.py: wrote {os.path.join(args.output, name)}")


OBJECTS = load_objects()

if __name__ == "__main__":
    main()
