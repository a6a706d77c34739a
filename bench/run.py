#!/usr/bin/env python3
"""bench/run.py: throughput, start-up time and peak memory of `lapwing code`.

Builds a corpus from the VOA stories in ../shared/data/voa (repeated to the
requested size, ids made unique), then codes it with each dictionary set and
prints sentences/s, MB/s, start-up ms and peak RSS, as medians of several runs.
Numbers only: no thresholds. Usage: bench/run.py [--mb N] [--runs N]
"""
import argparse, json, os, resource, statistics, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--bin", default="./lapwing")
a = ap.parse_args()

shared = os.environ.get("LAPWING_SHARED", "../shared")
voa = os.path.join(shared, "data", "voa", "voa_stories.jsonl")
phoenix = os.path.join(shared, "data", "petrarch2", "PETR_config.ini")
if not os.path.exists(voa):
    print(f"bench: SKIP: {voa} not found (set LAPWING_SHARED)")
    sys.exit(0)

os.makedirs("bench/out", exist_ok=True)
corpus = f"bench/out/voa-{a.mb:g}mb.jsonl"
if not os.path.exists(corpus):
    lines = [json.loads(l) for l in open(voa, encoding="utf-8") if l.strip()]
    target, size, k = a.mb * 1e6, 0, 0
    with open(corpus, "w", encoding="utf-8") as f:
        while size < target:
            for s in lines:
                s = dict(s, id=f"{s['id']}-{k}")
                line = json.dumps(s, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode())
            k += 1
nbytes = os.path.getsize(corpus)

def run(args, stdin=None):
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return dt, p.stderr, rss

configs = [("built-in", [])]
if os.path.exists(phoenix):
    configs.append(("phoenix", ["--dict", phoenix]))

empty = "bench/out/empty.jsonl"
open(empty, "w").close()
print(f"corpus: {corpus} ({nbytes/1e6:.1f} MB)")
print(f"{'dictionaries':<12} {'sentences/s':>12} {'MB/s':>8} {'startup ms':>11} {'peak RSS MB':>12} {'events':>9}")
for name, dargs in configs:
    starts = []
    for _ in range(max(3, a.runs)):
        dt, _, _ = run([a.bin, "code", "-q", *dargs, empty])
        starts.append(dt * 1000)
    times, summary = [], ""
    peak = 0
    for _ in range(a.runs):
        # a fresh child per run; ru_maxrss of children is a running maximum, so
        # measure peak RSS in a separate process below
        dt, err, _ = run([a.bin, "code", "-q", *dargs, corpus])
        times.append(dt)
        summary = err.strip().splitlines()[-1]
    # peak RSS of one run, isolated
    p = subprocess.run([sys.executable, "-c",
        "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)", a.bin, "code", "-q", *dargs, corpus],
        capture_output=True, text=True)
    peak = int(p.stdout.strip() or 0) / 1024
    sents = int(summary.split("sentences: ")[1].split(";")[0])
    events = int(summary.split("events: ")[1])
    med = statistics.median(times)
    print(f"{name:<12} {sents/med:>12,.0f} {nbytes/1e6/med:>8.1f} {statistics.median(starts):>11.1f} {peak:>12.1f} {events:>9,}")
