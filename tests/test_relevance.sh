#!/usr/bin/env bash
# tests/test_relevance.sh - the relevance floor (ctest test_relevance).
#
#   tests/test_relevance.sh LEXFRAG SOURCE_DIR WORK_DIR [FLOOR_TSV]
#
# Unpacks the judged corpus (eval/search/laws.tar.xz) into WORK_DIR, indexes
# it with LEXFRAG, runs eval/search_eval.py over eval/search/queries.tsv and
# fails when the mean nDCG@10 of mono or cross queries is below the floor
# (eval/search/floor.tsv unless given): ranking cannot silently regress.
# A quality floor, not a timing.
set -euo pipefail
lexfrag=$1 src=$2 work=$3 floor=${4:-$2/eval/search/floor.tsv}
mkdir -p "$work"
rm -rf "$work/laws" "$work/db"
python3 - "$src/eval/search/laws.tar.xz" "$work" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1]) as t:
    for m in t.getmembers():
        # a member outside laws/ or not a plain file or directory: refused
        if not (m.name == "laws" or m.name.startswith("laws/")) or ".." in m.name.split("/") \
                or not (m.isfile() or m.isdir()):
            sys.exit("test_relevance: unexpected member %r in the tarball" % m.name)
    t.extractall(sys.argv[2])
PY
n=$(find "$work/laws" -type f | wc -l)
[ "$n" -eq 213 ] || { echo "test_relevance: $n files unpacked, 213 expected (211 laws, README, MANIFEST)" >&2; exit 1; }
set +e
"$lexfrag" index --db "$work/db" "$work/laws" 2>"$work/index.log"
st=$?
set -e
if [ "$st" -gt 1 ] || ! grep -q " 0 failed" "$work/index.log"; then
	cat "$work/index.log" >&2
	exit 1
fi
python3 "$src/eval/search_eval.py" --lexfrag "$lexfrag" --db "$work/db" --manifest "$work/laws/MANIFEST.tsv" \
	--queries "$src/eval/search/queries.tsv" --qrels "$src/eval/search/qrels.tsv" --floor "$floor"
