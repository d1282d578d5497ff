/*
 * main.c - the lexfrag command: the table of commands, --help and
 * --version; each command is its own file (cmd_*.c).
 *
 * Exit status: 0 when all went well, 1 when some input (a file, the
 * database) failed, 2 on a usage error or a bad query.  Errors go to stderr
 * as "lexfrag: <file or query>: <reason>".  Uses the public API only.
 */
#include <stdio.h>
#include <string.h>

#include "lexfrag/lexfrag.h"
#include "cli/cli.h"
#include "app/out.h"

/* The commands: a new one is a file and a line here (and in main_help). */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"index", cmd_index},   {"search", cmd_search},   {"show", cmd_show},   {"stats", cmd_stats},
	{"export", cmd_export}, {"tag", cmd_tag},         {"similar", cmd_similar}, {"reuse", cmd_reuse},
	{"serve", cmd_serve},   {"shards", cmd_shards},
};

static const char main_help[] =
	"Usage: lexfrag COMMAND [OPTION]... [ARG]...\n"
	"Search engine for the world's laws that restrict data flows.\n"
	"\n"
	"Commands:\n"
	"  index PATH...     index legislation files and directories\n"
	"  search QUERY...   ranked search, one result per law with its best provisions\n"
	"  show LAW_ID       a law's metadata, contents and provision texts\n"
	"  stats             what the database holds\n"
	"  export [QUERY]... tagged dataset of the matching laws: csv, jsonl or sqlite\n"
	"  tag PATH...       tag laws with risk categories without indexing them\n"
	"  similar --file F  laws a draft reuses, the passages aligned (or --law ID)\n"
	"  reuse             every significant reuse between laws of the database\n"
	"  serve             web pages and a JSON API over HTTP (127.0.0.1:8080)\n"
	"  shards -o STUB SHARD...  write and check the stub of a cluster of shards\n"
	"\n"
	"'lexfrag COMMAND --help' describes each.  The database is --db PATH, else\n"
	"$LEXFRAG_DB, else ./lexfrag.db.\n"
	"\n"
	"  -h, --help        show this help\n"
	"  -V, --version     show the version\n";

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		fputs(main_help, stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(main_help, stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("lexfrag %s\n", lf_version());
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(cmd, commands[i].name)) {
			lf_init();
			return commands[i].run(argc - 1, argv + 1);
		}
	out_printf(stderr, "lexfrag: '%s' is not a command.  See 'lexfrag --help'.\n", cmd);
	return EXIT_USAGE;
}
