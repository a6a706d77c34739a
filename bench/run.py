#!/usr/bin/env python3
"""bench/run.py: throughput, start-up time and peak memory of `lapwing code`.

Builds a corpus from the VOA stories in ../shared/data/voa (repeated to the
requested size, ids made unique), then codes it with each dictionary set on
1 and 2 threads and prints sentences/s, MB/s, start-up ms (compiled
dictionary mapped, and parsed from text) and peak RSS, as medians of several
runs. Numbers only: no thresholds. Usage: bench/run.py [--mb N] [--runs N]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

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


def corpus_of(mb):
    path = f"bench/out/voa-{mb:g}mb.jsonl"
    if not os.path.exists(path):
        lines = [json.loads(l) for l in open(voa, encoding="utf-8") if l.strip()]
        target, size, k = mb * 1e6, 0, 0
        with open(path, "w", encoding="utf-8") as f:
            while size < target:
                for s in lines:
                    line = json.dumps(dict(s, id=f"{s['id']}-{k}"), ensure_ascii=False) + "\n"
                    f.write(line)
                    size += len(line.encode())
                k += 1
    return path


# Each run gets its own compiled-dictionary directory (warm after the first).
cache = tempfile.mkdtemp(prefix="lapwing-bench-")
env = dict(os.environ, LAPWING_CACHE_DIR=cache)


def run(args, extra_env=None):
    """Wall time and peak RSS (KB) of one run, via GNU time when present."""
    e = dict(env, **(extra_env or {}))
    tf = tempfile.NamedTemporaryFile(delete=False)
    tf.close()
    use_time = os.path.exists("/usr/bin/time")
    cmd = (["/usr/bin/time", "-f", "%M", "-o", tf.name] if use_time else []) + args
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=e)
    dt = time.perf_counter() - t0
    rss = 0
    if use_time:
        try:
            rss = int(open(tf.name).read().split()[-1])
        except (ValueError, IndexError):
            rss = 0
    os.unlink(tf.name)
    return dt, p.stderr, rss


corpus = corpus_of(a.mb)
small = corpus_of(a.mb / 10)
nbytes = os.path.getsize(corpus)
empty = "bench/out/empty.jsonl"
open(empty, "w").close()
configs = [("built-in", [])]
if os.path.exists(phoenix):
    configs.append(("phoenix", ["--dict", phoenix]))

print(f"corpus: {corpus} ({nbytes/1e6:.1f} MB); medians of {a.runs} runs; machine: {os.cpu_count()} cores")
print(f"{'dictionaries':<10} {'threads':>7} {'sentences/s':>12} {'MB/s':>7} {'start ms':>9} "
      f"{'parse ms':>9} {'RSS MB':>7} {'RSS MB (1/10)':>14} {'events':>9}")
for name, dargs in configs:
    # start-up: parsed from text (no compiled copy), then mapped (compiled)
    parsed = [run([a.bin, "code", "-q", *dargs, empty], {"LAPWING_CACHE": "off"})[0] * 1000
              for _ in range(max(3, a.runs))]
    run([a.bin, "dict", "compile", *dargs])
    mapped = [run([a.bin, "code", "-q", *dargs, empty])[0] * 1000 for _ in range(max(3, a.runs))]
    for threads in (1, 2):
        times, summary, rss = [], "", 0
        for _ in range(a.runs):
            dt, err, r = run([a.bin, "code", "-q", "--threads", str(threads), *dargs, corpus])
            times.append(dt)
            rss = max(rss, r)
            summary = err.strip().splitlines()[-1]
        _, _, rss_small = run([a.bin, "code", "-q", "--threads", str(threads), *dargs, small])
        sents = int(summary.split("sentences: ")[1].split(";")[0])
        events = int(summary.split("events: ")[1])
        med = statistics.median(times)
        print(f"{name:<10} {threads:>7} {sents/med:>12,.0f} {nbytes/1e6/med:>7.1f} "
              f"{statistics.median(mapped):>9.1f} {statistics.median(parsed):>9.1f} "
              f"{rss/1024:>7.1f} {rss_small/1024:>14.1f} {events:>9,}")
if os.path.exists("bench/complexity.sh"):
    print()
    subprocess.run(["sh", "bench/complexity.sh", a.bin], env=env)
