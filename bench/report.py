"""Turns one bench/run's raw results into bench/results/latest.json, latest.md and latest.svg.

Usage: python3 report.py RAW_DIR OUT_DIR. RAW_DIR holds timed.tsv (the RESULT lines of the timed programs and of
the echo load generator),
jmh-<system>.json (JMH's JSON results, run with -prof gc) and meta.json (machine, JDK, counts: written by bench/run).
Standard library only: the chart is hand-written SVG.
"""
import glob
import json
import math
import os
import sys

SYSTEMS = ["jasyncio", "nio", "netty", "kotlin", "vthreads-p1", "vthreads", "ea-async", "asyncio", "uvloop"]
PEERS = SYSTEMS[1:]

# Every value is a cost: lower is better, so jasyncio / peer < 1 means jasyncio wins.
WORKLOADS = {
    "1.ping-pong": "1. yield ping-pong, time per switch",
    "1.ping-pong-alloc": "1. yield ping-pong, bytes allocated per switch",
    "2.await": "2. non-suspending await, time per await",
    "2.await-alloc": "2. non-suspending await, bytes allocated per await",
    "3.spawn": "3. spawn: create, run, complete a task",
    "4.footprint-sleep": "4. retained heap per task suspended in sleep",
    "4.footprint-future": "4. retained heap per task suspended on a pending future",
    "4.sleep2-wall": "4. wall time for all tasks each sleeping 2 s",
    "5.depth-1": "5. yield under an await chain of depth 1",
    "5.depth-10": "5. ... depth 10",
    "5.depth-100": "5. ... depth 100",
    "5.depth-1000": "5. ... depth 1000",
    "6.skynet": "6. Skynet, 1M leaves (1,111,111 tasks)",
    "7.timer-storm-overhead": "7. timer storm: wall time beyond the ideal 10 ms",
    "7.timer-storm-cpu": "7. timer storm: process CPU time",
    "8.cross-thread": "8. await of a future completed by a plain thread: latency",
    "11.await-dense-call": "11. JIT cliff: a call of an await-dense method (30 awaits, 12 longs)",
    "11.await-dense-call-huge-compiled": "11. ... the same with -XX:-DontCompileHugeMethods",
    "11.cut-method-call": "11. ... a method of 130 awaits, which the rewrite cuts in two",
    "11.cut-method-call-huge-compiled": "11. ... the same with -XX:-DontCompileHugeMethods",
}

# Workload 9 (issue 4), the exception: requests per second, HIGHER is better, so jasyncio / peer > 1 means jasyncio
# wins. Each cell also has "<cell>.server-cpu", "<cell>.load-cpu" and "<cell>.other-cpu": % of one core the server,
# the load generator and everything else on the machine were busy (a server under 100% was paced by something else).
ECHO = {
    "9.echo-1k-10": "9. TCP echo, 1 KiB messages, 10 connections",
    "9.echo-1k-1000": "9. ... 1 KiB, 1,000 connections",
    "9.echo-64k-10": "9. ... 64 KiB, 10 connections",
    "9.echo-64k-1000": "9. ... 64 KiB, 1,000 connections",
}
ECHO_CPU = {f"{w}.{side}-cpu": f"{label}: {side} CPU" for w, label in ECHO.items() for side in ("server", "load", "other")}
# The bar of issue 4: jasyncio's requests/s over the peer's must reach this, in every cell.
ECHO_TARGETS = [("nio", 0.9, "raw NIO selector loop"), ("netty", 1.0, "Netty's single event loop"),
                ("asyncio", 2.0, "asyncio streams")]

JMH_METHODS = {
    "pingPongSwitch": ("1.ping-pong", "ns/switch", "1.ping-pong-alloc", "B/switch"),
    "nonSuspendingAwait": ("2.await", "ns/await", "2.await-alloc", "B/await"),
}


def load(raw):
    results = {}

    def put(workload, system, value, unit):
        results.setdefault(workload, {})[system] = {"value": round(value, 3), "unit": unit}

    timed = os.path.join(raw, "timed.tsv")
    if os.path.exists(timed):
        with open(timed) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 5 and parts[0] == "RESULT":
                    put(parts[1], parts[2], float(parts[3]), parts[4])
    for path in glob.glob(os.path.join(raw, "jmh-*.json")):
        system = os.path.basename(path)[len("jmh-"):-len(".json")]
        with open(path) as f:
            runs = json.load(f)
        for run in runs:
            method = run["benchmark"].rsplit(".", 1)[1]
            if method not in JMH_METHODS:
                continue
            time_key, time_unit, alloc_key, alloc_unit = JMH_METHODS[method]
            put(time_key, system, run["primaryMetric"]["score"], time_unit)
            secondary = run.get("secondaryMetrics", {})  # JMH 1.37 names it without the leading middle dot
            alloc = secondary.get("gc.alloc.rate.norm", secondary.get("\u00b7gc.alloc.rate.norm"))
            if alloc is not None:
                put(alloc_key, system, alloc["score"], alloc_unit)
    return results


def value(results, workload, system):
    cell = results.get(workload, {}).get(system)
    return None if cell is None else cell["value"]


def ratio(results, workload, peer):
    mine, theirs = value(results, workload, "jasyncio"), value(results, workload, peer)
    if mine is None or theirs is None or theirs <= 0 or mine < 0:
        return None
    return mine / theirs


def targets(results):
    """The bar of issue 5: (target, measured, met?) for each; met is None when a number is missing."""
    v = lambda w, s="jasyncio": value(results, w, s)
    rows = []

    def row(name, measured, ok):
        rows.append((name, measured, ok))

    pp, pp_alloc, kpp = v("1.ping-pong"), v("1.ping-pong-alloc"), v("1.ping-pong", "kotlin")
    row("ping-pong <= 15 ns per switch", fmt_or(pp, "ns"), None if pp is None else pp <= 15)
    row("ping-pong allocates 0 bytes per switch", fmt_or(pp_alloc, "B"),
        None if pp_alloc is None else pp_alloc < 1)
    row("ping-pong >= 2x faster than Kotlin's yield()",
        fmt_or(None if not pp or kpp is None else kpp / pp, "x"), None if not pp or kpp is None else kpp / pp >= 2)
    for w in ("4.footprint-sleep", "4.footprint-future"):
        x = v(w)
        row(f"<= 150 B retained per suspended task ({w.split('-')[1]})", fmt_or(x, "B"),
            None if x is None else x <= 150)
    x = v("3.spawn")
    row("spawn <= 100 ns per task", fmt_or(x, "ns"), None if x is None else x <= 100)
    r = ratio(results, "6.skynet", "kotlin")
    row("Skynet 1M <= 0.5x Kotlin's time", fmt_or(r, "x"), None if r is None else r <= 0.5)
    d1, d1000 = v("5.depth-1"), v("5.depth-1000")
    r = None if not d1 or d1000 is None else d1000 / d1
    row("yield at depth 1000 within 1.25x of depth 1", fmt_or(r, "x"), None if r is None else r <= 1.25)
    x = v("2.await")
    row("non-suspending await <= 10 ns", fmt_or(x, "ns"), None if x is None else x <= 10)
    r = ratio(results, "7.timer-storm-overhead", "kotlin")
    mine, kt = v("7.timer-storm-overhead"), v("7.timer-storm-overhead", "kotlin")
    row("timer storm no slower than Kotlin (wall time)", fmt_or(r, "x"),
        None if mine is None or kt is None else mine <= kt)
    return rows


def fmt(x):
    if x is None:
        return "—"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_or(x, unit):
    return "—" if x is None else f"{fmt(x)} {unit}"


def markdown(results, meta):
    present = [s for s in SYSTEMS if any(s in results.get(w, {}) for w in WORKLOADS)]
    peers = [p for p in present if p != "jasyncio"]
    out = ["# jasyncio against its peers", ""]
    out.append(f"Run of {meta.get('date', '?')} ({meta.get('mode', '?')} mode) on {meta.get('machine', '?')}.")
    out.append("")
    for key in ("jdk", "jvm_options", "python", "uvloop", "kotlin", "jmh", "timed", "sizes"):  # "echo": section 9
        if key in meta:
            out.append(f"- **{key.replace('_', ' ')}**: {meta[key]}")
    out += ["", "Every number is a cost: lower is better. `—`: the workload does not apply to that system "
            "(or it failed; see the log). Ratios are jasyncio / peer: below 1, jasyncio is cheaper.", ""]
    header = "| workload | unit | " + " | ".join(present) + " | " + " | ".join(f"÷ {p}" for p in peers) + " |"
    out += [header, "|" + "---|" * (2 + len(present) + len(peers))]
    for w, label in WORKLOADS.items():
        cells = results.get(w, {})
        if not cells:
            continue
        unit = next(iter(cells.values()))["unit"]
        row = [label, unit] + [fmt(value(results, w, s)) for s in present]
        row += [fmt(ratio(results, w, p)) for p in peers]
        out.append("| " + " | ".join(row) + " |")
    out += ["", "## Targets of issue 5", "", "| target | measured | met |", "|---|---|---|"]
    for name, measured, ok in targets(results):
        out.append(f"| {name} | {measured} | {'—' if ok is None else ('yes' if ok else '**no**')} |")
    out.append("")
    out += echo_markdown(results, meta)
    return "\n".join(out)


LOAD_BOUND = 95


def load_bound(results, workload, peer):
    """'†' when the load generator was (nearly) saturated against jasyncio or the peer in that cell."""
    busy = [value(results, workload + ".load-cpu", s) for s in ("jasyncio", peer)]
    return "†" if any(b is not None and b >= LOAD_BOUND for b in busy) else ""


def echo_markdown(results, meta):
    present = [s for s in SYSTEMS if any(s in results.get(w, {}) for w in ECHO)]
    if not present:
        return []
    peers = [p for p in present if p != "jasyncio"]
    out = ["## 9. TCP echo (issue 4)", ""]
    if "echo" in meta:
        out += [meta["echo"], ""]
    out += ["**Requests per second: HIGHER is better** (unlike every table above). Ratios are jasyncio / peer: "
            "**above 1, jasyncio serves more**.", ""]
    out += echo_table(present, peers, "req/s", lambda w, s: value(results, w, s), lambda w, p: ratio(results, w, p))
    out += ["", "CPU over the window, % of one core: server / load generator / everything else on the machine. A server "
            "well under 100% was paced by the load generator, the loopback's latency or, when the last number is "
            "high, by other work taking its core.", "",
            "| cell | " + " | ".join(present) + " |", "|" + "---|" * (1 + len(present))]
    for w, label in ECHO.items():
        cells = [" / ".join(fmt(value(results, f"{w}.{side}-cpu", s)) for side in ("server", "load", "other"))
                 for s in present]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out += ["", "Server capacity: echoes per second of server CPU (requests/s ÷ the server's share of its core), "
            "what each server would serve with its core to itself. It stays a measure of the server when the "
            "one-core load generator, not the server, set the pace.", ""]
    out += echo_table(present, peers, "echoes/CPU-s", lambda w, s: capacity(results, w, s),
                      lambda w, p: capacity_ratio(results, w, p))
    out += ["", "### Targets of issue 4 (jasyncio / peer, requests per second)", "",
            f"†: the load generator was at least {LOAD_BOUND}% busy against one of the two, so it may have capped "
            "that one's rate: the ratio is then not a measure of the servers alone.", ""]
    out += echo_targets(lambda w, peer: ratio(results, w, peer), lambda w, peer: load_bound(results, w, peer))
    out += ["", "The same targets on server capacity (echoes per second of server CPU):", ""]
    out += echo_targets(lambda w, peer: capacity_ratio(results, w, peer), lambda w, peer: "")
    out.append("")
    return out


def echo_table(present, peers, unit, value_of, ratio_of):
    out = ["| cell | unit | " + " | ".join(present) + " | " + " | ".join(f"÷ {p}" for p in peers) + " |",
           "|" + "---|" * (2 + len(present) + len(peers))]
    for w, label in ECHO.items():
        if any(value_of(w, s) is not None for s in present):
            row = [label, unit] + [fmt(value_of(w, s)) for s in present] + [fmt(ratio_of(w, p)) for p in peers]
            out.append("| " + " | ".join(row) + " |")
    return out


def echo_targets(ratio_of, mark):
    out = ["| target | " + " | ".join(w.split("-", 1)[1].replace("-", " x ") for w in ECHO) + " | met |",
           "|" + "---|" * (2 + len(ECHO))]
    for peer, bar, name in ECHO_TARGETS:
        rs = [ratio_of(w, peer) for w in ECHO]
        cells = ["—" if r is None else (fmt(r) if r >= bar else f"**{fmt(r)}**") + mark(w, peer)
                 for w, r in zip(ECHO, rs)]
        met = "—" if None in rs else ("yes" if all(r >= bar for r in rs) else "**no**")
        out.append(f"| >= {bar:g}x {name} | " + " | ".join(cells) + f" | {met} |")
    return out


def capacity(results, workload, system):
    """Echoes per second of server CPU: requests/s over the fraction of a core the server used."""
    rate, cpu = value(results, workload, system), value(results, workload + ".server-cpu", system)
    return None if rate is None or not cpu else rate / (cpu / 100)


def capacity_ratio(results, workload, peer):
    mine, theirs = capacity(results, workload, "jasyncio"), capacity(results, workload, peer)
    return None if mine is None or not theirs else mine / theirs


def cost_ratio(results, workload, peer):
    """jasyncio's cost / the peer's: the echo's requests/s turned into time per request, peer / jasyncio."""
    r = ratio(results, workload, peer)
    if workload not in ECHO or r is None:
        return r
    return None if r == 0 else 1 / r


def svg(results):
    """Horizontal bars of log10(jasyncio cost / peer cost), one group per workload: left of 1 jasyncio is cheaper.
    The echo's requests/s count as time per request, so that left stays better there too."""
    labels = {**WORKLOADS, **{w: "9. echo {} KiB x {} conns: time per request".format(
        *w.split("-")[1:]).replace("k ", " ") for w in ECHO}}
    peers = [p for p in PEERS if any(cost_ratio(results, w, p) is not None for w in labels)]
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    rows = [(w, [(p, cost_ratio(results, w, p)) for p in peers]) for w in labels]
    rows = [(w, [(p, r) for p, r in rs if r is not None]) for w, rs in rows]
    rows = [(w, rs) for w, rs in rows if rs]
    bar, gap, left, width, top = 9, 10, 330, 480, 50
    decades = 2  # the axis spans 1/100 .. 100
    height = top + sum(len(rs) * bar + gap for _, rs in rows) + 60
    centre = left + width / 2
    scale = width / 2 / decades
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 30}" height="{height}" '
             f'font-family="sans-serif" font-size="11">',
             f'<rect width="100%" height="100%" fill="white"/>',
             f'<text x="10" y="20" font-size="14" font-weight="bold">jasyncio cost / peer cost '
             f'(log scale; left of 1 = jasyncio cheaper)</text>']
    for k in range(-decades, decades + 1):
        x = centre + k * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 50}" '
                     f'stroke="{"#000" if k == 0 else "#ddd"}"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle">{10.0 ** k:g}</text>')
    y = top
    for w, rs in rows:
        parts.append(f'<text x="{left - 8}" y="{y + len(rs) * bar / 2 + 4:.1f}" text-anchor="end">'
                     f'{labels[w].replace("&", "&amp;")}</text>')
        for p, r in rs:
            v = max(-decades, min(decades, math.log10(r))) if r > 0 else -decades
            x0, x1 = sorted((centre, centre + v * scale))
            c = colours[PEERS.index(p) % len(colours)]
            parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar - 1}" fill="{c}">'
                         f'<title>{w} vs {p}: {r:.3g}</title></rect>')
            y += bar
        y += gap
    lx = 10
    for i, p in enumerate(peers):
        c = colours[PEERS.index(p) % len(colours)]
        parts.append(f'<rect x="{lx}" y="{height - 35}" width="10" height="10" fill="{c}"/>')
        parts.append(f'<text x="{lx + 14}" y="{height - 26}">vs {p}</text>')
        lx += 95
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    raw, out = sys.argv[1], sys.argv[2]
    results = load(raw)
    meta_path = os.path.join(raw, "meta.json")
    meta = json.load(open(meta_path)) if os.path.exists(meta_path) else {}
    ordered = {w: dict(sorted(results[w].items(), key=lambda kv: SYSTEMS.index(kv[0])
                              if kv[0] in SYSTEMS else 99))
               for w in [*WORKLOADS, *ECHO, *ECHO_CPU] if w in results}
    with open(os.path.join(out, "latest.json"), "w") as f:
        json.dump(ordered, f, indent=2)
        f.write("\n")
    md = markdown(ordered, meta)
    with open(os.path.join(out, "latest.md"), "w") as f:
        f.write(md)
    with open(os.path.join(out, "latest.svg"), "w") as f:
        f.write(svg(ordered))
    print(md)


if __name__ == "__main__":
    main()
