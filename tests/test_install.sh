#!/usr/bin/env bash
# test_install.sh - 'cmake --install' of the build tree into a staging
# prefix, what lands where, and a tiny C program built against the
# installed library with pkg-config that opens a database indexed from
# corpus/ and searches it (cmake/install.cmake; README, "Installing").
#
# usage: test_install.sh BUILD_DIR SOURCE_DIR LIBDIR INCLUDEDIR BINDIR DATADIR MANDIR [CFLAGS]
# (the GNUInstallDirs directories relative to the prefix; CFLAGS for the
# tiny program: the sanitizer flags of an LF_SANITIZE build)
set -euo pipefail
build=$1 src=$2 libdir=$3 incdir=$4 bindir=$5 datadir=$6 mandir=$7
extra_cflags=${8:-}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lexfrag-install-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

prefix=$tmp/usr
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || {
	cat "$tmp/install.log" >&2
	exit 1
}

# --- what goes where
commands=$("$build/lexfrag" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
[ -n "$commands" ] || fail "no commands in lexfrag --help"
expect=(
	"$bindir/lexfrag"
	"$libdir/liblexfrag.so"
	"$libdir/pkgconfig/lexfrag.pc"
	"$incdir/lexfrag/lexfrag.h"
	"$incdir/lexfrag/err.h"
	"$incdir/lexfrag/export.h"
	"$datadir/lexfrag/taxonomy.xml"
	"$datadir/lexfrag/taxonomy.rng"
	"$datadir/lexfrag/export.md"
	"$datadir/bash-completion/completions/lexfrag"
	"$mandir/man1/lexfrag.1"
)
for c in $commands; do
	expect+=("$mandir/man1/lexfrag-$c.1")
done
for f in "${expect[@]}"; do
	[ -f "$prefix/$f" ] || fail "not installed: $f"
done
[ -x "$prefix/$bindir/lexfrag" ] || fail "$bindir/lexfrag is not executable"
for f in taxonomy.xml taxonomy.rng export.md; do
	cmp -s "$src/schemas/$f" "$prefix/$datadir/lexfrag/$f" || fail "share/lexfrag/$f differs from schemas/$f"
done
# the lexicon, when the build compiled one
if [ -f "$build/lexicon.lfx" ]; then
	cmp -s "$build/lexicon.lfx" "$prefix/$datadir/lexfrag/lexicon.lfx" || fail "share/lexfrag/lexicon.lfx not installed"
fi

# the library: a versioned soname, the links, and the public API only
so=$(readlink -f "$prefix/$libdir/liblexfrag.so")
soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case $soname in
liblexfrag.so.[0-9]*) ;;
*) fail "soname '$soname' is not liblexfrag.so.N" ;;
esac
[ -e "$prefix/$libdir/$soname" ] || fail "no $soname link"
[[ $so == *"$soname".* || $so == *"$soname" ]] || fail "liblexfrag.so leads to $so, not $soname*"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBVWRi]$/ { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"
# every function the installed headers mark LF_API, and nothing else
sed -n 's/^LF_API[^(]*[ *]\(lf_[a-z0-9_]*\)(.*/\1/p' "$prefix/$incdir"/lexfrag/*.h | sort -u >"$tmp/declared"
[ -s "$tmp/declared" ] || fail "no LF_API declarations in the installed headers"
# a public function declared without LF_API would be hidden in the library
if grep -nE '^[a-z][a-z0-9_ ]*[ *]lf_[a-z0-9_]+\(' "$prefix/$incdir"/lexfrag/*.h >"$tmp/unmarked"; then
	fail "public functions declared without LF_API (hidden in liblexfrag.so):"
	cat "$tmp/unmarked" >&2
fi
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/symdiff"; then
	fail "liblexfrag.so exports other symbols than the LF_API declarations (- declared only, + exported only):"
	sed -n '3,$p' "$tmp/symdiff" | grep '^[-+]' | head -40 >&2
fi

# the binary runs from the prefix, needing nothing from the build tree
"$prefix/$bindir/lexfrag" --version >/dev/null || fail "the installed lexfrag does not run"
# (grep on captured output: grep -q stopping early would fail the pipe)
dyn=$(readelf -d "$prefix/$bindir/lexfrag")
if grep -E 'R(UN)?PATH' <<<"$dyn" | grep -qF "$build"; then
	fail "the installed lexfrag has an RPATH into the build tree"
fi

# --- the public header stands alone: only the staged include/ on the path
cat >"$tmp/alone.c" <<'C'
#include <lexfrag/lexfrag.h>
int main(void)
{
	lf_err e;
	lf_err_clear(&e);
	return e.code != LF_OK || lf_strerror(LF_ENOMEM) == 0;
}
C
cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$prefix/$incdir" -fsyntax-only "$tmp/alone.c" 2>"$tmp/cc.log" ||
	{ fail "lexfrag.h does not compile alone as C11:"; cat "$tmp/cc.log" >&2; }
if command -v c++ >/dev/null; then
	c++ -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I"$prefix/$incdir" -fsyntax-only "$tmp/alone.c" \
		2>"$tmp/cxx.log" || { fail "lexfrag.h does not compile alone as C++:"; cat "$tmp/cxx.log" >&2; }
fi

# --- a program built with pkg-config against the installed library
export PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
[ "$(pkg-config --modversion lexfrag)" = "$("$build/lexfrag" --version | awk '{ print $NF }')" ] ||
	fail "lexfrag.pc's version $(pkg-config --modversion lexfrag) is not lexfrag --version's"
[ "$(pkg-config --variable=libdir lexfrag)" = "$prefix/$libdir" ] ||
	fail "lexfrag.pc's libdir is $(pkg-config --variable=libdir lexfrag), not $prefix/$libdir"
cat >"$tmp/tiny.c" <<'C'
/* Opens the database argv[1], searches argv[2], prints the law ids. */
#include <lexfrag/lexfrag.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	lf_err err;
	lf_db *db;
	lf_results *r;
	lf_search_opts o = {0};

	if (argc != 3)
		return 2;
	lf_init();
	if (lf_db_open(argv[1], &db, &err)) {
		fprintf(stderr, "tiny: %s\n", err.msg);
		return 1;
	}
	o.query = argv[2];
	o.limit = 5;
	if (lf_search(db, &o, &r, &err)) {
		fprintf(stderr, "tiny: %s\n", err.msg);
		lf_db_close(db);
		return 1;
	}
	for (size_t i = 0; i < r->nhits; i++)
		printf("%s\n", r->hits[i].id);
	lf_results_free(r);
	lf_db_close(db);
	return 0;
}
C
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Wextra -Werror $extra_cflags -o "$tmp/tiny" "$tmp/tiny.c" $(pkg-config --cflags --libs lexfrag) \
	-Wl,-rpath,"$prefix/$libdir" 2>"$tmp/cc.log" || {
	fail "the tiny program does not build with pkg-config --cflags --libs lexfrag:"
	cat "$tmp/cc.log" >&2
	exit 1
}
deps=$(ldd "$tmp/tiny")
grep -qF "=> $prefix/$libdir/liblexfrag.so" <<<"$deps" || fail "the tiny program is not linked to the installed liblexfrag.so"

"$prefix/$bindir/lexfrag" index --quiet --db "$tmp/db" "$src/corpus" 2>"$tmp/index.err" ||
	{ fail "lexfrag index of corpus/ failed:"; cat "$tmp/index.err" >&2; }
"$tmp/tiny" "$tmp/db" "personal data transfer" >"$tmp/tiny.out" || fail "the tiny program failed"
"$prefix/$bindir/lexfrag" search --db "$tmp/db" --limit 5 --format jsonl "personal data transfer" |
	jq -r .id >"$tmp/cli.out"
[ -s "$tmp/tiny.out" ] || fail "the tiny program found nothing"
diff -u "$tmp/cli.out" "$tmp/tiny.out" >&2 || fail "the tiny program's ids differ from lexfrag search's"
grep -qxE '32016R0679(~eurlex-html)?' "$tmp/tiny.out" || fail "the GDPR (32016R0679, either text) is not among the tiny program's results"

# --- DESTDIR: files under DESTDIR, paths in lexfrag.pc without it
DESTDIR=$tmp/dest cmake --install "$build" --prefix /opt/lexfrag >/dev/null
pc=$tmp/dest/opt/lexfrag/$libdir/pkgconfig/lexfrag.pc
[ -f "$pc" ] || fail "DESTDIR install: no $pc"
grep -qx 'prefix=/opt/lexfrag' "$pc" || fail "DESTDIR install: lexfrag.pc's prefix is not /opt/lexfrag"

if [ "$fails" -ne 0 ]; then
	echo "test_install: $fails failure(s)" >&2
	exit 1
fi
echo "test_install: ok ($(wc -l <"$tmp/tiny.out") laws found through liblexfrag.so)"
