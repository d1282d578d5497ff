#!/usr/bin/env bash
# bench/load.sh - load test of 'lexfrag serve': wrk from a second process on
# 127.0.0.1 against /api/search, reporting requests per second, p50 and p99
# latency, errors, and the server's RSS before and after (flat memory).
#
#   bench/load.sh DB [CONNECTIONS [SECONDS [THREADS]]]
#
# The first run is the anchor, /api/taxonomy (no index work).
# Defaults: 16 connections, 20 s, the server's default threads (one per CPU).  Needs wrk
# (Debian: wrk; installed when missing).  LEXFRAG=path/to/lexfrag.
set -euo pipefail
db=${1:?usage: bench/load.sh DB [CONNECTIONS [SECONDS [THREADS]]]}
conns=${2:-16}
secs=${3:-20}
threads=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
lexfrag=${LEXFRAG:-$here/../build/lexfrag}
command -v wrk >/dev/null || { [ "$(id -u)" -eq 0 ] && apt-get install -y -qq wrk >/dev/null; }
port=$((30000 + $$ % 20000))
"$lexfrag" serve --db "$db" --port "$port" ${threads:+--threads "$threads"} 2>/dev/null &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/taxonomy" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/{print $2}' "/proc/$pid/status"; }
before=$(rss)
# The anchor, in the same run: /api/taxonomy answers from memory, so it
# measures HTTP, the queue and this machine's noise, not the index.
for path in "/api/taxonomy" "/api/search?q=data%20protection&limit=10" "/api/search?q=interception&limit=10" \
	"/api/search?q=Datenlokalisierung&limit=10" \
	"/api/search?q=%E6%95%B0%E6%8D%AE%E6%9C%AC%E5%9C%B0%E5%8C%96&limit=10"; do
	echo "== $path, $conns connections, $secs s, ${threads:-default} server threads"
	wrk -t2 -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$port$path" |
		grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
done
echo "server RSS: ${before} kB before, $(rss) kB after"
