/*
 * shardof.c - the rules of 'lexfrag index --shard-of' (see shardof.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/hash.h"
#include "indexer/shardof.h"

static const struct {
	const char *name;
	int key;
} keys[] = {
	{"jurisdiction", LF_F_JURISDICTION},
	{"language", LF_F_LANGUAGE},
	{"lang", LF_F_LANGUAGE},
	{"format", -1},
	{"hash", -2},
};

static const char *key_name(int key)
{
	return key == LF_F_JURISDICTION ? "jurisdiction" : key == LF_F_LANGUAGE ? "language" : key == -1 ? "format" : "hash";
}

void lf_shardof_free(lf_shardof *so)
{
	for (int i = 0; i < so->nrules; i++)
		free(so->rule[i].values);
	free(so->canon);
	memset(so, 0, sizeof *so);
}

static int is_value_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.';
}

/* One rule, from s[0..n).  Appends it to so. */
static int parse_rule(const char *s, size_t n, lf_shardof *so, lf_err *err)
{
	struct lf_shardof_rule *r;
	size_t k = 0, i, j;
	int key = 0, found = 0;
	char *vals;

	while (k < n && s[k] != '=' && s[k] != '!')
		k++;
	for (i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strlen(keys[i].name) == k && !strncasecmp(s, keys[i].name, k)) {
			key = keys[i].key;
			found = 1;
		}
	if (!found || k == n)
		return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': not KEY=VALUES, KEY!=VALUES or hash=I/N "
		                  "(KEY: jurisdiction, language, format)", (int)n, s);
	if (so->nrules == LF_SHARDOF_MAX)
		return lf_err_set(err, LF_EINVAL, "--shard-of: more than %d rules", LF_SHARDOF_MAX);
	r = &so->rule[so->nrules];
	memset(r, 0, sizeof *r);
	r->key = key;
	if (s[k] == '!') {
		if (k + 1 >= n || s[k + 1] != '=' || key == -2)
			return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': expected %s", (int)n, s,
			                  key == -2 ? "hash=I/N" : "KEY!=VALUES");
		r->negate = 1;
		k++;
	}
	k++; /* past '=' */
	if (key == -2) {
		char buf[64], extra;
		unsigned a, b;
		snprintf(buf, sizeof buf, "%.*s", (int)(n - k < 63 ? n - k : 63), s + k);
		if (sscanf(buf, "%u/%u%c", &a, &b, &extra) != 2 || b < 1 || b > 4096 || a >= b)
			return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': expected hash=I/N with 0 <= I < N <= 4096",
			                  (int)n, s);
		r->hash_i = a;
		r->hash_n = b;
		so->nrules++;
		return 0;
	}
	if (k == n)
		return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': no values", (int)n, s);
	if (!(vals = calloc(1, n - k + 2)))
		return lf_err_set(err, LF_ENOMEM, "out of memory");
	/* values: comma-separated, lower-cased, each NUL-terminated */
	for (i = k, j = 0; i < n; i++) {
		char c = s[i];
		if (c == ',') {
			if (!j || !vals[j - 1]) {
				free(vals);
				return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': an empty value", (int)n, s);
			}
			vals[j++] = '\0';
		} else if (!is_value_char(c)) {
			free(vals);
			return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': '%c' in a value", (int)n, s, c);
		} else {
			vals[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	if (!vals[j - 1]) {
		free(vals);
		return lf_err_set(err, LF_EINVAL, "--shard-of: '%.*s': an empty value", (int)n, s);
	}
	vals[j] = vals[j + 1] = '\0';
	r->values = vals;
	so->nrules++;
	return 0;
}

int lf_shardof_parse(const char *const *spec, int nspec, lf_shardof *so, lf_err *err)
{
	lf_buf canon;
	int rc = 0, brc = 0;

	memset(so, 0, sizeof *so);
	for (int i = 0; i < nspec && !rc; i++) {
		const char *s = spec[i];
		while (*s && !rc) {
			size_t n = strcspn(s, ";");
			while (n && (*s == ' ' || *s == '\t'))
				s++, n--;
			while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			if (n && !(n == 3 && !strncasecmp(s, "all", 3)))
				rc = parse_rule(s, n, so, err);
			s += strcspn(s, ";");
			if (*s == ';')
				s++;
		}
	}
	lf_buf_init(&canon, 0);
	for (int i = 0; i < so->nrules && !rc && !brc; i++) {
		const struct lf_shardof_rule *r = &so->rule[i];
		brc |= lf_buf_printf(&canon, "%s%s", i ? ";" : "", key_name(r->key));
		if (r->key == -2) {
			brc |= lf_buf_printf(&canon, "=%u/%u", r->hash_i, r->hash_n);
			continue;
		}
		brc |= lf_buf_adds(&canon, r->negate ? "!=" : "=");
		for (const char *v = r->values; *v; v += strlen(v) + 1)
			brc |= lf_buf_printf(&canon, "%s%s", v == r->values ? "" : ",", v);
	}
	if (!rc && (brc || !(so->canon = strdup(lf_buf_str(&canon)))))
		rc = lf_err_set(err, LF_ENOMEM, "out of memory");
	lf_buf_free(&canon);
	if (rc)
		lf_shardof_free(so);
	return rc;
}

static int has_value(const char *values, const char *v)
{
	if (!v || !*v)
		v = "-";
	for (; *values; values += strlen(values) + 1)
		if (!strcasecmp(values, v))
			return 1;
	return 0;
}

int lf_shardof_match(const lf_shardof *so, const lf_law *law)
{
	for (int i = 0; i < so->nrules; i++) {
		const struct lf_shardof_rule *r = &so->rule[i];
		int in;
		if (r->key == -2)
			in = lf_hash_str(law->field[LF_F_ID] ? law->field[LF_F_ID] : "") % r->hash_n == r->hash_i;
		else
			in = has_value(r->values, r->key == -1 ? law->format : law->field[r->key]) != r->negate;
		if (!in)
			return 0;
	}
	return 1;
}
