#!/bin/sh
# make_big_draft.sh -n ARTICLES | -b BYTES SOURCE - a large plain-text draft of
# short numbered articles, "Article N. <a sentence of SOURCE>.", one per
# paragraph, cycling through SOURCE's sentences of 8 to 14 words: the shape
# of the draft that made 'similar' take minutes (issue 17: 50,891 short
# articles, 4.1 MB).  Writes to standard output.  POSIX sh and awk only
# (tests/test_dos.c and bench/dos.sh use it).
usage() {
	echo "usage: $0 -n ARTICLES | -b BYTES SOURCE" >&2
	exit 2
}
case ${1:-} in
-n) articles=$2 bytes=0 ;;
-b) bytes=$2 articles=0 ;;
*) usage ;;
esac
[ $# -eq 3 ] && [ -r "$3" ] || usage
tr '\n' ' ' <"$3" | awk -v articles="$articles" -v max="$bytes" '
{
	n = split($0, s, /[.;] +/)
	for (i = 1; i <= n; i++) {
		w = split(s[i], x, / +/)
		if (w >= 8 && w <= 14)
			keep[++k] = s[i]
	}
}
END {
	if (!k) {
		print "make_big_draft.sh: no sentence of 8 to 14 words in the source" > "/dev/stderr"
		exit 1
	}
	printf "A DRAFT BILL OF MANY SHORT ARTICLES\n\n"
	out = 37
	for (a = 1; articles ? a <= articles : out < max; a++) {
		line = sprintf("Article %d. %s.\n\n", a, keep[(a - 1) % k + 1])
		printf "%s", line
		out += length(line)
	}
}'
