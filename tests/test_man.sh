#!/usr/bin/env bash
# test_man.sh - the man pages (doc/man) and the bash completion
# (completion/lexfrag.bash) say what 'lexfrag --help' says: one page per
# command of 'lexfrag --help' and no page for a command it does not list;
# every long option that 'lexfrag CMD --help' defines appears in
# lexfrag-CMD(1) and in the completion of CMD; lexfrag(1) names every
# command and the global options.  With groff at hand, every page also
# formats without a warning.
#
# usage: test_man.sh LEXFRAG_BINARY SOURCE_DIR
set -euo pipefail
lf=$1 src=$2
man=$src/doc/man
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# a page's text with roff escapes for dashes and fonts undone
plain() { sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g' "$1"; }
# the long options a --help text defines: those that start one of its lines
options() { sed -nE 's/^ +(-[A-Za-z], )?(--[a-z0-9][a-z0-9-]*).*/\2/p' | sort -u; }
# whether text ($2) holds option $1 as a whole word (--all is not --all-scores)
holds() { grep -qE -- "(^|[^a-z0-9-])$1([^a-z0-9-]|\$)" <<<"$2"; }

help=$("$lf" --help)
commands=$(awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' <<<"$help")
[ "$(wc -w <<<"$commands")" -ge 5 ] || fail "lexfrag --help lists only: $commands"

# the pages present are those of the commands
pages=$(cd "$man" && ls lexfrag-*.1 | sed 's/^lexfrag-//; s/\.1$//' | sort)
if [ "$pages" != "$(sort <<<"$commands")" ]; then
	fail "man pages and commands differ (< pages in doc/man, > commands of lexfrag --help):"
	diff <(echo "$pages") <(sort <<<"$commands") >&2 || true
fi

# lexfrag(1): every command, the global options
[ -f "$man/lexfrag.1" ] || fail "no doc/man/lexfrag.1"
top=$(plain "$man/lexfrag.1")
for c in $commands; do
	holds "lexfrag-$c" "$top" || fail "lexfrag.1 does not refer to lexfrag-$c(1)"
	grep -qE "^\.(B|BI|BR) \"?$c( |\"|$)" "$man/lexfrag.1" || fail "lexfrag.1 does not list the command $c"
done
for o in $(options <<<"$help"); do
	holds "$o" "$top" || fail "lexfrag.1 does not describe $o"
done

# each command: its page and its completion hold its options
# shellcheck source=/dev/null
source "$src/completion/lexfrag.bash"
complete -p lexfrag >/dev/null || fail "completion/lexfrag.bash registers no completion for lexfrag"
for c in $commands; do
	page=$man/lexfrag-$c.1
	[ -f "$page" ] || continue
	text=$(plain "$page")
	grep -q "^\.TH LEXFRAG\\\\-${c^^} 1 " "$page" || fail "lexfrag-$c.1: its .TH is not LEXFRAG\\-${c^^} 1"
	opts=$("$lf" "$c" --help | options)
	[ -n "$opts" ] || fail "lexfrag $c --help defines no long option"
	compl=$(_lexfrag_opts "$c")
	for o in $opts; do
		holds "$o" "$text" || fail "lexfrag-$c.1 does not describe $o (lexfrag $c --help has it)"
		holds "$o" "$compl" || fail "completion/lexfrag.bash does not complete $o for $c"
	done
	# and no option the command does not have
	for o in $(grep -oE -- '--[a-z0-9][a-z0-9-]*' <<<"$compl" | sort -u); do
		grep -qxF -- "$o" <<<"$opts" || fail "completion/lexfrag.bash offers $o for $c, which has no such option"
	done
done
# the completion offers every command
COMP_WORDS=(lexfrag "")
COMP_CWORD=1
COMP_LINE="lexfrag "
COMP_POINT=${#COMP_LINE}
_lexfrag
for c in $commands; do
	[[ " ${COMPREPLY[*]} " == *" $c "* ]] || fail "completion/lexfrag.bash does not complete the command $c"
done

if command -v groff >/dev/null; then
	for p in "$man"/*.1; do
		w=$(LC_ALL=C.UTF-8 groff -ww -z -man "$p" 2>&1) || true
		[ -z "$w" ] || fail "$(basename "$p"): groff warns: $w"
	done
fi

if [ "$fails" -ne 0 ]; then
	echo "test_man: $fails failure(s)" >&2
	exit 1
fi
echo "test_man: ok ($(wc -w <<<"$commands") commands)"
