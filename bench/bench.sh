#!/usr/bin/env bash
# bench/bench.sh - lexfrag indexing and search benchmark against Xapian omindex.
#
# One run measures both engines on the same machine, one after the other, and
# reports ratios lexfrag/omindex (the machine is shared and noisy: absolute
# figures from different runs are not comparable, ratios from one run are).
# See bench/README.md.
set -euo pipefail

usage() {
	cat <<'EOF'
Usage: bench/bench.sh [OPTIONS]

Indexes the bulk legislation corpus (12,712 German GII and Canadian LIMS XML
files, 593 MB) with Xapian's omindex (the anchor, then xapian-compact) and with
lexfrag, times 20 command-line searches on each index, prints a Markdown table
with the ratios lexfrag/omindex and writes it as JSON to
bench/results/<date>-<host>.json.

Options:
  --runs N          repetitions of each search, per engine (default 5); the
                    per-query figure is the median of the N wall times
  --work DIR        work directory (default /tmp/lexfrag-bench); the corpus is
                    decompressed once into DIR/bulk (DIR/bulk-quick with
                    --quick) and reused while complete; indexes go to
                    DIR/omindex.db, DIR/omindex-compact.db, DIR/lexfrag.db
  --quick           smoke run: only the first 1,000 files (sorted by name) of
                    each collection directory (de-gesetze-im-internet,
                    ca-laws-lois-eng/acts, ca-laws-lois-eng/regulations)
  --skip-omindex    do not run omindex; ratios are then missing
  --skip-lexfrag    do not run lexfrag (e.g. to measure the anchor alone);
                    ratios are then missing
  --skip-tagging    do not measure what risk tagging costs (by default lexfrag
                    also indexes with bench/no-rules-taxonomy.xml, a taxonomy
                    without rules, into DIR/lexfrag-notag.db, and the report
                    gives both times and their ratio)
  --skip-export     do not time 'lexfrag export --format sqlite' of the index
  --skip-similar    do not time 'lexfrag similar' (a 30-provision draft made by
                    bench/make_draft.py from the PIPEDA, edited) and 'lexfrag
                    reuse' over the whole index
  --bulk DIR        the gzipped bulk corpus (default /work/shared/corpus/bulk)
  --queries FILE    one Xapian query per line, '#' comments (default
                    bench/queries.txt)
  --out FILE        JSON output (default bench/results/<date>-<host>.json)
  -h, --help        this text

Environment:
  LEXFRAG=PATH      the lexfrag binary (default <repo>/build/lexfrag)

Needs omindex, quest, xapian-compact (Debian: xapian-omega, xapian-tools) and
GNU time (/usr/bin/time); installs them with apt-get if missing.  python3
(standard library only) does the decompression, timing and statistics.
EOF
}

die() { echo "bench.sh: $*" >&2; exit 1; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
BULK=/work/shared/corpus/bulk
WORK=/tmp/lexfrag-bench
RUNS=5
QUICK=0
DO_OMINDEX=1
DO_LEXFRAG=1
DO_TAGGING=1
DO_EXPORT=1
DO_SIMILAR=1
QUERIES=$SCRIPT_DIR/queries.txt
OUT=
LEXFRAG=${LEXFRAG:-$REPO/build/lexfrag}

while (($#)); do
	case $1 in
	--runs) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; RUNS=$2; shift 2 ;;
	--runs=*) RUNS=${1#*=}; [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; shift ;;
	--work) [[ -n ${2:-} ]] || die "--work needs a directory"; WORK=$2; shift 2 ;;
	--work=*) WORK=${1#*=}; shift ;;
	--bulk) [[ -n ${2:-} ]] || die "--bulk needs a directory"; BULK=$2; shift 2 ;;
	--bulk=*) BULK=${1#*=}; shift ;;
	--queries) [[ -n ${2:-} ]] || die "--queries needs a file"; QUERIES=$2; shift 2 ;;
	--queries=*) QUERIES=${1#*=}; shift ;;
	--out) [[ -n ${2:-} ]] || die "--out needs a file"; OUT=$2; shift 2 ;;
	--out=*) OUT=${1#*=}; shift ;;
	--quick) QUICK=1; shift ;;
	--skip-omindex) DO_OMINDEX=0; shift ;;
	--skip-lexfrag) DO_LEXFRAG=0; shift ;;
	--skip-tagging) DO_TAGGING=0; shift ;;
	--skip-export) DO_EXPORT=0; shift ;;
	--skip-similar) DO_SIMILAR=0; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
((DO_OMINDEX || DO_LEXFRAG)) || die "nothing to do (both engines skipped)"

# Absolute paths: the script may run from any cwd.
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
WORK=$(abspath "$WORK")
BULK=$(abspath "$BULK")
QUERIES=$(abspath "$QUERIES")
[[ -n $OUT ]] && OUT=$(abspath "$OUT")
[[ $LEXFRAG == */* ]] && LEXFRAG=$(abspath "$LEXFRAG")

[[ -d $BULK ]] || die "bulk corpus not found: $BULK"
[[ -f $QUERIES ]] || die "queries file not found: $QUERIES"
command -v python3 >/dev/null || die "python3 is required"

# --- tools --------------------------------------------------------------------
need_pkgs=()
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
((DO_EXPORT)) && ! command -v sqlite3 >/dev/null && need_pkgs+=(sqlite3)
if ((DO_OMINDEX)); then
	command -v omindex >/dev/null && command -v quest >/dev/null || need_pkgs+=(xapian-omega xapian-tools)
	command -v xapian-compact >/dev/null || need_pkgs+=(xapian-tools)
fi
if ((${#need_pkgs[@]})); then
	mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | sort -u)
	log "installing missing packages: ${need_pkgs[*]}"
	sudo_cmd=()
	((EUID == 0)) || sudo_cmd=(sudo)
	"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_pkgs[@]}" ||
		{ "${sudo_cmd[@]}" apt-get update && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_pkgs[@]}"; } ||
		die "could not install ${need_pkgs[*]}"
fi
if ((DO_LEXFRAG)); then
	if [[ ! -x $LEXFRAG || -d $LEXFRAG ]]; then
		found=$(command -v -- "$LEXFRAG" 2>/dev/null) ||
			die "lexfrag binary not found or not executable: $LEXFRAG (build it, set LEXFRAG=..., or pass --skip-lexfrag)"
		LEXFRAG=$found
	fi
fi

mkdir -p "$WORK/logs"
LOGS=$WORK/logs
STATE=$WORK/state.env # key=value lines collected for the report
: >"$STATE"
put() { printf '%s=%s\n' "$1" "$2" >>"$STATE"; }

# --- 1. decompress the corpus once ---------------------------------------------
if ((QUICK)); then ROOT=$WORK/bulk-quick; else ROOT=$WORK/bulk; fi
log "corpus: $BULK -> $ROOT"
# Writes ROOT/.complete (files and bytes) last; a tree without it, or whose
# marker does not match the source's file count, is rebuilt.
python3 - "$BULK" "$ROOT" "$QUICK" <<'PY'
import gzip, os, shutil, sys
src, dst, quick = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
by_dir = {}
for d, _, fs in os.walk(src):
    gz = sorted(f for f in fs if f.endswith(".gz"))
    if gz:
        by_dir[os.path.relpath(d, src)] = gz[:1000] if quick else gz
want = sum(len(v) for v in by_dir.values())
marker = os.path.join(dst, ".complete")
try:
    with open(marker) as f:
        have = dict(l.strip().split("=", 1) for l in f if "=" in l)
    if int(have.get("files", -1)) == want and have.get("source") == os.path.realpath(src):
        print(f"reusing {dst}: {have['files']} files, {have['bytes']} bytes", file=sys.stderr)
        sys.exit(0)
except (OSError, ValueError):
    pass
if os.path.isdir(dst):
    shutil.rmtree(dst)
total = 0
for rel, files in sorted(by_dir.items()):
    od = os.path.normpath(os.path.join(dst, rel))
    os.makedirs(od, exist_ok=True)
    for f in files:
        out = os.path.join(od, f[:-3])
        with gzip.open(os.path.join(src, rel, f), "rb") as i, open(out, "wb") as o:
            shutil.copyfileobj(i, o, 1 << 20)
        total += os.path.getsize(out)
with open(marker, "w") as f:
    f.write(f"files={want}\nbytes={total}\nsource={os.path.realpath(src)}\n")
print(f"decompressed {want} files, {total} bytes into {dst}", file=sys.stderr)
PY
INPUT_FILES=$(sed -n 's/^files=//p' "$ROOT/.complete")
INPUT_BYTES=$(sed -n 's/^bytes=//p' "$ROOT/.complete")
put input_root "$ROOT"
put input_files "$INPUT_FILES"
put input_bytes "$INPUT_BYTES"

# --- measuring helpers ------------------------------------------------------------
now_ns() { date +%s%N; }
# measure NAME CMD...: runs CMD under GNU time, output to LOGS/NAME.log;
# records NAME_wall_s, NAME_rss_kb, NAME_user_s, NAME_sys_s, NAME_rc.
measure() {
	local name=$1 t0 t1 rc=0
	shift
	log "$name: $*"
	t0=$(now_ns)
	/usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.log" 2>&1 || rc=$?
	t1=$(now_ns)
	put "${name}_rc" "$rc"
	put "${name}_wall_s" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')"
	put "${name}_rss_kb" "$(awk -F': *' '/Maximum resident set size/{print $2}' "$LOGS/$name.time")"
	put "${name}_user_s" "$(awk -F': *' '/User time \(seconds\)/{print $2}' "$LOGS/$name.time")"
	put "${name}_sys_s" "$(awk -F': *' '/System time \(seconds\)/{print $2}' "$LOGS/$name.time")"
	if ((rc != 0)); then
		echo "bench.sh: $name exited with status $rc; last lines of $LOGS/$name.log:" >&2
		tail -n 20 "$LOGS/$name.log" >&2
		return "$rc"
	fi
}
dusb() { du -sb -- "$1" | cut -f1; }

put load_start "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 2. omindex (anchor) -----------------------------------------------------------
OMDB=$WORK/omindex.db
OMDB_C=$WORK/omindex-compact.db
if ((DO_OMINDEX)); then
	rm -rf -- "$OMDB" "$OMDB_C"
	# .xml is mapped to text/html: omindex has no XML filter of its own, its
	# HTML parser strips the tags and indexes the text.  --overwrite: fresh db.
	measure omindex omindex --overwrite --db "$OMDB" -Mxml:text/html --url / "$ROOT"
	[[ -d $OMDB ]] || die "omindex wrote no database at $OMDB (log: $LOGS/omindex.log)"
	put omindex_db_bytes "$(dusb "$OMDB")"
	put omindex_docs "$(xapian-delve "$OMDB" 2>/dev/null | sed -n 's/^number of documents = //p')"
	measure omindex_compact xapian-compact "$OMDB" "$OMDB_C"
	put omindex_compact_db_bytes "$(dusb "$OMDB_C")"
	put omindex_version "$(omindex --version | head -n1)"
fi

# --- 3. lexfrag ------------------------------------------------------------------------
LFDB=$WORK/lexfrag.db
if ((DO_LEXFRAG)); then
	rm -rf -- "$LFDB"
	measure lexfrag "$LEXFRAG" index --db "$LFDB" "$ROOT"
	[[ -e $LFDB ]] || die "lexfrag index exited 0 but wrote no database at $LFDB (log: $LOGS/lexfrag.log)"
	put lexfrag_db_bytes "$(dusb "$LFDB")"
	put lexfrag_bin "$LEXFRAG"
	put lexfrag_version "$("$LEXFRAG" --version 2>/dev/null | head -n1 || true)"
fi
# what tagging costs: the same run with a taxonomy that has no rules
if ((DO_LEXFRAG && DO_TAGGING)); then
	rm -rf -- "$WORK/lexfrag-notag.db"
	measure lexfrag_notag "$LEXFRAG" index --db "$WORK/lexfrag-notag.db" \
		--taxonomy "$SCRIPT_DIR/no-rules-taxonomy.xml" "$ROOT"
	put lexfrag_notag_db_bytes "$(dusb "$WORK/lexfrag-notag.db")"
	rm -rf -- "$WORK/lexfrag-notag.db"
fi
# export streams: its peak RSS should not grow with the number of laws
if ((DO_LEXFRAG && DO_EXPORT)); then
	rm -f -- "$WORK/export.sqlite"
	measure lexfrag_export "$LEXFRAG" export --db "$LFDB" --format sqlite --output "$WORK/export.sqlite"
	put lexfrag_export_bytes "$(dusb "$WORK/export.sqlite")"
	put lexfrag_export_laws "$(sqlite3 "$WORK/export.sqlite" 'select count(*) from laws' 2>/dev/null || echo 0)"
	put lexfrag_export_tags "$(sqlite3 "$WORK/export.sqlite" 'select count(*) from tags' 2>/dev/null || echo 0)"
	rm -f -- "$WORK/export.sqlite"
fi

# precedent: a 30-provision edited draft against the whole index, and reuse
if ((DO_LEXFRAG && DO_SIMILAR)); then
	if python3 "$SCRIPT_DIR/make_draft.py" "$LFDB" ca/P-8.6/en 30 "$WORK/draft.txt" "$LEXFRAG" \
		>"$LOGS/draft.labels" 2>"$LOGS/draft.err"; then
		log "similar: $RUNS runs of a 30-provision draft"
		for ((k = 1; k <= RUNS; k++)); do
			t0=$(now_ns)
			"$LEXFRAG" similar --db "$LFDB" --file "$WORK/draft.txt" --format jsonl >"$LOGS/similar.out" 2>&1 ||
				die "lexfrag similar failed (log: $LOGS/similar.out)"
			t1=$(now_ns)
			put "similar_ms_$k" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e6}')"
		done
		put similar_top "$(sed -n '2s/^{"id":"\([^"]*\)".*/\1/p' "$LOGS/similar.out")"
		put similar_draft_words "$(wc -w <"$WORK/draft.txt")"
	else
		log "similar skipped: no ca/P-8.6/en in the index (see $LOGS/draft.err)"
	fi
	measure lexfrag_reuse "$LEXFRAG" reuse --db "$LFDB" --format csv
	put lexfrag_reuse_pairs "$(sed -n 's/.*, \([0-9]*\) pairs reported$/\1/p' "$LOGS/lexfrag_reuse.log")"
fi

# --- 4. search latency, 5. report ----------------------------------------------------
put load_end_index "$(cut -d' ' -f1-3 /proc/loadavg)"
put runs "$RUNS"
put quick "$QUICK"
put do_omindex "$DO_OMINDEX"
put do_lexfrag "$DO_LEXFRAG"
put do_tagging "$DO_TAGGING"
put do_export "$DO_EXPORT"
put do_similar "$DO_SIMILAR"
put host "$(hostname -s 2>/dev/null || hostname)"
put nproc "$(nproc)"
put cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
put mem_kb "$(awk '/^MemTotal:/{print $2}' /proc/meminfo)"
put kernel "$(uname -r)"
put git_commit "$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)"
put date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
if [[ -z $OUT ]]; then
	mkdir -p "$SCRIPT_DIR/results"
	OUT=$SCRIPT_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-$(hostname -s 2>/dev/null || hostname).json
fi
mkdir -p -- "$(dirname -- "$OUT")"

log "search latency: $RUNS runs per query and engine"
python3 - "$STATE" "$QUERIES" "$OUT" "$OMDB_C" "$LFDB" "$LEXFRAG" <<'PY'
import json, os, re, statistics, subprocess, sys, time

state_file, queries_file, out_file, omdb, lfdb, lexfrag = sys.argv[1:7]
S = {}
with open(state_file) as f:
    for line in f:
        k, _, v = line.rstrip("\n").partition("=")
        S[k] = v
runs = int(S["runs"])
do_om, do_lf = S["do_omindex"] == "1", S["do_lexfrag"] == "1"
with open(queries_file, encoding="utf-8") as f:
    queries = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]

def timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (time.perf_counter() - t0) * 1000.0, p

def cmd_for(engine, q):
    if engine == "omindex":
        return ["quest", "-d", omdb, q]
    return [lexfrag, "search", "--db", lfdb, "--limit", "10", q]

engines = [e for e, on in (("omindex", do_om), ("lexfrag", do_lf)) if on]
per_query = []
for q in queries:
    row = {"query": q}
    for e in engines:
        # one untimed warm-up run, which also gives the hit figures
        _, p = timed(cmd_for(e, q))
        info = {"rc": p.returncode}
        out = p.stdout.decode("utf-8", "replace")
        if e == "omindex":
            m = re.search(r"^(Exactly|About|Between) (\d+)", out, re.M)
            info["matches_estimate"] = int(m.group(2)) if m else None
            info["results_shown"] = len(re.findall(r"^\d+: \[", out, re.M))
        else:
            info["output_lines"] = len(out.splitlines())
        if p.returncode != 0:
            info["stderr"] = p.stderr.decode("utf-8", "replace")[-300:]
            print(f"bench.sh: {e} search failed (rc {p.returncode}) for {q!r}: {info['stderr'].strip()}", file=sys.stderr)
        row[e] = info
    times = {e: [] for e in engines}
    for _ in range(runs):          # interleave the engines: noise hits both
        for e in engines:
            ms, _ = timed(cmd_for(e, q))
            times[e].append(round(ms, 3))
    for e in engines:
        row[e]["ms"] = times[e]
        row[e]["median_ms"] = round(statistics.median(times[e]), 3)
    per_query.append(row)

def pct(vals, p):
    """Nearest-rank-with-interpolation percentile (like numpy's default)."""
    v = sorted(vals)
    if not v:
        return None
    k = (len(v) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)

MB = 1e6
in_bytes = int(S["input_bytes"])
res = {}
for e in engines:
    wall = float(S[f"{e}_wall_s"])
    r = {
        "wall_s": wall,
        "mb_per_s": in_bytes / MB / wall if wall > 0 else None,
        "cpu_s": float(S[f"{e}_user_s"]) + float(S[f"{e}_sys_s"]),
        "peak_rss_mb": int(S[f"{e}_rss_kb"]) * 1024 / MB,
        "index_bytes": int(S[f"{e}_db_bytes"]),
        "search_p50_ms": pct([q[e]["median_ms"] for q in per_query], 50),
        "search_p95_ms": pct([q[e]["median_ms"] for q in per_query], 95),
        "search_failures": sum(1 for q in per_query if q[e]["rc"] != 0),
    }
    if e == "omindex":
        r["index_bytes_uncompacted"] = r["index_bytes"]
        r["index_bytes"] = int(S["omindex_compact_db_bytes"])
        r["compact_wall_s"] = float(S["omindex_compact_wall_s"])
        r["compact_peak_rss_mb"] = int(S["omindex_compact_rss_kb"]) * 1024 / MB
        r["documents"] = int(S["omindex_docs"]) if S.get("omindex_docs") else None
        r["version"] = S.get("omindex_version")
    else:
        r["binary"] = S.get("lexfrag_bin")
        r["version"] = S.get("lexfrag_version") or None
    r["index_mb"] = r["index_bytes"] / MB
    res[e] = r

ratios = None
if "omindex" in res and "lexfrag" in res:
    o, l = res["omindex"], res["lexfrag"]
    div = lambda a, b: (a / b) if (a is not None and b) else None
    ratios = {
        "wall": div(l["wall_s"], o["wall_s"]),
        "peak_rss": div(l["peak_rss_mb"], o["peak_rss_mb"]),
        "index_size": div(l["index_bytes"], o["index_bytes"]),
        "search_p50": div(l["search_p50_ms"], o["search_p50_ms"]),
        "search_p95": div(l["search_p95_ms"], o["search_p95_ms"]),
    }

tagging = None
if do_lf and S.get("do_tagging") == "1" and "lexfrag_notag_wall_s" in S:
    t_wall, n_wall = float(S["lexfrag_wall_s"]), float(S["lexfrag_notag_wall_s"])
    t_cpu = float(S["lexfrag_user_s"]) + float(S["lexfrag_sys_s"])
    n_cpu = float(S["lexfrag_notag_user_s"]) + float(S["lexfrag_notag_sys_s"])
    tagging = {"tagged_wall_s": t_wall, "untagged_wall_s": n_wall, "wall_ratio": t_wall / n_wall,
               "tagged_cpu_s": t_cpu, "untagged_cpu_s": n_cpu, "cpu_ratio": t_cpu / n_cpu,
               "untagged_index_bytes": int(S["lexfrag_notag_db_bytes"])}
export = None
if do_lf and S.get("do_export") == "1" and "lexfrag_export_wall_s" in S:
    export = {"wall_s": float(S["lexfrag_export_wall_s"]),
              "peak_rss_mb": int(S["lexfrag_export_rss_kb"]) * 1024 / MB,
              "sqlite_bytes": int(S["lexfrag_export_bytes"]),
              "laws": int(S["lexfrag_export_laws"]), "tags": int(S["lexfrag_export_tags"])}

similar = None
if do_lf and S.get("do_similar") == "1" and "similar_ms_1" in S:
    ms = sorted(float(S[f"similar_ms_{k}"]) for k in range(1, runs + 1) if f"similar_ms_{k}" in S)
    similar = {"draft_words": int(S.get("similar_draft_words", "0") or 0), "runs_ms": ms,
               "p50_ms": ms[len(ms) // 2], "top_law": S.get("similar_top", "")}
reuse = None
if do_lf and S.get("do_similar") == "1" and "lexfrag_reuse_wall_s" in S:
    reuse = {"wall_s": float(S["lexfrag_reuse_wall_s"]),
             "peak_rss_mb": int(S["lexfrag_reuse_rss_kb"]) * 1024 / MB,
             "pairs": int(S.get("lexfrag_reuse_pairs", "0") or 0)}

doc = {
    "date": S["date"], "host": S["host"], "git": S["git_commit"],
    "machine": {"nproc": int(S["nproc"]), "cpu": S["cpu"], "mem_mb": int(S["mem_kb"]) // 1024,
                "kernel": S["kernel"], "loadavg_start": S["load_start"],
                "loadavg_after_indexing": S["load_end_index"],
                "loadavg_end": open("/proc/loadavg").read().split()[:3]},
    "input": {"root": S["input_root"], "files": int(S["input_files"]), "bytes": in_bytes,
              "quick": S["quick"] == "1"},
    "search_runs": runs, "queries": len(queries),
    "engines": res, "ratios_lexfrag_over_omindex": ratios,
    "tagging": tagging, "export": export, "similar": similar, "reuse": reuse,
    "per_query": per_query,
}
with open(out_file, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=2)
    f.write("\n")

def fmt(x, nd=1):
    return "n/a" if x is None else f"{x:.{nd}f}"

print()
print(f"Input: {int(S['input_files']):,} files, {in_bytes / MB:.1f} MB"
      f"{' (--quick)' if S['quick'] == '1' else ''}; {len(queries)} queries x {runs} runs;"
      f" host {S['host']} ({S['nproc']} CPUs), load {S['load_start']}")
print()
print("| engine | wall s | MB/s | peak RSS MB | index MB | search p50 ms | p95 ms |")
print("|---|---:|---:|---:|---:|---:|---:|")
for e in engines:
    r = res[e]
    name = e
    print(f"| {name} | {fmt(r['wall_s'])} | {fmt(r['mb_per_s'])} | {fmt(r['peak_rss_mb'])} |"
          f" {fmt(r['index_mb'])} | {fmt(r['search_p50_ms'])} | {fmt(r['search_p95_ms'])} |")
print()
if ratios:
    print("| lexfrag / omindex | wall | peak RSS | index size | search p50 | search p95 |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| ratio | {fmt(ratios['wall'], 2)} | {fmt(ratios['peak_rss'], 2)} | {fmt(ratios['index_size'], 2)} |"
          f" {fmt(ratios['search_p50'], 2)} | {fmt(ratios['search_p95'], 2)} |")
else:
    print("Ratios lexfrag/omindex: missing (one engine was skipped).")
print()
if "omindex" in res:
    o = res["omindex"]
    print(f"omindex: index before compaction {o['index_bytes_uncompacted'] / MB:.1f} MB, "
          f"index MB above is after xapian-compact ({o['compact_wall_s']:.1f} s, not in wall s); "
          f"{o['documents']} documents; CPU {o['cpu_s']:.1f} s (user+sys)")
if "lexfrag" in res:
    print(f"lexfrag: CPU {res['lexfrag']['cpu_s']:.1f} s (user+sys)")
if tagging:
    print(f"tagging: indexing with the taxonomy {tagging['tagged_wall_s']:.1f} s wall, "
          f"{tagging['tagged_cpu_s']:.1f} s CPU; with no rules {tagging['untagged_wall_s']:.1f} s wall, "
          f"{tagging['untagged_cpu_s']:.1f} s CPU; ratio {tagging['wall_ratio']:.2f} wall, "
          f"{tagging['cpu_ratio']:.2f} CPU")
if similar:
    print(f"similar: a {similar['draft_words']}-word 30-provision draft, p50 {similar['p50_ms']:.0f} ms "
          f"over {len(similar['runs_ms'])} runs (process start included); first result {similar['top_law']}")
if reuse:
    print(f"reuse: {reuse['pairs']:,} pairs in {reuse['wall_s']:.1f} s, peak RSS {reuse['peak_rss_mb']:.0f} MB")
if export:
    print(f"export: {export['laws']:,} laws, {export['tags']:,} tags to SQLite in {export['wall_s']:.1f} s, "
          f"peak RSS {export['peak_rss_mb']:.0f} MB, {export['sqlite_bytes'] / MB:.1f} MB")
for e in engines:
    if res[e]["search_failures"]:
        print(f"WARNING: {res[e]['search_failures']} {e} searches exited non-zero (see per_query in the JSON)")
print(f"JSON: {out_file}")
PY
