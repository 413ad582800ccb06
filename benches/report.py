#!/usr/bin/env python3
"""Summarise the raw measurements written by benches/run.sh.

Reads the raw TSV (one line per timed run), computes medians per tool and size,
the ratios esgbook/mdBook and esgbook/Hugo, growth from the smallest to the
largest size, checks the targets of issue 4, writes everything (raw runs
included) to a JSON file and prints a Markdown report to stdout that can be
pasted into benches/RESULTS.md.

Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys

TOOLS = ["esgbook-build", "esgbook-check", "mdbook", "hugo", "esgbook-pdf", "chromium-print"]
LABEL = {
    "esgbook-build": "esgbook build",
    "esgbook-check": "esgbook check",
    "mdbook": "mdBook build",
    "hugo": "Hugo",
    "esgbook-pdf": "esgbook pdf",
    "chromium-print": "Chromium print.html → PDF",
}

# Targets from issue 4 (medians at 5,000 sections unless said otherwise).
TARGET_BUILD_VS_HUGO = 0.3
TARGET_BUILD_VS_MDBOOK = 1 / 50
TARGET_GROWTH = 11.0
TARGET_MEM_VS_HUGO = 0.25
TARGET_CHECK_S = 0.3
# Targets from issue 10 (the PDF).
TARGET_PDF_VS_CHROMIUM = 0.5
TARGET_PDF_GROWTH = 4.5


def read_raw(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            size, tool, kind, run, wall_ns, rss_kb, user_s, sys_s, rc, ok = line.split("\t")
            rows.append({
                "sections": int(size), "tool": tool, "kind": kind, "run": int(run),
                "wall_s": int(wall_ns) / 1e9,
                "max_rss_mb": int(rss_kb) / 1024 if rss_kb.isdigit() else None,
                "cpu_s": (float(user_s) + float(sys_s)) if user_s and sys_s else None,
                "exit": int(rc), "ok": ok == "1",
            })
    return rows


def read_kv(path):
    out = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if "\t" in line:
                    k, v = line.split("\t", 1)
                    out[k] = v
    return out


def machine():
    info = {"cores": os.cpu_count(), "kernel": platform.release(), "cpu": None, "mem_gib": None}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["mem_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    return info


def git_commit(root):
    """HEAD commit read from .git without running git (None if unknown)."""
    gitdir = os.path.join(root, ".git")
    try:
        if os.path.isfile(gitdir):  # worktree / submodule: "gitdir: PATH"
            with open(gitdir) as f:
                gitdir = os.path.join(root, f.read().split(":", 1)[1].strip())
        with open(os.path.join(gitdir, "HEAD")) as f:
            head = f.read().strip()
        if not head.startswith("ref:"):
            return head
        ref = head.split(":", 1)[1].strip()
        p = os.path.join(gitdir, ref)
        if os.path.exists(p):
            with open(p) as f:
                return f.read().strip()
        with open(os.path.join(gitdir, "packed-refs")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[1] == ref:
                    return parts[0]
    except (OSError, IndexError):
        pass
    return None


def summarise(rows):
    """{(size, tool): stats} over the timed runs (warm-ups excluded)."""
    out = {}
    keys = sorted({(r["sections"], r["tool"]) for r in rows})
    for key in keys:
        timed = [r for r in rows if (r["sections"], r["tool"]) == key and r["kind"] == "run"]
        warm = [r for r in rows if (r["sections"], r["tool"]) == key and r["kind"] == "warmup"]
        good = [r for r in timed if r["ok"]]
        bad = [r for r in timed + warm if not r["ok"]]
        s = {"runs": len(timed), "ok_runs": len(good),
             "failed_exits": sorted({r["exit"] for r in bad})}
        if good:
            walls = [r["wall_s"] for r in good]
            rss = [r["max_rss_mb"] for r in good if r["max_rss_mb"] is not None]
            cpu = [r["cpu_s"] for r in good if r["cpu_s"] is not None]
            s.update({
                "wall_s_median": statistics.median(walls),
                "wall_s_min": min(walls), "wall_s_max": max(walls),
                "max_rss_mb_median": statistics.median(rss) if rss else None,
                "cpu_s_median": statistics.median(cpu) if cpu else None,
            })
        out[key] = s
    return out


def fmt_s(x):
    if x is None:
        return "–"
    if x < 0.1:
        return f"{x * 1000:.0f} ms"
    if x < 10:
        return f"{x:.2f} s"
    return f"{x:.1f} s"


def fmt_mb(x):
    return "–" if x is None else f"{x:.0f} MB"


def fmt_ratio(x):
    if x is None:
        return "–"
    if x < 0.1:
        return f"{x:.3f} (1/{1 / x:.0f})" if x > 0 else "0"
    return f"{x:.2f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def cell(s):
    if s is None:
        return "not run"
    if "wall_s_median" not in s:
        return f"failed (exit {', '.join(map(str, s['failed_exits'])) or '?'})"
    return f"{fmt_s(s['wall_s_median'])}, {fmt_mb(s['max_rss_mb_median'])}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True, help="raw TSV written by run.sh")
    ap.add_argument("--info", help="TSV of key<TAB>value written by run.sh (versions, command, ...)")
    ap.add_argument("--pages", help="TSV of size<TAB>tool<TAB>html files<TAB>bytes after warm-up")
    ap.add_argument("--json-out", help="where to write the JSON")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = ap.parse_args()

    rows = read_raw(args.raw)
    info = read_kv(args.info)
    pages = {}
    if args.pages and os.path.exists(args.pages):
        with open(args.pages) as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) == 4:
                    pages[(int(p[0]), p[1])] = {"html_files": int(p[2]), "bytes": int(p[3])}
    stats = summarise(rows)
    sizes = sorted({k[0] for k in stats})
    tools = [t for t in TOOLS if any(k[1] == t for k in stats)]
    mach = machine()
    commit = git_commit(args.root)
    ts = info.get("timestamp") or datetime.datetime.now().strftime("%Y%m%dT%H%M%S")

    def med(size, tool, field="wall_s_median"):
        return stats.get((size, tool), {}).get(field)

    # ---- ratios and growth
    ratios = {}
    for n in sizes:
        ratios[n] = {
            "esgbook_build_over_mdbook_time": ratio(med(n, "esgbook-build"), med(n, "mdbook")),
            "esgbook_build_over_hugo_time": ratio(med(n, "esgbook-build"), med(n, "hugo")),
            "esgbook_build_over_mdbook_mem": ratio(med(n, "esgbook-build", "max_rss_mb_median"),
                                                   med(n, "mdbook", "max_rss_mb_median")),
            "esgbook_build_over_hugo_mem": ratio(med(n, "esgbook-build", "max_rss_mb_median"),
                                                 med(n, "hugo", "max_rss_mb_median")),
            "esgbook_pdf_over_chromium_time": ratio(med(n, "esgbook-pdf"), med(n, "chromium-print")),
        }
    growth = {}
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        for t in tools:
            growth[t] = {"from": lo, "to": hi, "ratio": ratio(med(hi, t), med(lo, t))}

    # ---- targets (issue 4), only where the data exists
    targets = []
    if 5000 in sizes:
        r = ratios[5000]
        if r["esgbook_build_over_hugo_time"] is not None:
            targets.append(("build at 5,000 ≤ 0.3 × Hugo", r["esgbook_build_over_hugo_time"],
                            r["esgbook_build_over_hugo_time"] <= TARGET_BUILD_VS_HUGO))
        if r["esgbook_build_over_mdbook_time"] is not None:
            targets.append(("build at 5,000 ≤ 1/50 of mdBook", r["esgbook_build_over_mdbook_time"],
                            r["esgbook_build_over_mdbook_time"] <= TARGET_BUILD_VS_MDBOOK))
        if r["esgbook_build_over_hugo_mem"] is not None:
            targets.append(("peak memory at 5,000 ≤ 1/4 of Hugo", r["esgbook_build_over_hugo_mem"],
                            r["esgbook_build_over_hugo_mem"] <= TARGET_MEM_VS_HUGO))
        c = med(5000, "esgbook-check")
        if c is not None:
            targets.append(("check at 5,000 < 0.3 s", c, c < TARGET_CHECK_S))
        if 500 in sizes:
            g = ratio(med(5000, "esgbook-build"), med(500, "esgbook-build"))
            if g is not None:
                targets.append(("time(5,000) / time(500) ≤ 11", g, g <= TARGET_GROWTH))

    if 500 in sizes:
        r = ratios[500]["esgbook_pdf_over_chromium_time"]
        if r is not None:
            targets.append(("pdf at 500 ≤ 0.5 × Chromium printing print.html", r,
                            r <= TARGET_PDF_VS_CHROMIUM))
        if 2000 in sizes:
            g = ratio(med(2000, "esgbook-pdf"), med(500, "esgbook-pdf"))
            if g is not None:
                targets.append(("pdf time(2,000) / time(500) ≤ 4.5", g, g <= TARGET_PDF_GROWTH))

    # ---- JSON
    doc = {
        "timestamp": ts,
        "command": info.get("command"),
        "runs_per_tool": int(info["runs"]) if info.get("runs") else None,
        "machine": mach,
        "commit": commit,
        "versions": {k[len("version."):]: v for k, v in info.items() if k.startswith("version.")},
        "notes": info.get("notes"),
        "summary": [dict(sections=n, tool=t, **stats[(n, t)], output=pages.get((n, t)))
                    for (n, t) in sorted(stats)],
        "ratios": {str(n): v for n, v in ratios.items()},
        "growth": growth,
        "targets": [{"target": name, "value": v, "met": ok} for name, v, ok in targets],
        "raw": rows,
    }
    if args.json_out:
        os.makedirs(os.path.dirname(os.path.abspath(args.json_out)), exist_ok=True)
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")

    # ---- Markdown
    ver = doc["versions"]
    runs = doc["runs_per_tool"]
    out = []
    out.append(f"### Benchmark {ts}")
    out.append("")
    cpu = mach["cpu"] or platform.machine()
    out.append(f"- Machine: {cpu}, {mach['cores']} cores, {mach['mem_gib']} GiB RAM, Linux {mach['kernel']}")
    if info.get("command"):
        out.append(f"- Command: `{info['command']}`")
    vs = []
    if "esgbook" in ver:
        vs.append(f"esgbook {ver['esgbook']}" + (f" (commit {commit[:10]})" if commit else ""))
    if "mdbook" in ver:
        vs.append(ver["mdbook"])
    if "hugo" in ver:
        vs.append(ver["hugo"])
    if vs:
        out.append(f"- Tools: {'; '.join(vs)}")
    out.append(f"- Medians of {runs} runs per tool after one warm-up, tools alternating, "
               "output deleted before every run (full builds); wall time and peak RSS "
               "(`/usr/bin/time -v`).")
    if info.get("notes"):
        out.append(f"- Note: {info['notes']}")
    out.append("")
    out.append("| sections | " + " | ".join(LABEL[t] for t in tools) + " |")
    out.append("|---:|" + "---|" * len(tools))
    for n in sizes:
        out.append(f"| {n:,} | " + " | ".join(cell(stats.get((n, t))) for t in tools) + " |")
    out.append("")

    if any(k[1] == "esgbook-build" for k in stats):
        out.append("| sections | esgbook/mdBook time | esgbook/Hugo time | esgbook/mdBook memory | esgbook/Hugo memory |")
        out.append("|---:|---|---|---|---|")
        for n in sizes:
            r = ratios[n]
            out.append(f"| {n:,} | {fmt_ratio(r['esgbook_build_over_mdbook_time'])} | "
                       f"{fmt_ratio(r['esgbook_build_over_hugo_time'])} | "
                       f"{fmt_ratio(r['esgbook_build_over_mdbook_mem'])} | "
                       f"{fmt_ratio(r['esgbook_build_over_hugo_mem'])} |")
        out.append("")

    if any(k[1] == "esgbook-pdf" for k in stats):
        out.append("| sections | esgbook pdf / Chromium time |")
        out.append("|---:|---|")
        for n in sizes:
            out.append(f"| {n:,} | {fmt_ratio(ratios[n]['esgbook_pdf_over_chromium_time'])} |")
        out.append("")

    if growth:
        lo, hi = sizes[0], sizes[-1]
        parts = [f"{LABEL[t]} {fmt_ratio(g['ratio'])}" for t, g in growth.items()]
        out.append(f"Growth time({hi:,}) / time({lo:,}) (×{hi / lo:g} sections): " + "; ".join(parts) + ".")
        out.append("")

    if targets:
        out.append("Targets (issues 4 and 10):")
        out.append("")
        out.append("| target | measured | met |")
        out.append("|---|---|---|")
        for name, v, ok in targets:
            shown = fmt_s(v) if name.startswith("check") else fmt_ratio(v)
            out.append(f"| {name} | {shown} | {'yes' if ok else 'NO'} |")
        out.append("")

    out.append("<details><summary>Details (all medians over successful timed runs)</summary>")
    out.append("")
    out.append("| sections | tool | wall median | wall min–max | CPU (user+sys) median | peak RSS median | ok runs | HTML files |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    for (n, t) in sorted(stats, key=lambda k: (k[0], TOOLS.index(k[1]) if k[1] in TOOLS else 99)):
        s = stats[(n, t)]
        pg = pages.get((n, t))
        if "wall_s_median" in s:
            out.append(f"| {n:,} | {LABEL.get(t, t)} | {s['wall_s_median']:.3f} s | "
                       f"{s['wall_s_min']:.3f}–{s['wall_s_max']:.3f} s | "
                       f"{(s['cpu_s_median'] or 0):.2f} s | {fmt_mb(s['max_rss_mb_median'])} | "
                       f"{s['ok_runs']}/{s['runs']} | {pg['html_files'] if pg else '–'} |")
        else:
            out.append(f"| {n:,} | {LABEL.get(t, t)} | {cell(s)} | | | | 0/{s['runs']} | – |")
    out.append("")
    out.append("</details>")
    if args.json_out:
        out.append("")
        out.append(f"Raw numbers: `{os.path.relpath(args.json_out, args.root)}`")
    print("\n".join(out))


if __name__ == "__main__":
    main()
