#!/usr/bin/env python3
"""Generate a synthetic ESG report for the esgbook benchmark.

One call writes the same report in three flavours, all from the SAME Markdown
bodies, so the tools are compared on identical content:

    OUT/esgbook/  book.toml ([book] + [build] + [esg]), content/SUMMARY.md,
                  content/chNNN/sNN.md with YAML front matter (title, hkex, gri)
    OUT/mdbook/   book.toml, src/SUMMARY.md, src/chNNN/sNN.md with the front
                  matter stripped (mdBook would print it as text)
    OUT/hugo/     hugo.toml (taxonomies hkex and gri), minimal layouts,
                  content/chNNN/sNN.md with the front matter kept (Hugo reads
                  YAML front matter; hkex/gri become taxonomy terms)

N sections are grouped into chapters of 10: the chapter's own page
(chNNN/s00.md) and 9 sections nested under it in SUMMARY.md. Every section is
about 2 KB: front matter, prose paragraphs, a KPI table (6 rows), a bulleted
list and a relative cross-link to another section's .md file. All choices come
from a seeded PRNG, and each section's body depends only on (seed, index), so
section 17 is the same text at every N.

Usage: gen.py --sections N --out DIR [--seed S]
Standard library only.
"""

import argparse
import os
import random
import shutil
import sys

SECTIONS_PER_CHAPTER = 10

HKEX_CODES = (
    "A1 A1.1 A1.3 A1.4 A1.5 A1.6 A2 A2.1 A2.2 A2.3 A2.4 A3 A3.1 "
    "B1 B1.1 B1.2 B2 B2.1 B2.2 B2.3 B3 B3.1 B3.2 B4 B4.1 B4.2 "
    "B5 B5.1 B5.2 B5.3 B5.4 B6 B6.1 B6.2 B6.3 B6.4 B6.5 B7 B7.1 B7.2 B7.3 "
    "B8 B8.1 B8.2 MDR-GOV MDR-PRIN MDR-BOUND "
    "D-GOV-1 D-STR-1 D-RM-1 D-MT-1 D-MT-2 D-MT-3"
).split()

GRI_CODES = [f"2-{i}" for i in range(1, 31)] + [
    "305-1", "305-2", "302-1", "303-5", "401-1", "403-9", "404-1", "405-1",
]

TOPICS = [
    "Emissions management", "Energy efficiency", "Water stewardship",
    "Waste and packaging", "Climate resilience", "Biodiversity",
    "Employment practices", "Health and safety", "Training and development",
    "Labour standards", "Supply chain management", "Product responsibility",
    "Anti-corruption", "Community investment", "Board oversight",
    "Risk management", "Stakeholder engagement", "Materiality assessment",
]

SITES = [
    "Shenzhen plant", "Kowloon headquarters", "Penang assembly site",
    "Tsuen Wan warehouse", "Dongguan factory", "Singapore office",
    "Ho Chi Minh City depot", "Macau retail network", "Suzhou campus",
]

SUBJECTS = [
    "The Group", "Our operations team", "The ESG working group",
    "Management", "The Board", "Each business unit", "The sustainability office",
    "Site management", "Our procurement function", "The audit committee",
]
VERBS = [
    "monitors", "reviews", "reduced", "expanded", "reported", "assessed",
    "strengthened", "published", "tracked", "verified", "improved", "set targets for",
]
OBJECTS = [
    "greenhouse gas emissions", "hazardous waste volumes", "water intensity",
    "energy consumption per unit of revenue", "employee turnover",
    "lost-time injury rates", "supplier audit findings", "customer complaints",
    "training hours per employee", "the climate-related risk register",
    "anti-corruption training coverage", "community investment spending",
    "packaging material use", "Scope 1 and Scope 2 emissions",
]
QUALIFIERS = [
    "across all operating sites", "during the reporting period",
    "against the 2020 baseline", "in line with the Group's policy",
    "with support from external consultants", "on a quarterly basis",
    "following the materiality assessment", "under the oversight of the Board",
    "in accordance with local regulations", "at every major facility",
]

KPIS = [
    ("Scope 1 emissions", "tCO2e"), ("Scope 2 emissions", "tCO2e"),
    ("Electricity consumed", "MWh"), ("Natural gas consumed", "GJ"),
    ("Water withdrawn", "m³"), ("Hazardous waste", "t"),
    ("Non-hazardous waste", "t"), ("Packaging material", "t"),
    ("Employees (year end)", "headcount"), ("Turnover rate", "%"),
    ("Lost-time injuries", "cases"), ("Training hours", "h/employee"),
    ("Suppliers audited", "count"), ("Complaints received", "count"),
    ("Community investment", "HK$ '000"), ("Corruption cases", "count"),
]

LIST_ITEMS = [
    "Installed sub-metering for electricity and water",
    "Rolled out a supplier code of conduct",
    "Completed ISO 14001 surveillance audits",
    "Trained all line managers on workplace safety",
    "Launched a whistle-blowing hotline in three languages",
    "Replaced diesel forklifts with electric models",
    "Introduced a recycled-content target for packaging",
    "Held two stakeholder engagement workshops",
    "Updated the climate scenario analysis",
    "Set up a cross-functional data quality review",
    "Extended the employee wellbeing programme",
    "Piloted rooftop solar at two sites",
]


def chapter_of(i):
    return i // SECTIONS_PER_CHAPTER


def rel_path(i):
    """Path of section i relative to the source dir."""
    return f"ch{chapter_of(i) + 1:03d}/s{i % SECTIONS_PER_CHAPTER:02d}.md"


def title_of(i, rng_seed):
    rng = random.Random(f"{rng_seed}:title:{i}")
    c = chapter_of(i) + 1
    k = i % SECTIONS_PER_CHAPTER
    topic = TOPICS[rng.randrange(len(TOPICS))]
    if k == 0:
        return f"Chapter {c}: {topic}"
    return f"{c}.{k} {topic} at the {SITES[rng.randrange(len(SITES))]}"


def sentence(rng):
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(QUALIFIERS)}.")


def paragraph(rng, n):
    return " ".join(sentence(rng) for _ in range(n))


def front_matter(i, seed, title):
    rng = random.Random(f"{seed}:tags:{i}")
    hkex = rng.sample(HKEX_CODES, rng.randint(2, 4))
    gri = rng.sample(GRI_CODES, rng.randint(1, 3))
    # Cover every code somewhere in the report: section i also carries code i.
    if i < len(HKEX_CODES) and HKEX_CODES[i] not in hkex:
        hkex.append(HKEX_CODES[i])
    if i < len(GRI_CODES) and GRI_CODES[i] not in gri:
        gri.append(GRI_CODES[i])
    return ("---\n"
            f"title: \"{title}\"\n"
            f"hkex: [{', '.join(hkex)}]\n"
            f"gri: [{', '.join(chr(34) + g + chr(34) for g in gri)}]\n"
            "---\n")


def body(i, n, seed, titles):
    """The Markdown body of section i (identical in all three flavours)."""
    rng = random.Random(f"{seed}:body:{i}")
    out = []
    out.append(paragraph(rng, 4))
    out.append("")
    out.append("## Approach")
    out.append("")
    out.append(paragraph(rng, 5))
    out.append("")
    out.append("## Key performance indicators")
    out.append("")
    out.append("| Indicator | Unit | 2023 | 2024 | 2025 | Change |")
    out.append("|---|---|---:|---:|---:|---:|")
    for name, unit in rng.sample(KPIS, 6):
        if unit == "%":
            a = rng.uniform(2, 30)
            b = a * rng.uniform(0.85, 1.1)
            c = b * rng.uniform(0.85, 1.1)
            vals = f"{a:.1f} | {b:.1f} | {c:.1f}"
        else:
            a = rng.randint(100, 90000)
            b = int(a * rng.uniform(0.85, 1.1))
            c = int(b * rng.uniform(0.85, 1.1))
            vals = f"{a:,} | {b:,} | {c:,}"
        change = (c - b) / b * 100
        out.append(f"| {name} | {unit} | {vals} | {change:+.1f}% |")
    out.append("")
    out.append("## Highlights of the year")
    out.append("")
    for item in rng.sample(LIST_ITEMS, 5):
        out.append(f"- {item} {rng.choice(QUALIFIERS)}.")
    out.append("")
    out.append(paragraph(rng, 3))
    out.append("")
    # A relative cross-link to another section's .md file.
    j = rng.randrange(n - 1) if n > 1 else 0
    if n > 1 and j >= i:
        j += 1
    link = f"../{rel_path(j)}"
    out.append(f"For related disclosures, see [{titles[j]}]({link}).")
    out.append("")
    return "\n".join(out)


def summary(n, titles):
    lines = ["# Summary", ""]
    for i in range(n):
        indent = "" if i % SECTIONS_PER_CHAPTER == 0 else "    "
        lines.append(f"{indent}- [{titles[i]}]({rel_path(i)})")
    lines.append("")
    return "\n".join(lines)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


ESGBOOK_TOML = """\
[book]
title = "Synthetic ESG Report ({n} sections)"
authors = ["esgbook benchmark"]
language = "en"
src = "content"

[build]
build-dir = "book"

[esg]
hkex = "hkex-esg-2025"
gri = "gri-2021"
gri-claim = "with-reference"
issuer = "main-board"
period-start = 2025-01-01
"""

MDBOOK_TOML = """\
[book]
title = "Synthetic ESG Report ({n} sections)"
authors = ["esgbook benchmark"]
language = "en"
src = "src"

[build]
build-dir = "book"
"""

HUGO_TOML = """\
baseURL = "http://localhost/"
languageCode = "en"
title = "Synthetic ESG Report ({n} sections)"
# Minimal site: pages, section lists, two taxonomies. No RSS or sitemap.
disableKinds = ["RSS", "sitemap", "robotsTXT"]

[taxonomies]
hkex = "hkex"
gri = "gri"
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="terms">HKEX: {{ range .GetTerms "hkex" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
GRI: {{ range .GetTerms "gri" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
""",
}


def generate(n, out, seed):
    if n < 1:
        raise SystemExit("gen.py: --sections must be at least 1")
    titles = [title_of(i, seed) for i in range(n)]
    for flavour in ("esgbook", "mdbook", "hugo"):
        shutil.rmtree(os.path.join(out, flavour), ignore_errors=True)

    esg = os.path.join(out, "esgbook")
    mdb = os.path.join(out, "mdbook")
    hug = os.path.join(out, "hugo")
    write(os.path.join(esg, "book.toml"), ESGBOOK_TOML.format(n=n))
    write(os.path.join(mdb, "book.toml"), MDBOOK_TOML.format(n=n))
    write(os.path.join(hug, "hugo.toml"), HUGO_TOML.format(n=n))
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(hug, "layouts", "_default", name), text)

    toc = summary(n, titles)
    write(os.path.join(esg, "content", "SUMMARY.md"), toc)
    write(os.path.join(mdb, "src", "SUMMARY.md"), toc)

    total = 0
    for i in range(n):
        fm = front_matter(i, seed, titles[i])
        md = body(i, n, seed, titles)
        rel = rel_path(i)
        write(os.path.join(esg, "content", rel), fm + md)
        write(os.path.join(mdb, "src", rel), md)
        write(os.path.join(hug, "content", rel), fm + md)
        total += len((fm + md).encode("utf-8"))
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sections", "-n", type=int, required=True,
                    help="number of sections (Markdown files)")
    ap.add_argument("--out", "-o", required=True,
                    help="output directory (esgbook/, mdbook/, hugo/ are replaced)")
    ap.add_argument("--seed", type=int, default=2025, help="PRNG seed (default 2025)")
    args = ap.parse_args(argv)
    total = generate(args.sections, args.out, args.seed)
    print(f"gen.py: {args.sections} sections, {(args.sections + SECTIONS_PER_CHAPTER - 1) // SECTIONS_PER_CHAPTER} "
          f"chapters, avg {total / args.sections:.0f} bytes/section -> {args.out}/{{esgbook,mdbook,hugo}}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
