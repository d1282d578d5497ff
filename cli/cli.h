/*
 * cli.h - the commands of the lexfrag tool, one file each (cmd_*.c), that
 * main.c dispatches to.  What they share with the server (options, output)
 * is in app/.
 */
#ifndef LF_CLI_H
#define LF_CLI_H

#include "app/options.h"

/* Each takes the command's own arguments (argv[0] is the command's name)
 * and returns the process's exit status: 0, 1 or EXIT_USAGE. */
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_similar(int argc, char **argv);
int cmd_reuse(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_shards(int argc, char **argv);

#endif
