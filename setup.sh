#!/usr/bin/env bash
# setup.sh - install what lexfrag needs, build it, and run the demo or the tests.
#
#   ./setup.sh demo   install, build, index corpus/ and run a sample search
#   ./setup.sh test   install (with chromium and clang for the browser test
#                     and the fuzzers), build (normal, and ASan+UBSan with
#                     fault injection), run every test, replay every saved
#                     fuzz input, and fuzz each target briefly (fuzz/smoke.sh)
#   ./setup.sh build  install and build only
#
# Works on a fresh Debian 12 machine as root (uses sudo when not root).
set -euo pipefail

cd "$(dirname "$0")"
JOBS=$(nproc 2>/dev/null || echo 2)
PKGS=(build-essential cmake pkg-config libxapian-dev libxml2-dev zlib1g-dev
      libutf8proc-dev libcriterion-dev libsqlite3-dev sqlite3 libmicrohttpd-dev curl xapian-tools
      libuchardet-dev libexttextcat-dev libexttextcat-data libicu-dev
      dict-de-en dict-freedict-eng-deu dict-freedict-deu-eng dict-freedict-eng-fra dict-freedict-fra-eng
      dict-freedict-eng-spa dict-freedict-spa-eng dict-freedict-eng-por dict-freedict-por-eng
      dict-freedict-eng-rus dict-freedict-eng-ind dict-freedict-eng-srp dict-freedict-srp-eng)
# the tests also drive a headless browser against 'lexfrag serve', and
# fuzz the readers, taxonomy, queries and HTTP handling with libFuzzer
# (clang; libclang-rt-14-dev holds libFuzzer and the sanitizer runtimes);
# jq parses every JSON output of tests/test_output.c; python3 runs
# eval/search_eval.py (test_relevance)
TEST_PKGS=(chromium clang libclang-rt-14-dev jq python3)

install_deps() {
	local missing=()
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "setup: installing ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake options...]
	local dir=$1
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
	cmake --build "$dir" -j "$JOBS"
}

case "${1:-}" in
demo)
	install_deps
	build build
	rm -rf build/demo.db
	./build/lexfrag index --db build/demo.db corpus
	./build/lexfrag stats --db build/demo.db
	echo
	echo '$ lexfrag search "transfer of personal data to a third country"'
	./build/lexfrag search --db build/demo.db --limit 5 "transfer of personal data to a third country"
	;;
test)
	PKGS+=("${TEST_PKGS[@]}")
	install_deps
	build build -DLF_WERROR=ON
	(cd build && ctest --output-on-failure -j "$JOBS")
	# the whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer,
	# with fault injection built in (tests/test_fault.c sweeps it)
	build build-asan -DLF_WERROR=ON -DLF_SANITIZE=ON -DLF_FAULT=ON -DCMAKE_BUILD_TYPE=Debug
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$JOBS")
	# libFuzzer: every target for a fixed budget (the replay of saved inputs
	# already ran in both suites above)
	fuzz/smoke.sh "${LF_FUZZ_SECONDS:-15}"
	;;
build)
	install_deps
	build build
	;;
*)
	echo "usage: $0 demo|test|build" >&2
	exit 2
	;;
esac
