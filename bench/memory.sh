#!/usr/bin/env bash
# bench/memory.sh - the indexer's peak memory as the corpus grows: the bulk
# corpus indexed once, twice and four times (hard-linked copies under
# separate roots, so every law is read and indexed again), and one huge
# file.  Prints one line per run: roots, files, laws, wall s, peak RSS MB.
#
#   bench/memory.sh BULK_DIR [WORK_DIR]
#
# BULK_DIR is the decompressed bulk corpus (bench/bench.sh leaves it in
# /tmp/lexfrag-bench/bulk).  LEXFRAG=path/to/lexfrag.
set -euo pipefail
bulk=${1:?usage: bench/memory.sh BULK_DIR [WORK_DIR]}
work=${2:-/tmp/lexfrag-memory}
here=$(cd "$(dirname "$0")" && pwd)
lexfrag=${LEXFRAG:-$here/../build/lexfrag}
mkdir -p "$work"
for i in 1 2 3 4; do
	[ -d "$work/r$i" ] || cp -al "$bulk" "$work/r$i"
done
run() { # label db roots...
	local label=$1 db=$2
	shift 2
	rm -rf "$db"
	/usr/bin/time -f "%e %M" -o "$work/time.txt" "$lexfrag" index -q --db "$db" "$@" 2>"$work/err.txt" || true
	read -r wall rss <"$work/time.txt"
	laws=$("$lexfrag" stats --db "$db" --format json | sed 's/.*"laws":\([0-9]*\).*/\1/')
	printf '%-8s laws %-7s wall %7.1f s  peak RSS %6.1f MB  %s\n' "$label" "$laws" "$wall" \
		"$(echo "$rss / 1024" | bc -l)" "$(tail -1 "$work/err.txt")"
	rm -rf "$db"
}
run 1x "$work/db" "$work/r1"
run 2x "$work/db" "$work/r1" "$work/r2"
run 4x "$work/db" "$work/r1" "$work/r2" "$work/r3" "$work/r4"
