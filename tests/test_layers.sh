#!/usr/bin/env bash
# test_layers.sh - the layering of the tree (tools/check_layers.sh).
#
# usage: test_layers.sh tree SOURCE_DIR     check the tree: no include against
#                                           the layers, no cycle, no file over
#                                           1,000 lines (ctest test_layers)
#        test_layers.sh checker SOURCE_DIR  check the checker on small trees
#                                           made here, one clean and one with a
#                                           fault of each kind it must report
#                                           (ctest test_layers_checker)
set -euo pipefail
mode=$1 src=$2
check=$src/tools/check_layers.sh

if [ "$mode" = tree ]; then
	if ! out=$(bash "$check" "$src"); then
		echo "$out" >&2
		echo "test_layers: $(wc -l <<<"$out") problem(s) in the tree (tools/check_layers.sh)" >&2
		exit 1
	fi
	echo "test_layers: ok"
	exit 0
fi
[ "$mode" = checker ] || { echo "usage: $0 tree|checker SOURCE_DIR" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lexfrag-layers-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# put TREE/FILE with the given lines
put() { local f=$1/$2; shift 2; mkdir -p "$(dirname "$f")"; printf '%s\n' "$@" >"$f"; }

# a clean tree: every include goes down (or stays), tests include anything
t=$tmp/clean
put "$t" include/lexfrag/lexfrag.h '#include "err.h"'
put "$t" include/lexfrag/err.h '/* err */'
put "$t" core/buf.h '#include "lexfrag/lexfrag.h"'
put "$t" core/buf.c '#include "core/buf.h"' '#include "buf.h"' '#include "lf_builtin_taxonomy.c"'
put "$t" core/text/text.c '#include "core/buf.h"' '#include "../buf.h"'
put "$t" core/store/x.cc '#include "core/buf.h"'
put "$t" tagging/tx_int.h '#include "core/buf.h"'
put "$t" tagging/tagger.c '#include "tagging/tx_int.h"' '#include "core/text/text.h"'
put "$t" indexer/readers/akn.c '#include "tagging/tagger.h"' '#include "core/buf.h"'
put "$t" indexer/indexer.c '#include "indexer/readers/akn.h"' '#include "readers/akn.h"'
put "$t" query/search.c '#include "core/store/x.h"' '#include <stdio.h>'
put "$t" web/web.c '  #  include "app/out.h"'
put "$t" app/out.h '#include "precedent/p.h"'
put "$t" cli/main.c '#include "web/web.h"' '#include "app/out.h"'
put "$t" tests/test_x.c '#include "cli/main.c"' '#include "tagging/tx_int.h"'
put "$t" tests/util.h '/* util */'
mkdir -p "$t/precedent"
touch "$t/core/text/text.h" "$t/core/store/x.h" "$t/precedent/p.h" "$t/web/web.h" "$t/tagging/tagger.h" \
	"$t/indexer/readers/akn.h"
# a file of exactly 1,000 lines is allowed
seq 1000 | sed 's|^|// |' >"$t/query/long.c"
# every source listed in the build (the tests by their program's name)
put "$t" CMakeLists.txt 'set(SRC core/buf.c core/text/text.c core/store/x.cc tagging/tagger.c' \
	'  indexer/readers/akn.c indexer/indexer.c query/search.c query/long.c web/web.c cli/main.c' \
	'  core/arena.c core/text/lang.c precedent/passage.c query/export.c web/serve.c src/stray.c' \
	'  indexer/huge.c) # query/unlisted.c is not: a comment does not list it' 'set(TESTS test_x)'
if ! out=$(bash "$check" "$t" 2>&1); then
	fail "the clean tree is refused:"
	echo "$out" >&2
elif [ -n "$out" ]; then
	fail "the clean tree gives output: $out"
fi
# a tree with one fault of each kind, each to be named with file:line
t=$tmp/bad
cp -r "$tmp/clean/." "$t"
put "$t" core/arena.c '/* up */' '#include "query/q.h"'
put "$t" query/q.h '#include "core/buf.h"'
put "$t" core/text/lang.c '#include "core/store/x.h"'
put "$t" precedent/passage.c '#include "core/buf.h"' '#include "tagging/tx_int.h"'
put "$t" query/export.c '#include "tests/util.h"'
put "$t" web/serve.c '#include "cli/cli.h"'
put "$t" cli/cli.h '/* cli */'
put "$t" src/stray.c '#include "core/buf.h"'
seq 1001 | sed 's|^|// |' >"$t/indexer/huge.c"
put "$t" query/unlisted.c '/* built by nobody */'
status=0
out=$(bash "$check" "$t" 2>&1) || status=$?
[ "$status" -eq 1 ] || fail "the faulty tree: exit status $status, not 1"
expect=(
	'core/arena.c:2: core/ includes "query/q.h" (query/), which is not below it'
	'core/text/lang.c:1: core/text/ includes "core/store/x.h" (core/store/), which is not below it'
	'precedent/passage.c:2: precedent/ includes "tagging/tx_int.h", private to tagging/'
	'query/export.c:1: query/ includes "tests/util.h" (tests/), which is not below it'
	'web/serve.c:1: web/ includes "cli/cli.h" (cli/), which is not below it'
	'src/stray.c:1: src/ is in no layer (tools/check_layers.sh)'
	'indexer/huge.c: 1001 lines (at most 1000)'
	'query/unlisted.c: not listed in CMakeLists.txt (sources are listed one by one)'
	'cycle: core/ -> query/ -> core/ (core/arena.c:2, query/q.h:1)'
	'cycle: web/ -> cli/ -> web/ (web/serve.c:1, cli/main.c:1)'
)
for e in "${expect[@]}"; do
	grep -qxF -- "$e" <<<"$out" || fail "not reported: $e"
done
if [ "$(wc -l <<<"$out")" -ne "${#expect[@]}" ]; then
	fail "the faulty tree: $(wc -l <<<"$out") lines reported, ${#expect[@]} expected:"
	echo "$out" >&2
fi

# a private header included from a folder below (indexer/readers/), alone
t=$tmp/private
cp -r "$tmp/clean/." "$t"
put "$t" indexer/readers/akn.c '#include "tagging/tx_int.h"'
out=$(bash "$check" "$t" 2>&1) && fail "indexer/readers/ including tagging/tx_int.h is not refused"
[ "$out" = 'indexer/readers/akn.c:1: indexer/readers/ includes "tagging/tx_int.h", private to tagging/' ] ||
	fail "indexer/readers/akn.c including tagging/tx_int.h: reported as '$out'"

if [ "$fails" -ne 0 ]; then
	echo "test_layers_checker: $fails failure(s)" >&2
	exit 1
fi
echo "test_layers_checker: ok"
