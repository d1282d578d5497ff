#!/bin/sh
# tag_eval.sh - measures the risk tagger against the hand-made labels.
#
#   eval/tag_eval.sh [--json] [-v] [--labels DIR] [LEXFRAG [CORPUS [TAXONOMY]]]
#
# A thin wrapper: the measure is eval/tag_eval.py (Python 3, standard library
# only; its docstring says what each figure means).  It was awk; it became
# Python when it grew provision verdicts, calibration and nDCG, which join
# four inputs and need sorting and JSON output.  LANGS="de fr" and VERBOSE=1
# work as before.
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/tag_eval.py" "$@"
