#!/usr/bin/env bash
# bench/cluster.sh - how lexfrag's index and search grow with the corpus, and
# what searching through Xapian's remote backend costs (1, 2, 3 shards served
# by xapian-tcpsrv on 127.0.0.1), in one run.  See bench/README.md.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/cluster.sh [OPTIONS]

A. Scale: indexes nested subsets of the bulk corpus (about 1,000 and 4,000
   laws, and all 12,712; every k-th file of the sorted list, so both
   collections in their proportion) into one-shard databases, and reports per
   size: laws, provisions, index bytes, index wall time and peak RSS, search
   p50/p95 over the 20 queries, and per 1,000 laws.
B. Shards: indexes the whole corpus into 2 and 3 shards as well, serves each
   shard with its own xapian-tcpsrv on 127.0.0.1, and times the 20 queries,
   interleaved, on: the one-shard database (the anchor), the 3 shards read
   locally (a stub), and stubs of 1, 2 and 3 remote shards.  Every
   configuration's top 10 is checked against the anchor's.
C. Precedent: 'similar --law' for 5 laws (the first queries' best results)
   on the anchor and on the 3 remote shards; the laws found are checked
   against the anchor's.

Options:
  --runs N      timed runs of each query per configuration (default 5;
                the per-query figure is their median)
  --work DIR    work directory (default /tmp/lexfrag-cluster-bench); the
                subsets are hard links (copies across file systems) under
                DIR/sub-N, databases DIR/*.db, logs DIR/logs
  --quick       smoke run: subsets of 300 and 1,000 files, B on 1,000 files
  --bulk DIR    the gzipped bulk corpus (default /work/shared/corpus/bulk)
  --queries F   one query per line, '#' comments (default bench/queries.txt)
  --out FILE    JSON results (default bench/results/cluster-<date>-<host>.json)
  -h, --help    this text

Environment: LEXFRAG=PATH the lexfrag binary (default <repo>/build/lexfrag).
Needs xapian-tcpsrv (Debian xapian-tools), GNU time (/usr/bin/time),
python3 (standard library); installs the first two with apt-get if missing.
Search times include process start-up, as a user at a shell sees them.
EOF
}

die() { echo "cluster.sh: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
BULK=/work/shared/corpus/bulk
WORK=/tmp/lexfrag-cluster-bench
RUNS=5
QUICK=0
QUERIES=$SCRIPT_DIR/queries.txt
OUT=
LEXFRAG=${LEXFRAG:-$REPO/build/lexfrag}

while (($#)); do
	case $1 in
	--runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; RUNS=$2; shift 2 ;;
	--work) [[ -n ${2:-} ]] || die "--work needs a directory"; WORK=$2; shift 2 ;;
	--bulk) [[ -n ${2:-} ]] || die "--bulk needs a directory"; BULK=$2; shift 2 ;;
	--queries) [[ -n ${2:-} ]] || die "--queries needs a file"; QUERIES=$2; shift 2 ;;
	--out) [[ -n ${2:-} ]] || die "--out needs a file"; OUT=$2; shift 2 ;;
	--quick) QUICK=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown option '$1' (try --help)" ;;
	esac
done

[[ -x $LEXFRAG ]] || die "no lexfrag binary at $LEXFRAG (build it, or set LEXFRAG)"
[[ -d $BULK ]] || die "no bulk corpus at $BULK"
[[ -f $QUERIES ]] || die "no queries file $QUERIES"
need=()
command -v xapian-tcpsrv >/dev/null || need+=(xapian-tools)
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
	sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
	$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
mkdir -p "$WORK/logs" "$REPO/bench/results"
[[ -n $OUT ]] || OUT=$REPO/bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)-$(hostname).json

# the servers die with the script, whatever ends it
PIDS_FILE=$WORK/servers.pids
: >"$PIDS_FILE"
cleanup() {
	while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done <"$PIDS_FILE"
}
trap cleanup EXIT INT TERM

export LEXFRAG WORK BULK RUNS QUICK QUERIES OUT PIDS_FILE REPO
exec 3>&1
python3 - <<'PY'
import json, os, shutil, socket, statistics, subprocess, sys, time

LF = os.environ["LEXFRAG"]; WORK = os.environ["WORK"]; BULK = os.environ["BULK"]
RUNS = int(os.environ["RUNS"]); QUICK = os.environ["QUICK"] == "1"
OUT = os.environ["OUT"]; PIDS = os.environ["PIDS_FILE"]; REPO = os.environ["REPO"]
LOGS = os.path.join(WORK, "logs")

def log(*a):
    print("[cluster %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)

queries = [l.strip() for l in open(os.environ["QUERIES"], encoding="utf-8")
           if l.strip() and not l.lstrip().startswith("#")]

def pct(xs, p):
    xs = sorted(xs)
    if len(xs) == 1:
        return xs[0]
    k = (len(xs) - 1) * p
    i = int(k)
    return xs[i] + (xs[min(i + 1, len(xs) - 1)] - xs[i]) * (k - i)

def du(path):
    return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout.split()[0])

def load():
    return [float(x) for x in open("/proc/loadavg").read().split()[:3]]

# ---------------------------------------------------------------- subsets
files = sorted(os.path.relpath(os.path.join(d, f), BULK)
               for d, _, fs in os.walk(BULK) for f in fs if f.endswith(".gz"))
total = len(files)
if QUICK:
    sizes = [300, 1000]
else:
    sizes = [1000, 4000, total]

def subset(n):
    """every k-th file, k = total/n: nested, both collections in proportion"""
    if n >= total:
        return BULK, files
    pick = [files[int(i * total / n)] for i in range(n)]
    root = os.path.join(WORK, "sub-%d" % n)
    mark = os.path.join(root, ".complete")
    if os.path.exists(mark) and open(mark).read() == "%d %s\n" % (n, BULK):
        return root, pick
    shutil.rmtree(root, ignore_errors=True)
    for rel in pick:
        dst = os.path.join(root, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        try:
            os.link(os.path.join(BULK, rel), dst)
        except OSError:
            shutil.copy2(os.path.join(BULK, rel), dst)
    with open(mark, "w") as f:
        f.write("%d %s\n" % (n, BULK))
    return root, pick

def index(root, db, shards):
    shutil.rmtree(db, ignore_errors=True)
    tv = os.path.join(LOGS, os.path.basename(db) + ".time")
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-v", "-o", tv, LF, "index", "-q", "--db", db,
                        "--shards", str(shards), root], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    open(os.path.join(LOGS, os.path.basename(db) + ".log"), "w").write(r.stderr)
    rss = 0.0
    for line in open(tv):
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024.0
    st = json.loads(subprocess.run([LF, "stats", "--db", db, "-f", "json"], capture_output=True,
                                   text=True, check=True).stdout)
    return {"db": db, "shards": shards, "exit": r.returncode, "wall_s": wall, "peak_rss_mb": rss,
            "laws": st["laws"], "provisions": st["provisions"], "index_bytes": du(db)}

def search_cmd(db, q, fmt="text"):
    return [LF, "search", "--db", db, "--limit", "10", "-f", fmt, q]

def top10(db, q):
    r = subprocess.run(search_cmd(db, q, "jsonl"), capture_output=True, text=True)
    if r.returncode:
        return ["exit %d: %s" % (r.returncode, r.stderr.strip()[:200])]
    return [json.loads(l)["id"] for l in r.stdout.splitlines() if l.strip()]

def time_configs(configs):
    """configs: {name: db}; per query, the configurations interleaved"""
    per = {name: [] for name in configs}
    fails = {name: 0 for name in configs}
    for q in queries:
        for name, db in configs.items():  # warm-up
            subprocess.run(search_cmd(db, q), capture_output=True)
        samples = {name: [] for name in configs}
        for _ in range(RUNS):
            for name, db in configs.items():
                t0 = time.perf_counter()
                r = subprocess.run(search_cmd(db, q), capture_output=True)
                samples[name].append((time.perf_counter() - t0) * 1000)
                fails[name] += r.returncode != 0
        for name in configs:
            per[name].append(statistics.median(samples[name]))
    return {name: {"p50_ms": pct(per[name], 0.5), "p95_ms": pct(per[name], 0.95),
                   "per_query_ms": per[name], "failures": fails[name]} for name in configs}

result = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "host": socket.gethostname(),
          "git": subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty"], capture_output=True,
                                text=True).stdout.strip(),
          "machine": {"cpus": os.cpu_count(), "load_start": load()}, "runs": RUNS, "queries": len(queries),
          "bulk_files": total, "quick": QUICK}

# ---------------------------------------------------------------- A. scale
scale = []
for n in sizes:
    root, pick = subset(n)
    log("A: indexing %d files into one shard" % len(pick))
    ix = index(root, os.path.join(WORK, "s1-%d.db" % n), 1)
    ix["files"] = len(pick)
    ix["input_bytes"] = sum(os.path.getsize(os.path.join(BULK, p)) for p in pick)
    log("A: %d laws, %.1f MB, %.1f s; timing searches" % (ix["laws"], ix["index_bytes"] / 1e6, ix["wall_s"]))
    t = time_configs({"local": ix["db"]})["local"]
    ix.update(search_p50_ms=t["p50_ms"], search_p95_ms=t["p95_ms"], search_failures=t["failures"])
    k = ix["laws"] / 1000.0
    ix["per_1000_laws"] = {"index_mb": ix["index_bytes"] / 1e6 / k, "index_s": ix["wall_s"] / k,
                           "provisions": ix["provisions"] / k}
    scale.append(ix)
result["scale"] = scale
result["machine"]["load_after_scale"] = load()

# ---------------------------------------------------------------- B. shards
nB = sizes[-1]
rootB, _ = subset(nB)
dbs = {1: scale[-1]}
for s in (2, 3):
    log("B: indexing %d files into %d shards" % (nB, s))
    dbs[s] = index(rootB, os.path.join(WORK, "s%d-%d.db" % (s, nB)), s)

def shard_dirs(db):
    return [os.path.join(db, l.split()[1]) for l in open(os.path.join(db, "XAPIANDB")) if l.startswith("auto ")]

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p

def serve(path):
    port = free_port()
    p = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port", str(port), path],
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(LOGS, "tcpsrv-%d.log" % port), "w"),
                         start_new_session=True)
    with open(PIDS, "a") as f:
        f.write("%d\n" % p.pid)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("xapian-tcpsrv on %s did not start" % path)

configs = {"local 1 shard (anchor)": dbs[1]["db"], "local 3 shards": dbs[3]["db"]}
for s in (1, 2, 3):
    ports = [serve(d) for d in shard_dirs(dbs[s]["db"])]
    stub = os.path.join(WORK, "remote-%d.stub" % s)
    r = subprocess.run([LF, "shards", "-o", stub] + ["127.0.0.1:%d" % p for p in ports], capture_output=True,
                       text=True)
    if r.returncode:
        raise SystemExit("lexfrag shards failed: " + r.stderr)
    configs["remote %d shard%s" % (s, "s" if s > 1 else "")] = stub

log("B: checking every configuration's top 10 against the anchor")
anchor = configs["local 1 shard (anchor)"]
mismatch = {}
for q in queries:
    want = top10(anchor, q)
    for name, db in configs.items():
        got = top10(db, q)
        if got != want:
            mismatch.setdefault(name, []).append({"query": q, "anchor": want, "got": got})
log("B: timing %d queries x %d runs on %d configurations" % (len(queries), RUNS, len(configs)))
lat = time_configs(configs)
a50 = lat["local 1 shard (anchor)"]["p50_ms"]
for name in lat:
    lat[name]["ratio_p50_to_anchor"] = lat[name]["p50_ms"] / a50
    lat[name]["top10_mismatches"] = len(mismatch.get(name, []))
result["shards"] = {"files": nB, "indexes": {str(k): v for k, v in dbs.items()}, "latency": lat,
                    "mismatches": mismatch}

# ---------------------------------------------------------------- C. similar
# precedent search asks the index far more than search does (term
# frequencies, a law's term positions): the laws of the first queries' top
# results are the drafts, `similar --law` timed on the anchor and on 3
# remote shards, the laws found (ids in order) checked against the anchor's
drafts = []
for q in queries:
    for i in top10(anchor, q)[:1]:
        if i not in drafts and not i.startswith("exit "):
            drafts.append(i)
    if len(drafts) == 5:
        break

def similar_cmd(db, law):
    return [LF, "similar", "--db", db, "--limit", "10", "-f", "jsonl", "--law", law]

def similar_ids(db, law):
    r = subprocess.run(similar_cmd(db, law), capture_output=True, text=True)
    if r.returncode:
        return ["exit %d: %s" % (r.returncode, r.stderr.strip()[:200])]
    return [json.loads(l).get("id") for l in r.stdout.splitlines()[1:] if l.strip()]

sim_configs = {"local 1 shard (anchor)": anchor, "remote 3 shards": configs["remote 3 shards"]}
log("C: similar --law for %d laws x %d runs on %d configurations" % (len(drafts), RUNS, len(sim_configs)))
sim = {name: {"per_law_ms": [], "mismatches": 0} for name in sim_configs}
for law in drafts:
    want = similar_ids(anchor, law)
    samples = {name: [] for name in sim_configs}
    for name, db in sim_configs.items():
        sim[name]["mismatches"] += similar_ids(db, law) != want  # also the warm-up
    for _ in range(RUNS):
        for name, db in sim_configs.items():
            t0 = time.perf_counter()
            subprocess.run(similar_cmd(db, law), capture_output=True)
            samples[name].append((time.perf_counter() - t0) * 1000)
    for name in sim_configs:
        sim[name]["per_law_ms"].append(statistics.median(samples[name]))
s50 = pct(sim["local 1 shard (anchor)"]["per_law_ms"], 0.5)
for name in sim:
    sim[name]["p50_ms"] = pct(sim[name]["per_law_ms"], 0.5)
    sim[name]["ratio_p50_to_anchor"] = sim[name]["p50_ms"] / s50
result["similar"] = {"laws": drafts, "latency": sim}
result["machine"]["load_end"] = load()
with open(OUT, "w") as f:
    json.dump(result, f, indent=1)

out = sys.stdout
out.write("## A. Index and search as the corpus grows (one shard)\n\n")
out.write("| files | laws | provisions | index MB | index s | peak RSS MB | search p50 ms | p95 ms "
          "| MB / 1,000 laws | s / 1,000 laws |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
for x in scale:
    out.write("| %d | %d | %d | %.1f | %.1f | %.0f | %.1f | %.1f | %.1f | %.2f |\n" % (
        x["files"], x["laws"], x["provisions"], x["index_bytes"] / 1e6, x["wall_s"], x["peak_rss_mb"],
        x["search_p50_ms"], x["search_p95_ms"], x["per_1000_laws"]["index_mb"], x["per_1000_laws"]["index_s"]))
out.write("\n## B. Search over shards (%d files; %d queries x %d runs, interleaved)\n\n" % (nB, len(queries), RUNS))
out.write("| configuration | p50 ms | p95 ms | p50 / anchor | top-10 mismatches | failures |\n"
          "|---|---:|---:|---:|---:|---:|\n")
for name, v in lat.items():
    out.write("| %s | %.1f | %.1f | %.2f | %d | %d |\n" % (name, v["p50_ms"], v["p95_ms"],
                                                            v["ratio_p50_to_anchor"], v["top10_mismatches"],
                                                            v["failures"]))
out.write("\n## C. similar --law over shards (%d laws; %d runs)\n\n" % (len(drafts), RUNS))
out.write("| configuration | p50 ms | p50 / anchor | mismatches |\n|---|---:|---:|---:|\n")
for name, v in sim.items():
    out.write("| %s | %.1f | %.2f | %d |\n" % (name, v["p50_ms"], v["ratio_p50_to_anchor"], v["mismatches"]))
out.write("\nload averages: start %s, after A %s, end %s; JSON: %s\n" % (
    result["machine"]["load_start"], result["machine"]["load_after_scale"], result["machine"]["load_end"], OUT))
PY
