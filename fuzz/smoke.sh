#!/usr/bin/env bash
# fuzz/smoke.sh [SECONDS_PER_TARGET] - a short fuzzing run of every target.
#
# Builds the libFuzzer targets in build-fuzz/ (clang, ASan + UBSan;
# configured on first use), then runs each for SECONDS_PER_TARGET (default
# 20), as many at once as there are CPUs, on a copy of its seed corpus (the
# committed corpus never grows) plus its regression inputs.  Prints one line
# per target: executions, and whether it found anything.  Exits 1 if any
# target crashed, leaked, hit UB, ran out of memory or timed out; the line
# then names the saved input (under build-fuzz/fuzz-artifacts/) and the log.
#
# Environment: LF_FUZZ_BUILD (default build-fuzz), LF_FUZZ_JOBS (default
# nproc), LF_FUZZ_TARGETS (default all, e.g. "akn query").
set -uo pipefail

secs=${1:-20}
cd "$(dirname "$0")/.." || exit 1
root=$PWD
build=${LF_FUZZ_BUILD:-build-fuzz}
jobs=${LF_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
case $secs in '' | *[!0-9]*) echo "usage: $0 [SECONDS_PER_TARGET]" >&2; exit 2 ;; esac

if [ -z "${LF_FUZZ_TARGETS:-}" ]; then
	LF_FUZZ_TARGETS=$(cd fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//; /^util$/d')
fi
mkdir -p "$build"
if [ ! -f "$build/CMakeCache.txt" ]; then
	CC=clang CXX=clang++ cmake -S . -B "$build" -DLF_FUZZ=ON -DLF_SANITIZE=ON -DLF_TESTS=OFF \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 ||
		{ cat "$build/configure.log"; echo "smoke: cannot configure $build" >&2; exit 1; }
fi
cmake --build "$build" -j "$jobs" --target fuzzers >"$build/build.log" 2>&1 ||
	{ tail -50 "$build/build.log"; echo "smoke: cannot build the fuzz targets" >&2; exit 1; }

work=$(mktemp -d /tmp/lexfrag-fuzz-smoke-XXXXXX)
trap 'rm -rf "$work"' EXIT
logs=$build/fuzz-logs
arts=$build/fuzz-artifacts
mkdir -p "$logs" "$arts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# leaks inside third-party libraries that lexfrag cannot free (see the file)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/fuzz/lsan.supp}

# run_one TARGET: fuzzes it; leaves "rc runs" in $work/TARGET.result
run_one() {
	local t=$1 opts=() regs=() rc
	cp -r "fuzz/corpus/$t" "$work/$t"
	[ -f "fuzz/$t.dict" ] && opts+=(-dict="fuzz/$t.dict")
	# text and HTML cost about 4 us a byte under the sanitizers: mutate
	# their first 16 KiB (the parsers recover from a cut; XML would not)
	case $t in text | html) opts+=(-max_len=16384) ;; esac
	[ -d "fuzz/regressions/$t" ] && regs=("fuzz/regressions/$t")
	# the outer timeout only guards against a hang outside libFuzzer's control
	timeout $((secs + 300)) "$build/fuzz/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 -artifact_prefix="$arts/$t-" "${opts[@]}" \
		"$work/$t" "${regs[@]}" >"$logs/$t.log" 2>&1
	rc=$?
	echo "$rc $(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)" >"$work/$t.result"
}

echo "smoke: fuzzing $(echo $LF_FUZZ_TARGETS | wc -w) targets for ${secs}s each, $jobs at a time"
for t in $LF_FUZZ_TARGETS; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	run_one "$t" &
done
wait

failed=0
for t in $LF_FUZZ_TARGETS; do
	read -r rc runs <"$work/$t.result"
	if [ "$rc" -eq 0 ]; then
		printf 'fuzz_%-12s %9s runs  ok\n' "$t" "${runs:-?}"
	else
		failed=1
		input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$logs/$t.log" | tail -1)
		what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer|UndefinedBehaviorSanitizer): [a-zA-Z -]+|runtime error: .*|fuzz: .*' "$logs/$t.log")
		printf 'fuzz_%-12s %9s runs  FAILED (exit %s): %s; input: %s; log: %s\n' "$t" "${runs:-?}" "$rc" \
			"${what:-see the log}" "${input:-none saved}" "$logs/$t.log"
	fi
done
exit $failed
