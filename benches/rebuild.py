#!/usr/bin/env python3
"""Times `esgbook serve`'s rebuild after an edit to one section (issue 4's <100 ms target).

Generates a synthetic report (benches/gen.py), starts `esgbook serve` on a free loopback
port, then edits one section's body N times, waiting for each rebuild, and reads the
"rebuilt in X ms" lines serve prints. Prints the median, min and max. Not part of CI.

    benches/rebuild.py [--sections 2000] [--edits 21] [--esgbook target/release/esgbook]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sections", type=int, default=2000)
    ap.add_argument("--edits", type=int, default=21)
    ap.add_argument("--esgbook", default=os.path.join(ROOT, "target", "release", "esgbook"))
    args = ap.parse_args()
    if not os.path.exists(args.esgbook):
        sys.exit(f"rebuild.py: {args.esgbook} not found; run `cargo build --release` first")
    work = tempfile.mkdtemp(prefix="esgbook-rebuild-")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), "--sections", str(args.sections),
                        "--out", work], check=True, stdout=subprocess.DEVNULL)
        project = os.path.join(work, "esgbook")
        log_path = os.path.join(work, "serve.log")
        log = open(log_path, "w")
        serve = subprocess.Popen([args.esgbook, "serve", project, "--port", "0"], stdout=log, stderr=log)
        try:
            wait_for(log_path, r"serving ", 1, timeout=120)
            # Edit a section in the middle of the report, appending a sentence each time.
            target = os.path.join(project, "content", "ch%03d" % (args.sections // 20), "s03.md")
            times = []
            for i in range(args.edits):
                before = count(log_path, r"rebuilt in (\d+) ms")
                with open(target, "a", encoding="utf-8") as f:
                    f.write(f"\nEdit {i}: one more sentence about water recycling.\n")
                wait_for(log_path, r"rebuilt in (\d+) ms", before + 1, timeout=60)
                times.append(int(re.findall(r"rebuilt in (\d+) ms", open(log_path).read())[-1]))
                time.sleep(0.3)
        finally:
            serve.terminate()
            serve.wait(timeout=10)
        times = times[1:]  # the first edit warms the caches
        print(f"serve rebuild after editing one section, {args.sections} sections, {len(times)} edits: "
              f"median {statistics.median(times):.0f} ms (min {min(times)}, max {max(times)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def count(path, pattern):
    with open(path, encoding="utf-8", errors="replace") as f:
        return len(re.findall(pattern, f.read()))


def wait_for(path, pattern, n, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if count(path, pattern) >= n:
            return
        time.sleep(0.02)
    sys.exit(f"rebuild.py: timed out waiting for /{pattern}/ in {path}:\n" + open(path).read()[-2000:])


if __name__ == "__main__":
    main()
