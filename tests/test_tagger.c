/*
 * test_tagger.c - the risk taxonomy and the tagger: the loader on the
 * built-in taxonomy and on each kind of invalid file; the matching engine
 * (folding, prefixes, gaps, CJK, windows, exceptions, modality, scope) on
 * small texts; and the rules on real provisions of real laws, with hard
 * negatives that must stay untagged.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/readers/input.h"
#include "lexfrag/lexfrag.h"
#include "tagging/tagger.h"
#include "tagging/taxonomy.h"

/* ------------------------------------------------------------ loader */

static const char *const nine[] = {"data-localization", "transfer-restriction", "shutdown",
                                   "content-blocking", "encryption-control", "surveillance",
                                   "sovereign-routing", "local-presence", "digital-protectionism"};

Test(taxonomy, builtin_has_the_nine_categories_five_layers_and_labels)
{
	lf_taxonomy *tx;
	lf_err err;
	static const char *const langs[] = {"en", "fr", "de", "es", "ru", "zh", "id", "sr", "pt"};

	cr_assert_eq(lf_taxonomy_load(NULL, &tx, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_taxonomy_nlayers(tx), 5);
	cr_assert_str_eq(lf_taxonomy_layer(tx, 0), "physical");
	cr_assert_str_eq(lf_taxonomy_layer(tx, 4), "content");
	for (size_t i = 0; i < 9; i++) {
		int c = lf_taxonomy_cat_index(tx, nine[i]);
		const lf_tx_cat *cat;
		cr_assert_geq(c, 0, "%s missing", nine[i]);
		cat = lf_taxonomy_cat(tx, (size_t)c);
		cr_assert_neq(cat->layers, 0u, "%s has no layers", nine[i]);
		cr_assert_gt(cat->nharms, 0u, "%s harms nothing", nine[i]);
		for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
			size_t k;
			for (k = 0; k < cat->nlabels && strcmp(cat->labels[k].lang, langs[l]); k++)
				;
			cr_assert_lt(k, cat->nlabels, "%s has no %s concept label", nine[i], langs[l]);
		}
	}
	cr_assert_gt(lf_taxonomy_nproperties(tx), 10u);
	lf_taxonomy_free(tx);
}

Test(taxonomy, the_file_in_schemas_is_the_builtin_one)
{
	lf_taxonomy *a, *b;
	lf_err err;

	cr_assert_eq(lf_taxonomy_load(NULL, &a, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_taxonomy_load(LF_SOURCE_DIR "/schemas/taxonomy.xml", &b, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_taxonomy_hash(a), lf_taxonomy_hash(b), "rebuild: the built-in taxonomy is stale");
	lf_taxonomy_free(a);
	lf_taxonomy_free(b);
}

/* A minimal valid taxonomy, with %s where a test puts its own part. */
static const char mini[] =
	"<taxonomy xmlns='urn:lexfrag:taxonomy:1' version='1'>"
	"<layer id='network'><description>n</description></layer>"
	"<layer id='content'><description>c</description></layer>"
	"<property id='reach' kind='enabler'>Unrestricted reachability</property>"
	"<language id='en' window='8'><binding>shall; must</binding><permissive>may</permissive>"
	"<definitions>means</definitions></language>"
	"<language id='zh' window='20'><binding>应当</binding></language>"
	"%s"
	"</taxonomy>";

static const char good_cat[] =
	"<category id='blocking' layers='content network' harms='reach'>"
	"<description>d</description>"
	"<concept lang='en'>website blocking; block* sites</concept>"
	"<concept lang='zh'>网站屏蔽</concept>"
	"<rules lang='en'><except>fishing</except>"
	"<rule id='b-en' weight='0.9'><terms>block*; take .. down</terms><terms>website*</terms>"
	"<except>unblock*</except></rule></rules>"
	"<rules lang='zh'><rule id='b-zh' weight='0.8'><terms>屏蔽</terms><terms>网站</terms></rule></rules>"
	"</category>";

static int load_with(const char *part, lf_taxonomy **tx, lf_err *err)
{
	char xml[8192];

	snprintf(xml, sizeof xml, mini, part);
	return lf_taxonomy_parse(xml, strlen(xml), "test.xml", tx, err);
}

Test(taxonomy, a_small_valid_file_loads)
{
	lf_taxonomy *tx;
	lf_err err;

	cr_assert_eq(load_with(good_cat, &tx, &err), 0, "%s", err.msg);
	cr_assert_eq(lf_taxonomy_ncats(tx), 1);
	cr_assert_eq(lf_taxonomy_cat(tx, 0)->layers, 3u);
	lf_taxonomy_free(tx);
}

/* Each invalid file is refused with LF_EFORMAT and a message naming the
 * file and saying what is wrong. */
static void refused(const char *part, const char *expect)
{
	lf_taxonomy *tx = (lf_taxonomy *)1;
	lf_err err;
	int rc = load_with(part, &tx, &err);

	cr_assert_eq(rc, LF_EFORMAT, "accepted: %s", part);
	cr_assert_null(tx);
	cr_assert(strstr(err.msg, "test.xml"), "no file name: %s", err.msg);
	cr_assert(strstr(err.msg, expect), "expected \"%s\" in: %s", expect, err.msg);
}

Test(taxonomy, invalid_files_are_refused_with_the_reason)
{
	/* unknown element (RelaxNG) */
	refused("<category id='x' layers='content'><description>d</description><colour/></category>",
	        "colour");
	/* an unknown layer, property or language referenced */
	refused("<category id='x' layers='content transport'><description>d</description></category>",
	        "unknown layer \"transport\"");
	refused("<category id='x' layers='content' harms='speed'><description>d</description></category>",
	        "unknown property \"speed\"");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='fr'><rule id='r'><terms>bloquer</terms></rule></rules></category>",
	        "undeclared language \"fr\"");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<concept lang='de'>Netzsperre</concept></category>",
	        "undeclared language \"de\"");
	/* a duplicate category or rule */
	refused("<category id='x' layers='content'><description>d</description></category>"
	        "<category id='x' layers='content'><description>d</description></category>",
	        "declared twice");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='en'><rule id='r'><terms>a</terms></rule><rule id='r'><terms>b</terms></rule></rules>"
	        "</category>",
	        "declared twice");
	/* a bad attribute value, a rule with no terms, a term with no word */
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='en'><rule id='r' weight='1.5'><terms>a</terms></rule></rules></category>",
	        "weight");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='en'><rule id='r'></rule></rules></category>",
	        "Expecting an element");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='en'><rule id='r'><terms>.. block</terms></rule></rules></category>",
	        "\"..\" must stand between words");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='en'><rule id='r'><terms>take ..down</terms></rule></rules></category>",
	        "as a word of its own");
	refused("<category id='x' layers='content'><description>d</description>"
	        "<rules lang='en'><rule id='r'><terms>;;  ; -- ;</terms></rule></rules></category>",
	        "no letters or digits");
	/* no category at all */
	refused("", "test.xml");
}

Test(taxonomy, not_well_formed_and_dtd_are_refused)
{
	lf_taxonomy *tx;
	lf_err err;
	const char *bad = "<taxonomy xmlns='urn:lexfrag:taxonomy:1' version='1'><layer id='a'>";
	const char *dtd = "<?xml version='1.0'?><!DOCTYPE taxonomy [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
	                  "<taxonomy xmlns='urn:lexfrag:taxonomy:1' version='1'>&x;</taxonomy>";

	cr_assert_eq(lf_taxonomy_parse(bad, strlen(bad), "bad.xml", &tx, &err), LF_EFORMAT);
	cr_assert(strstr(err.msg, "bad.xml:") && strstr(err.msg, "not well-formed"), "%s", err.msg);
	cr_assert_eq(lf_taxonomy_parse(dtd, strlen(dtd), "dtd.xml", &tx, &err), LF_EFORMAT);
	cr_assert(strstr(err.msg, "DTD"), "%s", err.msg);
	cr_assert_eq(lf_taxonomy_load("/nonexistent/taxonomy.xml", &tx, &err), LF_EIO);
	cr_assert(strstr(err.msg, "/nonexistent/taxonomy.xml"), "%s", err.msg);
}

/* ------------------------------------------------------------ engine */

static lf_taxonomy *tx_small;
static lf_tagger *tg_small;

static void small_setup(void)
{
	lf_err err;

	cr_assert_eq(load_with(good_cat, &tx_small, &err), 0, "%s", err.msg);
	tg_small = lf_tagger_new(tx_small);
	cr_assert_not_null(tg_small);
}

static void small_teardown(void)
{
	lf_tagger_free(tg_small);
	lf_taxonomy_free(tx_small);
}

/* The strength of the one category of the small taxonomy, 0 if untagged. */
static double strength(const char *lang, const char *text, double scope)
{
	const lf_tag *tags;
	size_t n;

	cr_assert_eq(lf_tagger_run(tg_small, lang, text, strlen(text), scope, &tags, &n), 0);
	return n ? tags[0].strength : 0;
}

TestSuite(engine, .init = small_setup, .fini = small_teardown);

Test(engine, all_groups_within_the_window)
{
	cr_assert_float_eq(strength("en", "The operator shall block the website.", 1), 0.9, 1e-9);
	/* the other group too far away (window 8) */
	cr_assert_eq(strength("en", "Block it. One two three four five six seven eight nine website", 1), 0);
	/* one group missing */
	cr_assert_eq(strength("en", "The operator shall block the account.", 1), 0);
}

Test(engine, modality_and_scope_set_the_strength)
{
	double must = strength("en", "Operators must block websites.", 1);
	double may = strength("en", "Operators may block websites.", 1);
	double bare = strength("en", "Operators blocking websites.", 1);
	double def = strength("en", "Blocking means that websites are blocked.", 1);

	cr_assert_float_eq(must, 0.9, 1e-9);
	cr_assert_float_eq(may, 0.9 * 0.6, 1e-9);
	cr_assert_float_eq(bare, 0.9 * 0.75, 1e-9);
	cr_assert_float_eq(def, 0.9 * 0.75 * 0.5, 1e-9);
	cr_assert_float_eq(strength("en", "Operators must block websites.", 0.5), 0.45, 1e-9);
}

Test(engine, exceptions_veto_a_match)
{
	cr_assert_eq(strength("en", "Operators shall unblock websites and block them.", 1), 0);
	cr_assert_eq(strength("en", "Fishing websites shall be blocked.", 1), 0);
}

Test(engine, folding_prefixes_and_gaps)
{
	/* case, width and accents folded; prefix; a gap of up to 4 words */
	cr_assert_gt(strength("en", "ＢＬＯＣＫＩＮＧ of WEBSÏTES shall follow", 1), 0);
	cr_assert_gt(strength("en", "it shall take the offending website down", 1), 0);
	cr_assert_eq(strength("en", "it shall take one two three four five website down", 1), 0);
}

Test(engine, cjk_by_character_and_language_chosen)
{
	cr_assert_float_eq(strength("zh", "网络运营者应当屏蔽违法网站。", 1), 0.8, 1e-9);
	cr_assert_eq(strength("zh", "运营者应当屏蔽违法信息。", 1), 0);
	/* rules of another language do not apply; an unknown language gets none */
	cr_assert_eq(strength("zh", "Operators must block websites.", 1), 0);
	cr_assert_eq(strength("xx", "Operators must block websites.", 1), 0);
	cr_assert_eq(strength(NULL, "Operators must block websites.", 1), 0);
}

Test(engine, spans_point_at_the_matched_words)
{
	const char *text = "Operators must block websites.";
	const lf_tag *tags;
	size_t n;

	cr_assert_eq(lf_tagger_run(tg_small, "en", text, strlen(text), 1, &tags, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(tags[0].rule, "b-en");
	cr_assert_eq(tags[0].nspans, 2);
	cr_assert_eq(strncmp(text + tags[0].spans[0].off, "block", tags[0].spans[0].len), 0);
	cr_assert_eq(strncmp(text + tags[0].spans[1].off, "websites", tags[0].spans[1].len), 0);
}

Test(engine, concepts_in_any_language)
{
	uint64_t mask;

	cr_assert_eq(lf_taxonomy_concepts(tx_small, "website blocking", 16, &mask), 0);
	cr_assert_eq(mask, 1u);
	cr_assert_eq(lf_taxonomy_concepts(tx_small, "中国的网站屏蔽", strlen("中国的网站屏蔽"), &mask), 0);
	cr_assert_eq(mask, 1u);
	cr_assert_eq(lf_taxonomy_concepts(tx_small, "blocking", 8, &mask), 0);
	cr_assert_eq(mask, 0u);
}

Test(engine, hostile_text_is_bounded)
{
	/* a million words that all hit the same group: finishes, tags once */
	size_t n = 6u << 20;
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i += 6)
		memcpy(big + i, i % 60 ? "block " : "sites ", 6);
	big[n] = 0;
	strength("en", big, 1);
	free(big);
}

/* ------------------------------------------- who, whether, and where */

/* The rule language's reading of a provision's structure: a power denied,
 * a state body's own transfers, grounds stated far from the power. */
static const char structure_cat[] =
	"<category id='transfer' layers='network' harms='reach'><description>d</description>"
	"<rules lang='en'><minor>invoices</minor>"
	"<rule id='t-en' weight='0.9' bearer='non-state'><terms>transfer*</terms><terms>abroad</terms></rule>"
	"</rules></category>"
	"<category id='shutdown' layers='network'><description>d</description>"
	"<rules lang='en'>"
	"<rule id='s-en' weight='0.8' window='6' modality='any'><terms>suspend*</terms><terms>network*</terms>"
	"<terms near='provision'>emergency</terms></rule>"
	"</rules></category>";

static const char structure_lang[] =
	"<taxonomy xmlns='urn:lexfrag:taxonomy:1' version='1'>"
	"<layer id='network'><description>n</description></layer>"
	"<property id='reach' kind='enabler'>r</property>"
	"<language id='en' window='8'><binding>shall; must</binding><permissive>may</permissive>"
	"<scope>this act applies</scope><state>police; intelligence service</state>"
	"<denial>no public entity; shall not have the power</denial></language>"
	"%s</taxonomy>";

static lf_taxonomy *tx_st;
static lf_tagger *tg_st;

static void structure_setup(void)
{
	char xml[8192];
	lf_err err;

	snprintf(xml, sizeof xml, structure_lang, structure_cat);
	cr_assert_eq(lf_taxonomy_parse(xml, strlen(xml), "structure.xml", &tx_st, &err), 0, "%s", err.msg);
	cr_assert_not_null(tg_st = lf_tagger_new(tx_st));
}

static void structure_teardown(void)
{
	lf_tagger_free(tg_st);
	lf_taxonomy_free(tx_st);
}

/* The categories tagged in text, "id;id;", in a law titled title. */
static const char *st_tags(const char *title, const char *text)
{
	static char out[256];
	const lf_tag *tags;
	size_t n;

	out[0] = 0;
	cr_assert_eq(lf_tagger_law(tg_st, "en", title, title ? strlen(title) : 0), 0);
	cr_assert_eq(lf_tagger_run(tg_st, "en", text, strlen(text), 1, &tags, &n), 0);
	for (size_t i = 0; i < n; i++) {
		strcat(out, lf_taxonomy_cat(tx_st, (size_t)tags[i].cat)->id);
		strcat(out, ";");
	}
	return out;
}

TestSuite(structure, .init = structure_setup, .fini = structure_teardown);

/* The strength of category id in text, 0 if untagged. */
static double st_strength(const char *id, const char *text)
{
	const lf_tag *tags;
	size_t n;

	cr_assert_eq(lf_tagger_law(tg_st, "en", NULL, 0), 0);
	cr_assert_eq(lf_tagger_run(tg_st, "en", text, strlen(text), 1, &tags, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(lf_taxonomy_cat(tx_st, (size_t)tags[i].cat)->id, id))
			return tags[i].strength;
	return 0;
}

Test(structure, scope_articles_and_minor_objects_weigh_less)
{
	double full = st_strength("transfer", "Controllers shall not transfer personal data abroad.");

	cr_assert_float_eq(full, 0.9, 1e-9);
	/* a scope article: "this Act applies" in its first sentences */
	cr_assert_float_eq(st_strength("transfer", "This Act applies to every controller that may transfer "
	                                           "personal data abroad; it shall be read as a whole."),
	                   full * 0.5, 1e-9);
	/* the object is a minor one (the category's <minor>) */
	cr_assert_float_eq(st_strength("transfer", "Traders shall not transfer invoices abroad."), full * 0.6, 1e-9);
}

Test(structure, a_state_body_s_own_transfers_are_not_a_restriction)
{
	cr_assert_str_eq(st_tags(NULL, "Controllers shall not transfer personal data abroad."), "transfer;");
	/* the bearer is a state body named near the match */
	cr_assert_str_eq(st_tags(NULL, "The police may transfer personal data abroad."), "");
	/* or the law is that body's own statute */
	cr_assert_str_eq(st_tags("Act on the Intelligence Service", "It may transfer data abroad."), "");
	cr_assert_str_eq(st_tags("Data Protection Act", "It may transfer data abroad."), "transfer;");
	/* the state list does not touch rules without bearer='non-state' */
	cr_assert_str_eq(st_tags("Police Act", "In an emergency, police may suspend the network."), "shutdown;");
}

Test(structure, grounds_anywhere_in_the_provision)
{
	/* the grounds, 20 words before a window of 6 */
	cr_assert_str_eq(st_tags(NULL, "(2) In a public emergency, and where one two three four five six seven "
	                               "eight nine ten eleven twelve, the Government may order that (b) the "
	                               "network shall be suspended."),
	                 "shutdown;");
	/* no grounds anywhere: no power */
	cr_assert_str_eq(st_tags(NULL, "The operator may suspend the network for repairs."), "");
	/* the grounds alone, with the rest out of the window, do not fire */
	cr_assert_str_eq(st_tags(NULL, "Emergency. Suspend one two three four five six seven network."), "");
}

Test(structure, a_denied_power_is_not_the_power)
{
	cr_assert_str_eq(st_tags(NULL, "Notwithstanding any other law, no public entity, except with the "
	                               "permission of an officer, shall have the authority to suspend the "
	                               "network, except in an emergency."),
	                 "");
	cr_assert_str_eq(st_tags(NULL, "The Minister shall not have the power to suspend a network in an emergency."),
	                 "");
	/* a denial in an earlier sentence does not reach */
	cr_assert_str_eq(st_tags(NULL, "No public entity may seize it. In an emergency the Minister may suspend "
	                               "the network."),
	                 "shutdown;");
}

Test(structure, unknown_attributes_and_all_window_groups_are_refused)
{
	char xml[8192];
	lf_taxonomy *tx;
	lf_err err;

	snprintf(xml, sizeof xml, structure_lang,
	         "<category id='x' layers='network'><description>d</description><rules lang='en'>"
	         "<rule id='x-en'><terms near='provision'>a</terms><terms near='provision'>b</terms></rule>"
	         "</rules></category>");
	cr_assert_neq(lf_taxonomy_parse(xml, strlen(xml), "t.xml", &tx, &err), 0);
	cr_assert(strstr(err.msg, "near=\"provision\""), "%s", err.msg);
	snprintf(xml, sizeof xml, structure_lang,
	         "<category id='x' layers='network'><description>d</description><rules lang='en'>"
	         "<rule id='x-en' bearer='private'><terms>a</terms></rule></rules></category>");
	cr_assert_neq(lf_taxonomy_parse(xml, strlen(xml), "t.xml", &tx, &err), 0);
}

/* ------------------------------------------------------ real provisions */

typedef struct found {
	char cats[2048];     /* "cat;cat;" tagged */
	char evidence[16384];/* "cat|label;" */
	char rules_language[16];
	char scores[2048];   /* "cat=score;" for every category with evidence */
} found;

static void on_law(const lf_tagged_law *t, void *ctx)
{
	found *f = ctx;

	for (size_t i = 0; i < t->nrisks; i++)
		if (t->risks[i].tagged) {
			strncat(f->cats, t->risks[i].category, sizeof f->cats - strlen(f->cats) - 2);
			strcat(f->cats, ";");
		}
	for (size_t i = 0; i < t->nevidence; i++) {
		char e[300];
		snprintf(e, sizeof e, "%s|%s;", t->evidence[i].category, t->evidence[i].label);
		strncat(f->evidence, e, sizeof f->evidence - strlen(f->evidence) - 1);
	}
	snprintf(f->rules_language, sizeof f->rules_language, "%s", t->rules_language ? t->rules_language : "");
	for (size_t i = 0; i < t->nrisks; i++) {
		char e[120];
		snprintf(e, sizeof e, "%s=%.6f;", t->risks[i].category, t->risks[i].score);
		strncat(f->scores, e, sizeof f->scores - strlen(f->scores) - 1);
	}
}

static found tag_file_as(const char *path, const char *lang)
{
	static found f;
	lf_tag_opts o;
	lf_err err;
	size_t failed;

	memset(&f, 0, sizeof f);
	memset(&o, 0, sizeof o);
	o.roots = &path;
	o.nroots = 1;
	o.lang = lang;
	o.on_law = on_law;
	o.ctx = &f;
	lf_input_init();
	cr_assert_eq(lf_tag_run(&o, &failed, &err), 0, "%s", err.msg);
	cr_assert_eq(failed, 0);
	return f;
}

static found tag_file(const char *path)
{
	return tag_file_as(path, NULL);
}

static void has_evidence(const char *path, const char *cat, const char *label)
{
	found f = tag_file(path);
	char want[300];

	snprintf(want, sizeof want, "%s|%s;", cat, label);
	cr_assert(strstr(f.cats, cat), "%s: not tagged %s (tags: %s)", path, cat, f.cats);
	cr_assert(strstr(f.evidence, want), "%s: %s is not evidence for %s (evidence: %.2000s)", path,
	          label, cat, f.evidence);
}

#define DATA LF_TEST_DATA

Test(rules, gdpr_article_44_transfer_restriction)
{
	has_evidence(DATA "/eurlex/L_2016119EN.01000101_GDPR.html.gz", "transfer-restriction", "Article 44");
}

Test(rules, cybersecurity_law_article_37_data_localization)
{
	has_evidence(DATA "/markdown/cybersecurity_law_2016.md", "data-localization", "第三十七条");
}

Test(rules, pp_71_2019_pasal_20_data_localization)
{
	has_evidence(DATA "/markdown/pp_2019_71_electronic_systems.md", "data-localization", "Pasal 20");
}

Test(rules, german_interception_provision_surveillance)
{
	/* TKG § 170: duties of operators in the technical implementation of
	 * surveillance measures */
	has_evidence(DATA "/gii/TKG_2021_BJNR185810021.xml.gz", "surveillance", "§ 170");
}

Test(rules, it_act_blocking_and_interception)
{
	has_evidence(DATA "/markdown/it_act_2000_part2.md", "content-blocking", "Section 69A");
	has_evidence(DATA "/markdown/it_act_2000_part2.md", "encryption-control", "Section 69");
}

Test(rules, hard_negatives_stay_untagged)
{
	/* an agriculture law's export (出境) of genetic resources is not a
	 * data transfer; a double taxation treaty's exchange of information is
	 * not surveillance; a jam regulation and road fees are nothing */
	static const char *const files[] = {
		DATA "/markdown/animal_husbandry_law_2022.md",
		DATA "/clml/uksi-1996-3166-schedule-made.xml",
		DATA "/clml/uksi-1998-572-made.xml",
		DATA "/uslm/S1057_CPS.XML",
		DATA "/html/family_code_102038925.html.gz",
		LF_SOURCE_DIR "/corpus/cn/vehicle_vessel_tax_law_2019.md",
		LF_SOURCE_DIR "/corpus/de/KraftStG_BJNR005090927.xml",
		LF_SOURCE_DIR "/corpus/de/StVO_2013_BJNR036710013.xml.gz",
	};

	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		found f = tag_file(files[i]);
		cr_assert_str_eq(f.cats, "", "%s is tagged %s (evidence %.500s)", files[i], f.cats, f.evidence);
	}
}

/* ------------------------------------ the review's wrong tags (issue 20) */

static void no_evidence(const char *path, const char *cat, const char *label)
{
	found f = tag_file(path);
	char want[300];

	snprintf(want, sizeof want, "%s|%s;", cat, label);
	cr_assert_null(strstr(f.evidence, want), "%s: %s is evidence for %s (evidence: %.2000s)", path,
	               label, cat, f.evidence);
}

static void not_tagged(const char *path, const char *cat)
{
	found f = tag_file(path);
	char want[80];

	snprintf(want, sizeof want, "%s;", cat);
	cr_assert_null(strstr(f.cats, want), "%s: tagged %s (evidence: %.2000s)", path, cat, f.evidence);
}

Test(review, india_telecom_act_shutdown_powers_not_the_denied_one)
{
	/* s. 14(4): "no public entity ... shall have the authority to take any
	 * coercive action, such as ... forcible shutdown": a denial; the powers
	 * are s. 20(2)(b) (grounds at the head of (2)) and s. 21(f); s. 42(4)
	 * suspends one offender's service */
	const char *p = DATA "/markdown/telecommunications_act_2023.md";
	has_evidence(p, "shutdown", "Section 20");
	has_evidence(p, "shutdown", "Section 21");
	no_evidence(p, "shutdown", "Section 14");
	no_evidence(p, "shutdown", "Section 42");
}

Test(review, intelligence_service_transfers_abroad_are_not_transfer_restriction)
{
	/* BNDG §§ 9a, 11e-11g: the service's own transfers to foreign bodies */
	const char *p = DATA "/gii/BNDG_BJNR029790990.xml.gz";
	not_tagged(p, "transfer-restriction");
	has_evidence(p, "surveillance", "§ 19");
}

Test(review, operators_network_management_is_not_shutdown)
{
	/* TKG § 73(6) one terminal disconnected, § 169 redirecting a user's
	 * traffic, § 185 congestion management; BSIG § 16 sinkholing */
	const char *tkg = DATA "/gii/TKG_2021_BJNR185810021.xml.gz";
	no_evidence(tkg, "shutdown", "§ 73");
	no_evidence(tkg, "shutdown", "§ 169");
	no_evidence(tkg, "shutdown", "§ 185");
	not_tagged(DATA "/gii/BSIG_2025_BJNR12D0B0025.xml.gz", "shutdown");
}

Test(review, local_presence_is_a_representative_not_a_licence)
{
	/* BSIG § 60(3): an entity outside the EU must name a representative;
	 * TKG § 5: every operator notifies the start of business */
	has_evidence(DATA "/gii/BSIG_2025_BJNR12D0B0025.xml.gz", "local-presence", "§ 60");
	no_evidence(DATA "/gii/TKG_2021_BJNR185810021.xml.gz", "local-presence", "§ 5");
}

Test(review, e_signature_devices_are_not_encryption_control)
{
	/* Serbian law on electronic documents, identification and trust
	 * services: qualified signature creation devices */
	not_tagged(LF_SOURCE_DIR "/corpus/rs/rs_549.html", "encryption-control");
}

Test(review, a_permission_to_store_abroad_is_not_localisation)
{
	/* PP 71/2019 Pasal 21: private operators MAY store data abroad */
	const char *p = DATA "/markdown/pp_2019_71_electronic_systems.md";
	has_evidence(p, "data-localization", "Pasal 20");
	no_evidence(p, "data-localization", "Pasal 21");
}

Test(review, retaining_charges_is_not_data_retention)
{
	/* IT Act s. 6A(3): service providers "collect, retain and appropriate
	 * e-service charges" */
	no_evidence(DATA "/markdown/it_act_2000_part1.md", "surveillance", "Section 6A");
}

/* ---------------------------------- drafts, translations and paraphrases */

/* Tags text written to a temporary .txt file, in lang (NULL: detected). */
static found tag_text(const char *text, const char *lang)
{
	char path[] = "/tmp/lexfrag-tagtext-XXXXXX.txt";
	int fd = mkstemps(path, 4);
	found f;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	f = tag_file_as(path, lang);
	unlink(path);
	return f;
}

Test(drafts, english_drafting_variants_of_localisation)
{
	static const char *const texts[] = {
		"Personal data collected in Freedonia shall be stored within the territory of Freedonia.",
		"Section 5. Personal data must not be transferred outside Freedonia.\n",
		"Section 6. Every data fiduciary shall localise personal data in Freedonia.\n",
		/* CSL 第三十七条 and PIPL 第四十条 in English */
		"Article 37. Critical information infrastructure operators that gather or produce personal "
		"information or important data during operations within the mainland territory of the People's "
		"Republic of China, shall store it within mainland China.\n",
		"Article 40. Critical information infrastructure operators and personal information handlers "
		"handling personal information reaching quantities provided by the State cybersecurity and "
		"informatization department shall store personal information collected and produced within the "
		"borders of the People's Republic of China domestically.\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		found f = tag_text(texts[i], "en");
		cr_assert(strstr(f.cats, "data-localization;"), "not tagged: %s (tags %s)", texts[i], f.cats);
	}
	/* and the real English adaptation of PIPL 第三十八条 and 第四十条 */
	cr_assert(strstr(tag_file(DATA "/similar/xl_pipl_en.txt").cats, "transfer-restriction;"));
	/* a permission is no duty */
	cr_assert_str_eq(tag_text("Operators may store personal data within the territory or abroad.", "en").cats, "");
}

Test(drafts, a_text_of_unknown_language_gets_every_language_s_rules)
{
	found f = tag_text("Personal data collected in Freedonia shall be stored within the territory of Freedonia.",
	                   NULL);

	cr_assert_str_eq(f.rules_language, "*");
	cr_assert(strstr(f.cats, "data-localization;"), "%s", f.cats);
	cr_assert(strstr(f.evidence, "data-localization|Preface;"), "%s", f.evidence);
	/* --lang says which */
	f = tag_text("Personal data collected in Freedonia shall be stored within the territory of Freedonia.", "en");
	cr_assert_str_eq(f.rules_language, "en");
	/* in another language's rules only, English words tag nothing */
	cr_assert_str_eq(tag_text("Personal data shall be stored within the territory of Freedonia.", "de").cats, "");
}

Test(drafts, a_language_without_rules_is_refused)
{
	const char *path = DATA "/similar/xl_pipl_en.txt";
	lf_tag_opts o;
	lf_err err;
	size_t failed;

	memset(&o, 0, sizeof o);
	o.roots = &path;
	o.nroots = 1;
	o.lang = "xx";
	cr_assert_eq(lf_tag_run(&o, &failed, &err), LF_EINVAL);
	cr_assert(strstr(err.msg, "--lang xx") && strstr(err.msg, "zh"), "%s", err.msg);
}

/* ------------------------------------------- scores that rank, evidence first */

/* A law's score for a category (0 without evidence). */
static double law_score(const char *path, const char *cat)
{
	found f = tag_file(path);
	char key[80];
	const char *p;

	snprintf(key, sizeof key, "%s=", cat);
	for (p = f.scores; (p = strstr(p, key)) != NULL; p++)
		if (p == f.scores || p[-1] == ';')
			return strtod(p + strlen(key), NULL);
	return 0;
}

Test(review, localisation_mandates_outrank_keeping_invoices_at_home)
{
	/* UStG § 14b (invoices kept in Germany: true, incidental) scored 1.00
	 * above the Cybersecurity Law's 第三十七条 and PIPL's 第四十条 */
	double ustg = law_score(DATA "/gii/UStG_1980_BJNR119530979.xml.gz", "data-localization");
	double csl = law_score(DATA "/markdown/cybersecurity_law_2016.md", "data-localization");
	double pipl = law_score(DATA "/markdown/pipl_2021.md", "data-localization");

	cr_assert_gt(ustg, 0, "UStG § 14b is still a (minor) localisation rule");
	cr_assert_gt(csl, ustg, "CSL %.3f <= UStG %.3f", csl, ustg);
	cr_assert_gt(pipl, ustg, "PIPL %.3f <= UStG %.3f", pipl, ustg);
}

Test(review, the_evidence_cited_first_is_the_measure)
{
	/* GDPR: the Chapter V articles (Art. 44 among them) before Art. 40 on
	 * codes of conduct and Art. 15 on the right of access, which mention
	 * transfers in passing */
	found f = tag_file(DATA "/eurlex/L_2016119EN.01000101_GDPR.html.gz");
	const char *p = f.evidence;
	int n = 0, art44 = 0;

	while ((p = strstr(p, "transfer-restriction|")) != NULL && n < 5) {
		p += strlen("transfer-restriction|");
		cr_assert(strncmp(p, "Article 40;", 11) && strncmp(p, "Article 15;", 11),
		          "cited among the first five: %.40s (evidence %.600s)", p, f.evidence);
		art44 |= !strncmp(p, "Article 44;", 11);
		n++;
	}
	cr_assert_eq(n, 5, "%s", f.evidence);
	cr_assert(art44, "Article 44 is not among the first five: %.600s", f.evidence);
}

Test(drafts, one_pasted_sentence_is_a_draft_tagged_with_every_language_s_rules)
{
	/* "the draft holds no text": its one short paragraph was taken for a
	 * title */
	static const char s[] = "Personal data collected in Freedonia shall be stored within the territory of Freedonia.";
	lf_draft *d = NULL;
	lf_draft_info info;
	lf_err err;
	int dl = 0;

	cr_assert_eq(lf_draft_read_mem("pasted", s, strlen(s), NULL, NULL, 0, &d, &err), 0, "%s", err.msg);
	lf_draft_describe(d, &info);
	cr_assert_eq(info.units, 1);
	for (size_t i = 0; i < info.tags->nrisks; i++)
		dl |= !strcmp(info.tags->risks[i].category, "data-localization") && info.tags->risks[i].tagged;
	cr_assert(dl, "the sentence is not tagged data-localization");
	lf_draft_free(d);
}
