/*
 * fuzz_taxonomy.c - a taxonomy file from memory (lf_taxonomy_parse: XML,
 * RelaxNG, the checks after it, the compiled terms), and what a valid one
 * is then used for: the records stored in the index, concept matching and
 * tagging a few real provisions.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "tagging/tagger.h"
#include "tagging/taxonomy.h"
#include "fuzz_util.h"

static const struct {
	const char *lang, *text;
} provisions[] = {
	{"en", "Where personal data are transferred to a third country, the controller shall "
	       "ensure that the data are stored on servers located in India; the Central "
	       "Government may direct any agency to intercept or block any information."},
	{"zh", "关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的个人信息和重要数据应当在境内存储。"},
	{"de", "Wer geschäftsmäßig Telekommunikationsdienste erbringt, hat die Überwachung der "
	       "Telekommunikation zu ermöglichen."},
	{"id", "Penyelenggara Sistem Elektronik Lingkup Publik wajib melakukan pengelolaan, "
	       "pemrosesan, dan/atau penyimpanan Data Elektronik di wilayah Indonesia."},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lf_taxonomy *tx;
	lf_tagger *tg;
	lf_buf cats, concepts;
	lf_err err;
	uint64_t mask;
	double coverage[64];

	fuzz_init();
	if (lf_taxonomy_parse((const char *)data, size, "fuzz", &tx, &err) != 0)
		return 0;
	lf_buf_init(&cats, 0);
	lf_buf_init(&concepts, 0);
	if (lf_taxonomy_categories_record(tx, &cats) || lf_taxonomy_concepts_record(tx, &concepts))
		abort();
	if (!(tg = lf_tagger_new(tx)))
		abort();
	for (size_t i = 0; i < sizeof provisions / sizeof *provisions; i++) {
		const char *t = provisions[i].text;
		const lf_tag *tags;
		size_t ntags;

		if (lf_tagger_run(tg, provisions[i].lang, t, strlen(t), 1.0, &tags, &ntags))
			abort();
		for (size_t k = 0; k < ntags; k++)
			if (tags[k].cat < 0 || (size_t)tags[k].cat >= lf_taxonomy_ncats(tx))
				abort();
		mask = 0;
		lf_taxonomy_concepts(tx, t, strlen(t), &mask);
		mask = 0;
		lf_concepts_match(lf_buf_str(&concepts), concepts.n, t, strlen(t), &mask, coverage);
	}
	lf_tagger_free(tg);
	lf_buf_free(&cats);
	lf_buf_free(&concepts);
	lf_taxonomy_free(tx);
	return 0;
}
