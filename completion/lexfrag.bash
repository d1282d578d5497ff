# bash completion for lexfrag(1): commands, their options, and the values
# of the options that take a fixed set (formats, rankings, the built-in
# taxonomy's categories and layers).  Installed as
# share/bash-completion/completions/lexfrag; tests/test_man.sh checks that
# it names every command and every long option of 'lexfrag CMD --help'.

_lexfrag_opts()
{
	local shards="--timeout --allow-partial"
	local filters="--db --jurisdiction --lang --source-format --from --to --risk --layer --by
		--no-translate --thesaurus"
	case $1 in
	index) echo "--db --jobs --shards --shard-of --prune --force --max-bytes --taxonomy
		--follow-symlinks --quiet --help" ;;
	search) echo "$filters --limit --offset --provisions --format --csv-raw $shards --help" ;;
	show) echo "--db --toc --format $shards --help" ;;
	stats) echo "--db --format $shards --help" ;;
	export) echo "$filters --provisions --all-scores --csv-raw --format --output $shards --help" ;;
	tag) echo "--taxonomy --lang --check --all --provisions --max-bytes --follow-symlinks --format --help" ;;
	similar) echo "--db --file --law --lang --limit --min-score --taxonomy --max-bytes --format
		$shards --help" ;;
	reuse) echo "--db --min-score --format --csv-raw $shards --help" ;;
	serve) echo "--db --bind --port --threads --heavy-threads --request-timeout --max-draft
		--header-timeout --body-timeout --max-connections-per-ip --thesaurus $shards --help" ;;
	shards) echo "--output --db --no-check --format $shards --help" ;;
	esac
}

_lexfrag_formats()
{
	case $1 in
	search) echo "text jsonl csv" ;;
	show | stats | shards) echo "text json" ;;
	export) echo "csv jsonl sqlite" ;;
	tag) echo "text jsonl tsv" ;;
	similar) echo "text jsonl" ;;
	reuse) echo "text csv jsonl" ;;
	esac
}

_lexfrag()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion -n = || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi
	local commands="index search show stats export tag similar reuse serve shards"

	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	local cmd=${words[1]}

	case $prev in
	-d | --db | --taxonomy | --thesaurus | --file | -o | --output)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return ;;
	-f | --format)
		COMPREPLY=($(compgen -W "$(_lexfrag_formats "$cmd")" -- "$cur"))
		return ;;
	--by)
		COMPREPLY=($(compgen -W "relevance risk date" -- "$cur"))
		return ;;
	--source-format)
		COMPREPLY=($(compgen -W "akn uslm clml formex eurlex-html gii lims lexml html markdown text
			xml" -- "$cur"))
		return ;;
	--risk)
		COMPREPLY=($(compgen -W "data-localization transfer-restriction shutdown content-blocking
			encryption-control surveillance sovereign-routing local-presence
			digital-protectionism" -- "$cur"))
		return ;;
	--layer)
		COMPREPLY=($(compgen -W "physical network transport application content" -- "$cur"))
		return ;;
	-j | --jobs | --shards | --shard-of | --max-bytes | -J | --jurisdiction | -L | --lang | \
	--from | --to | -n | --limit | --offset | --provisions | --timeout | --law | --min-score | \
	--bind | -p | --port | --threads | --heavy-threads | --request-timeout | --max-draft | \
	--header-timeout | --body-timeout | --max-connections-per-ip)
		# a value to type: --provisions takes one in search only
		if [[ $prev != --provisions || $cmd == search ]]; then
			return
		fi ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_lexfrag_opts "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	index | tag | shards)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	esac
}
complete -F _lexfrag lexfrag
