#!/usr/bin/env bash
# bench/dos.sh - the requests of issue 17 (items 1 and 2) timed: queries of
# many wildcards, with and without facets and --by risk, and 'similar' on
# drafts of many short articles; each against an anchor measured in the
# same run (a one-word search, 'similar' on an evaluation draft).
#
#   bench/dos.sh [--runs N] [--work DIR] [--db DB] [--skip-serve] [--skip-4mb]
#
# The database defaults to ../shared/corpus/laws indexed into DIR/laws.db
# (211 laws).  LEXFRAG=path/to/lexfrag (default build/lexfrag); with
# LEXFRAG_BEFORE=path/to/an/older/lexfrag every case is also run with it,
# side by side.  Every command runs under 'timeout' (TIMEOUT, default 600 s)
# and 'ulimit -v' (VMEM_KB, default 4 GB), so that the code before the fix
# stops instead of taking the machine: such a case shows "timeout" or "out
# of memory".  Needs GNU time and curl.  See bench/README.md.
set -uo pipefail

runs=3
work=/tmp/lexfrag-dos
db=
serve=1
big=1
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	--work) work=$2; shift ;;
	--db) db=$2; shift ;;
	--skip-serve) serve=0 ;;
	--skip-4mb) big=0 ;;
	-h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "dos.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
new=${LEXFRAG:-$repo/build/lexfrag}
old=${LEXFRAG_BEFORE:-}
timeout_s=${TIMEOUT:-600}
vmem=${VMEM_KB:-4194304}
mkdir -p "$work"
if [ -z "$db" ]; then
	db=$work/laws.db
	[ -d "$db" ] || "$new" index -q --db "$db" "$repo/../shared/corpus/laws" || exit 1
fi

# the drafts: short articles made from a law of the corpus
src=$repo/corpus/in/dpdp_act_2023.md
for size in 409600 1228800 4300000; do
	[ -s "$work/draft-$size.txt" ] || sh "$here/make_big_draft.sh" -b "$size" "$src" >"$work/draft-$size.txt"
done
anchor_draft=$repo/eval/drafts/d01_kenya_data_bill.txt

# one BIN CMD...: runs CMD (with "$BIN" set) $runs times; prints
# "median_wall_s peak_rss_kb status" (status: ok, exit N, timeout, out of memory)
one() {
	local bin=$1 walls=() rss=0 status=ok
	shift
	for ((i = 0; i < runs; i++)); do
		local t0=$EPOCHREALTIME
		(ulimit -v "$vmem"; BIN=$bin /usr/bin/time -f "%M %x" -o "$work/time" \
			timeout "$timeout_s" bash -c "$*" >/dev/null 2>"$work/err")
		w=$(echo "$EPOCHREALTIME - $t0" | bc)
		read -r m x < <(tail -1 "$work/time") || { m=0 x=1; }
		case $x in
		0 | 2) ;;
		124) status=timeout ;;
		*) grep -q "out of memory" "$work/err" && status="out of memory" || status="exit $x" ;;
		esac
		[ "$x" = 2 ] && status="refused (exit 2)"
		walls+=("$w")
		[ "$m" -gt "$rss" ] && rss=$m
		[ "$status" = ok ] || [ "$status" = "refused (exit 2)" ] || break
	done
	printf '%.3f %s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((${#walls[@]} + 1) / 2))p")" "$rss" "$status"
}

# serve BIN: starts 'BIN serve' on a free port, sets $port and $spid
serve_start() {
	port=$((20000 + RANDOM % 20000))
	"$1" serve --db "$db" --port "$port" --threads 2 2>/dev/null &
	spid=$!
	for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/taxonomy" >/dev/null && return; sleep 0.1; done
	echo "dos.sh: the server did not start" >&2
}
serve_stop() { kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; }
trap 'serve_stop' EXIT

words() { local s=; for ((i = 0; i < $2; i++)); do s+="$1 "; done; echo "$s"; }
az=$(echo {a..z}'*')
ap=$(echo {a..p}'*')
urlq() { echo "$1" | sed 's/ /+/g'; }

cases=(
	"search: data (anchor)|\"\$BIN\" search --db '$db' data"
	"search: 10 x a*|\"\$BIN\" search --db '$db' '$(words 'a*' 10)'"
	"search: 40 x a*|\"\$BIN\" search --db '$db' '$(words 'a*' 40)'"
	"search: 400 x a*|\"\$BIN\" search --db '$db' '$(words 'a*' 400)'"
	"search: a* ... z*|\"\$BIN\" search --db '$db' '$az'"
	"search: a* ... p* (16)|\"\$BIN\" search --db '$db' '$ap'"
	"search: a* ... z* --by risk|\"\$BIN\" search --db '$db' --by risk '$az'"
	"search: 16 XORs|\"\$BIN\" search --db '$db' 'data$(for i in $(seq 16); do printf ' XOR w%d' "$i"; done)'"
	"similar: evaluation draft (anchor)|\"\$BIN\" similar --db '$db' --file '$anchor_draft'"
	"similar: 400 KB, short articles|\"\$BIN\" similar --db '$db' --file '$work/draft-409600.txt'"
	"similar: 1.2 MB|\"\$BIN\" similar --db '$db' --file '$work/draft-1228800.txt'"
)
[ "$big" = 1 ] && cases+=("similar: 4.1 MB|\"\$BIN\" similar --db '$db' --file '$work/draft-4300000.txt'")

bins=("$new")
[ -n "$old" ] && bins=("$old" "$new")
echo "| case | $([ -n "$old" ] && echo 'before: s | before: peak MB | ')s (median of $runs) | peak MB | / anchor | status |"
echo "|---|$([ -n "$old" ] && echo '---:|---:|')---:|---:|---:|---|"
declare -A anchor
row() { # label results...
	local label=$1 line="| $1 |"
	shift
	for r in "$@"; do line+=" $r |"; done
	echo "$line"
}
run_cases() { # label-prefix, the commands to run for each binary set by a function
	for c in "$@"; do
		local label=${c%%|*} cmd=${c#*|} cells=() kind=${c%%:*}
		for b in "${bins[@]}"; do
			read -r w m st < <(one "$b" "$cmd")
			case $label in *anchor*) anchor[$kind$b]=$w ;; esac
			cells+=("$w" "$(echo "$m / 1024" | bc)")
			[ "$b" = "$new" ] && cells+=("$(echo "scale=1; $w / ${anchor[$kind$b]:-1}" | bc 2>/dev/null)" "$st")
			[ "$b" != "$new" ] && [ "$st" != ok ] && cells[-2]="${cells[-2]} ($st)"
		done
		row "$label" "${cells[@]}"
	done
}
run_cases "${cases[@]}"

# through the API and the pages: facets, the HTML page ranked by risk
if [ "$serve" = 1 ]; then
	for q in "$az" "$ap"; do
		for path in "api/search?q=$(urlq "$q")&facets=1" "?q=$(urlq "$q")&by=risk"; do
			cells=()
			for b in "${bins[@]}"; do
				serve_start "$b"
				walls=()
				for ((i = 0; i < runs; i++)); do
					walls+=("$(curl -s -o /dev/null -m "$timeout_s" -w '%{time_total}' "http://127.0.0.1:$port/$path")")
				done
				rss=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$spid/status")
				serve_stop
				w=$(printf '%.3f' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")")
				cells+=("$w" "$(echo "${rss:-0} / 1024" | bc)")
				[ "$b" = "$new" ] && cells+=("$(echo "scale=1; $w / ${anchor[search$b]:-1}" | bc)" "server")
			done
			row "serve: /${path%%\?*} $(echo "$q" | wc -w) wildcards, ${path#*&}" "${cells[@]}"
		done
	done
fi
