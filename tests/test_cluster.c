/*
 * test_cluster.c - the bundled corpus (real laws) split into 3 shards by
 * 'index --shard-of hash=I/3', each served by its own xapian-tcpsrv on
 * 127.0.0.1, read through a stub written by 'lexfrag shards': every read
 * command answers exactly as the single database does; a shard that is
 * stopped or hangs gives a clear error within the timeout, or with
 * --allow-partial the answer of the others; and a read replica kept by
 * xapian-replicate answers as its master after an update.
 *
 * Every server is started in a process group of its own under
 * 'timeout -s KILL', so that even a test killed by Criterion leaves no
 * server behind for long, and is killed (the whole group) at the end.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>

#include "cli_util.h"
#include "json_check.h"

#define CORPUS LF_SOURCE_DIR "/corpus"
#define NSHARDS 3

static char *dir;
static pid_t srv[NSHARDS];
static int port[NSHARDS];

/* -------------------------------------------------------------- servers */

static int port_open(int p)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)p)};
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* Starts PROG --interface 127.0.0.1 --port P ARG (xapian-tcpsrv or
 * xapian-replicate-server) on a free port; *pp gets the port.  Returns the
 * pid (of its process group), or -1 if it never listened. */
static pid_t server_start(const char *prog, const char *arg, int *pp)
{
	for (int attempt = 0; attempt < 5; attempt++) {
		char ps[16];
		int p = free_port(), st;
		pid_t pid;

		snprintf(ps, sizeof ps, "%d", p);
		if ((pid = fork()) == 0) {
			setsid();
			if (!freopen("/dev/null", "r", stdin) || !freopen("/dev/null", "w", stdout) ||
			    !freopen("/dev/null", "w", stderr))
				_exit(127);
			execlp("timeout", "timeout", "-s", "KILL", "900", prog, "--interface", "127.0.0.1", "--port", ps,
			       arg, (char *)NULL);
			_exit(127);
		}
		for (int i = 0; i < 200; i++) {
			if (port_open(p)) {
				*pp = p;
				return pid;
			}
			if (waitpid(pid, &st, WNOHANG) == pid)
				break; /* it exited: the port was taken meanwhile; another */
			usleep(50000);
		}
		kill(-pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	return -1;
}

static void server_stop(pid_t *pid)
{
	int st;

	if (*pid > 0) {
		kill(-*pid, SIGKILL);
		waitpid(*pid, &st, 0);
	}
	*pid = 0;
}

/* --------------------------------------------------------------- set-up */

static void sh_ok(const char *what, cli_result r)
{
	if (r.status != 0)
		cr_assert_fail("%s failed (%d): %s", what, r.status, r.err);
	cli_free(&r);
}

/* The reference (one database), the three shard databases, their servers
 * and the stub cluster.stub naming them; each test has its own. */
static void cluster_up(void)
{
	char sh[4200];

	dir = scratch_dir();
	sh_ok("index", run_sh("cd '%s' && $LF index -q --db one --shards 1 '%s'", dir, CORPUS));
	for (int i = 0; i < NSHARDS; i++) {
		sh_ok("index a shard", run_sh("cd '%s' && $LF index -q --db h%d --shard-of hash=%d/%d '%s'", dir, i, i,
		                              NSHARDS, CORPUS));
		snprintf(sh, sizeof sh, "%s/h%d", dir, i);
		if ((srv[i] = server_start("xapian-tcpsrv", sh, &port[i])) < 0)
			cr_assert_fail("xapian-tcpsrv %s did not start", sh);
	}
	sh_ok("lexfrag shards", run_sh("cd '%s' && $LF shards -o cluster.stub 127.0.0.1:%d 127.0.0.1:%d 127.0.0.1:%d",
	                               dir, port[0], port[1], port[2]));
}

static void cluster_down(void)
{
	cli_result r;

	for (int i = 0; i < NSHARDS; i++)
		server_stop(&srv[i]);
	if (dir) {
		r = run_sh("rm -rf '%s'", dir);
		cli_free(&r);
		free(dir);
		dir = NULL;
	}
}

TestSuite(cluster, .init = cluster_up, .fini = cluster_down, .timeout = 300);

/* ------------------------------------------------------------ comparing */

/* s with every "score":NUMBER rounded to 6 decimals (floating-point sums
 * taken in another order differ in the last bits); malloc'd. */
static char *round_scores(const char *s)
{
	size_t cap = strlen(s) * 2 + 64, n = 0;
	char *out = malloc(cap);
	const char *key = "\"score\":";

	while (*s) {
		const char *k = strstr(s, key);
		char *end;
		double v;
		if (!k) {
			size_t len = strlen(s);
			memcpy(out + n, s, len);
			n += len;
			break;
		}
		k += strlen(key);
		memcpy(out + n, s, (size_t)(k - s));
		n += (size_t)(k - s);
		v = strtod(k, &end);
		if (end == k) {
			s = k;
			continue;
		}
		n += (size_t)snprintf(out + n, cap - n, "%.6f", v);
		s = end;
	}
	out[n] = '\0';
	return out;
}

/* Asserts that out, the output of cmd, is what its --format promises:
 * JSON Lines (-f jsonl), or one JSON document (-f json).  A command piped
 * into another is checked by the command's own parser (jq). */
static void check_format(const char *cmd, const char *out)
{
	if (strchr(cmd, '|'))
		return;
	if (strstr(cmd, "-f jsonl"))
		cr_assert_eq(jsonl_valid(out), count_lines(out), "%s: not JSON Lines: %s", cmd, out);
	else if (strstr(cmd, "-f json "))
		cr_assert(json_valid(out), "%s: not JSON: %s", cmd, out);
}

/* Runs the same command line (%s for the database) on the single database
 * and on the cluster; asserts the same exit status 0, output in the format
 * asked for and the same output (scores rounded).  Returns the number of
 * lines of output. */
static int same_answer(const char *cmd)
{
	char one[4200], stub[4200];
	cli_result a, b;
	char *ra, *rb;
	int lines;

	snprintf(one, sizeof one, "%s/one", dir);
	snprintf(stub, sizeof stub, "%s/cluster.stub", dir);
	a = run_sh(cmd, one);
	b = run_sh(cmd, stub);
	cr_assert_eq(a.status, 0, "%s on one database: %s", cmd, a.err);
	cr_assert_eq(b.status, 0, "%s on the cluster: %s", cmd, b.err);
	check_format(cmd, a.out);
	check_format(cmd, b.out);
	ra = round_scores(a.out);
	rb = round_scores(b.out);
	cr_assert_str_eq(rb, ra, "%s: the cluster answers otherwise", cmd);
	lines = count_lines(ra);
	free(ra);
	free(rb);
	cli_free(&a);
	cli_free(&b);
	return lines;
}


static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- tests */

/* 20 queries of researchers, in the corpus's languages and Xapian's syntax */
static const char *const queries[] = {
	"personal data",
	"\"third country\"",
	"Datenschutz",
	"interception of private communications",
	"encryption OR Verschlüsselung",
	"data NEAR/5 transfer",
	"数据出境",
	"pelindungan data pribadi",
	"dados pessoais",
	"telecommunications -vehicle",
	"jurisdiction:eu transfer",
	"title:act",
	"Überwachung der Telekommunikation",
	"renseignements personnels",
	"data localisation",
	"national security",
	"security AND (Huawei OR ZTE)",
	"подаци",
	"sustancias psicoactivas",
	"Kraftfahrzeugsteuer",
};

Test(cluster, search_answers_as_one_database)
{
	char cmd[1024];

	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		snprintf(cmd, sizeof cmd, "$LF search --db '%%s' -f jsonl --limit 20 '%s'", queries[i]);
		cr_assert_gt(same_answer(cmd), 0, "query %s finds laws", queries[i]);
	}
	/* ranking by risk, filters, paging, date order, csv */
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --risk data-localization"), 0);
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --risk surveillance --by risk interception"), 0);
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --risk transfer-restriction --layer application"), 0);
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --jurisdiction de --jurisdiction eu Daten"), 0);
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --offset 3 --limit 4 data"), 0);
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --by date --limit 40 --lang en"), 0);
	cr_assert_gt(same_answer("$LF search --db '%s' -f csv --lang en --from 2000 'personal information'"), 0);

	/* Wildcards: Xapian 1.4 expands word* in each shard against that shard's
	 * own terms, so the weights of the expansion, and the order of laws
	 * that differ only there, depend on how the laws are split (a default
	 * database of 2 shards differs from one of 1 as well).  The laws found
	 * are the same; see README, Clusters. */
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --limit 100 'telecom*' | "
	                         "jq -r .id | sort"),
	             3);
	cr_assert_gt(same_answer("$LF search --db '%s' -f jsonl --limit 100 'Verkehr* OR Kraftfahrzeug*' | "
	                         "jq -r .id | sort"),
	             3);
}

Test(cluster, stats_show_export_similar_reuse_answer_as_one_database)
{
	/* facet counts: the stats without the lines that describe the shards */
	cr_assert_gt(same_answer("$LF stats --db '%s' | sed -n '/^by jurisdiction/,/^shards:/p'"), 10);
	cr_assert_gt(same_answer("$LF stats --db '%s' -f json | "
	                         "jq -c 'del(.database, .shards, .index_bytes, .remote_shards, .shards_down, .shard_list)'"),
	             0);
	cr_assert_gt(same_answer("$LF show --db '%s' -f json 32016R0679"), 0);
	cr_assert_gt(same_answer("$LF show --db '%s' BJNR185810021"), 50);
	cr_assert_eq(same_answer("$LF export --db '%s' -f jsonl"), 32);
	cr_assert_gt(same_answer("$LF export --db '%s' -f csv --provisions --risk surveillance"), 1);
	/* more-like-this and alignment: a law's provisions come from its shard,
	 * the term statistics from all */
	cr_assert_gt(same_answer("$LF similar --db '%s' -f jsonl --law 32016R0679"), 1);
	cr_assert_gt(same_answer("$LF similar --db '%s' -f jsonl --file '" CORPUS "/eu/GDPR_formex_excerpt_L_2016119EN.xml'"), 1);
	cr_assert_gt(same_answer("$LF reuse --db '%s' -f jsonl"), 0);

	/* and stats says where the laws are */
	cli_result r = run_sh("$LF stats --db '%s/cluster.stub' -f json", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, ".laws", "32"), "%s", r.out);
	cr_assert(jq_is(r.out, "[.remote_shards, .shards_down] | tojson", "[3,0]"), "%s", r.out);
	cr_assert(jq_is(r.out, "[.shard_list[] | select(.shard_of == \"hash=2/3\")] | length > 0", "true"), "%s",
	          r.out);
	cli_free(&r);
}

Test(cluster, a_stopped_shard_is_named_or_left_out)
{
	char two[4200], want[64];
	cli_result r;
	double t0;

	server_stop(&srv[1]);
	snprintf(want, sizeof want, "127.0.0.1:%d", port[1]);
	t0 = now_s();
	r = run_sh("$LF search --db '%s/cluster.stub' --timeout 3 'personal data'", dir);
	cr_assert_eq(r.status, 1, "exit 1 when a shard is down: %d %s", r.status, r.err);
	cr_assert_lt(now_s() - t0, 8.0, "within the timeout");
	cr_assert(strstr(r.err, want), "the error names the shard: %s", r.err);
	cr_assert(strstr(r.err, "--allow-partial"), "and says what to do: %s", r.err);
	cr_assert_eq(count_lines(r.err), 1, "in one line: %s", r.err);
	cli_free(&r);

	/* --allow-partial: the answer of the two others, as from their own stub */
	snprintf(two, sizeof two, "%s/two.stub", dir);
	sh_ok("lexfrag shards", run_sh("cd '%s' && $LF shards -o two.stub h0 h2", dir));
	for (size_t i = 0; i < 6; i++) {
		cli_result a = run_sh("$LF search --db '%s' -f jsonl --limit 20 '%s'", two, queries[i]);
		cli_result b = run_sh("$LF search --db '%s/cluster.stub' --allow-partial --timeout 3 -f jsonl --limit 20 '%s'",
		                      dir, queries[i]);
		char *ra = round_scores(a.out), *rb = round_scores(b.out);
		cr_assert_eq(b.status, 0, "%s: %s", queries[i], b.err);
		cr_assert(strstr(b.err, "warning") && strstr(b.err, want) && strstr(b.err, "left out"), "%s", b.err);
		cr_assert_eq(jsonl_valid(b.out), count_lines(b.out), "%s: %s", queries[i], b.out);
		cr_assert_str_eq(rb, ra, "%s: the other shards' answer", queries[i]);
		free(ra);
		free(rb);
		cli_free(&a);
		cli_free(&b);
	}
	r = run_sh("$LF stats --db '%s/cluster.stub' --allow-partial -f json", dir);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(json_valid(r.out), "%s", r.out);
	cr_assert(jq_is(r.out, "[.remote_shards, .shards_down] | tojson", "[3,1]"), "%s", r.out);
	cli_free(&r);

	/* and the stub is not written over a shard that is down */
	r = run_sh("cd '%s' && $LF shards -o new.stub 127.0.0.1:%d 127.0.0.1:%d; st=$?; test ! -e new.stub && exit $st",
	           dir, port[0], port[1]);
	cr_assert_eq(r.status, 1, "%d %s", r.status, r.err);
	cr_assert(strstr(r.err, want), "%s", r.err);
	cli_free(&r);
	/* nor over the same shard twice (its laws twice) */
	r = run_sh("cd '%s' && $LF shards -o new.stub 127.0.0.1:%d 127.0.0.1:%d; st=$?; test ! -e new.stub && exit $st",
	           dir, port[0], port[0]);
	cr_assert_eq(r.status, 1, "%d %s", r.status, r.err);
	cr_assert(strstr(r.err, "in more than one shard"), "%s", r.err);
	cli_free(&r);
}

Test(cluster, a_hung_shard_times_out)
{
	cli_result r;
	double t0;
	char want[64];

	/* the kernel still accepts connections, but nothing answers */
	kill(-srv[2], SIGSTOP);
	snprintf(want, sizeof want, "127.0.0.1:%d", port[2]);
	t0 = now_s();
	r = run_sh("$LF search --db '%s/cluster.stub' --timeout 2 'personal data'", dir);
	cr_assert_eq(r.status, 1, "%d %s", r.status, r.err);
	cr_assert_lt(now_s() - t0, 10.0, "bounded by --timeout");
	cr_assert(strstr(r.err, want), "%s", r.err);
	cli_free(&r);
	t0 = now_s();
	r = run_sh("$LF search --db '%s/cluster.stub' --timeout 2 --allow-partial -f jsonl 'personal data'", dir);
	cr_assert_eq(r.status, 0, "%d %s", r.status, r.err);
	cr_assert_gt(jsonl_valid(r.out), 0, "%s", r.out);
	cr_assert_lt(now_s() - t0, 10.0, "bounded by --timeout");
	cli_free(&r);
	kill(-srv[2], SIGCONT);
	/* back: the whole answer again */
	same_answer("$LF search --db '%s' -f jsonl 'personal data'");
}

Test(cluster, serve_over_the_cluster)
{
	int p1, p2, p3;
	char one[4200], stub[4200];
	const char *partial[] = {"--allow-partial", "--timeout", "3", NULL};
	pid_t a, b, c;
	cli_result ra, rb;
	char *xa, *xb;

	snprintf(one, sizeof one, "%s/one", dir);
	snprintf(stub, sizeof stub, "%s/cluster.stub", dir);
	a = serve_start_any(one, NULL, &p1);
	b = serve_start_any(stub, NULL, &p2);
	cr_assert(a > 0 && b > 0, "servers started");
	for (size_t i = 0; i < 5; i++) {
		ra = run_sh("curl -sf 'http://127.0.0.1:%d/api/search?q=%s&facets=1'", p1, i == 0 ? "personal+data"
		            : i == 1 ? "Datenschutz" : i == 2 ? "interception" : i == 3 ? "data+localisation" : "%22third+country%22");
		rb = run_sh("curl -sf 'http://127.0.0.1:%d/api/search?q=%s&facets=1'", p2, i == 0 ? "personal+data"
		            : i == 1 ? "Datenschutz" : i == 2 ? "interception" : i == 3 ? "data+localisation" : "%22third+country%22");
		cr_assert(ra.status == 0 && rb.status == 0, "answers");
		cr_assert(json_valid(ra.out) && json_valid(rb.out), "%s\n%s", ra.out, rb.out);
		xa = round_scores(ra.out);
		xb = round_scores(rb.out);
		cr_assert_str_eq(xb, xa, "/api/search over the cluster");
		free(xa);
		free(xb);
		cli_free(&ra);
		cli_free(&rb);
	}
	server_stop(&srv[0]);
	ra = run_sh("curl -s -o /dev/null -w '%%{http_code}' 'http://127.0.0.1:%d/api/search?q=data'", p2);
	cr_assert_str_eq(ra.out, "502", "a shard down: 502");
	cli_free(&ra);
	/* --allow-partial: the others answer, and the page says who is missing */
	c = serve_start_any(stub, partial, &p3);
	cr_assert(c > 0, "serve --allow-partial starts with a shard down");
	ra = run_sh("curl -s -w '\\n%%{http_code}' 'http://127.0.0.1:%d/api/search?q=data'", p3);
	cr_assert(strlen(ra.out) > 4 && !strcmp(ra.out + strlen(ra.out) - 4, "\n200"), "%s", ra.out);
	ra.out[strlen(ra.out) - 4] = '\0'; /* the body */
	cr_assert(json_valid(ra.out), "%s", ra.out);
	cr_assert(jq_is(ra.out, ".shards_down | length > 0", "true"), "%s", ra.out);
	cr_assert(jq_is(ra.out, ".hits | length > 0", "true"), "%s", ra.out);
	cli_free(&ra);
	serve_stop(c);
	serve_stop(a);
	serve_stop(b);
}

/* The read-replica recipe of the README: xapian-replicate-server on the
 * masters' directory, xapian-replicate into a replica; after the master is
 * updated, a second replication brings the replica up to date.  (This test
 * uses no tcpsrv shards, but the suite's set-up is cheap.) */
Test(cluster, a_replica_answers_as_its_master)
{
	pid_t rs;
	int rp;
	char masters[4200];
	cli_result r;
	static const char *const qs[] = {"personal data", "Datenschutz", "interception", "jurisdiction:eu"};

	/* the master without the GDPR's HTML edition, which comes later */
	sh_ok("master", run_sh("cd '%s' && mkdir masters replicas held && cp -r '%s' c && "
	                       "mv c/eu/L_2016119EN.01000101_GDPR.html.gz held/ && "
	                       "XAPIAN_MAX_CHANGESETS=10 $LF index -q --db masters/laws --shards 1 c",
	                       dir, CORPUS));
	snprintf(masters, sizeof masters, "%s/masters", dir);
	if ((rs = server_start("xapian-replicate-server", masters, &rp)) < 0)
		cr_assert_fail("xapian-replicate-server did not start");
	for (int round = 0; round < 2; round++) {
		sh_ok("xapian-replicate", run_sh("cd '%s' && timeout 60 xapian-replicate -h 127.0.0.1 -p %d -m laws -o -q -r 0 "
		                                 "replicas/laws",
		                                 dir, rp));
		r = run_sh("cd '%s' && $LF stats --db replicas/laws -f json", dir);
		cr_assert_eq(r.status, 0, "the replica opens: %s", r.err);
		cr_assert(json_valid(r.out), "round %d: %s", round, r.out);
		cr_assert(jq_is(r.out, ".laws", round ? "32" : "31"), "round %d: %s", round, r.out);
		cli_free(&r);
		for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
			cli_result a = run_sh("cd '%s' && $LF search --db masters/laws -f jsonl --limit 40 '%s'", dir, qs[i]);
			cli_result b = run_sh("cd '%s' && $LF search --db replicas/laws -f jsonl --limit 40 '%s'", dir, qs[i]);
			cr_assert(a.status == 0 && b.status == 0, "%s %s", a.err, b.err);
			cr_assert_str_eq(b.out, a.out, "round %d, %s: the replica answers as the master", round, qs[i]);
			if (i == 0 || i == 3) /* queries that find the GDPR */
				cr_assert_eq(count_lines_with(a.out, "L_2016119EN.01000101_GDPR"), round,
				             "round %d, %s: the update is there (or not yet)", round, qs[i]);
			cli_free(&a);
			cli_free(&b);
		}
		/* the update: the GDPR's HTML edition comes in */
		if (!round)
			sh_ok("update", run_sh("cd '%s' && mv held/L_2016119EN.01000101_GDPR.html.gz c/eu/ && "
			                       "XAPIAN_MAX_CHANGESETS=10 $LF index -q --db masters/laws c",
			                       dir));
	}
	server_stop(&rs);
}
