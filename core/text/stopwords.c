/* stopwords.c - function words left out of free-text queries (see stopwords.h). */
#include "core/text/stopwords.h"

#include <string.h>

static const char *const en[] = {"a", "about", "all", "an", "and", "any", "are", "as", "at", "be",
                                 "been", "being", "but", "by", "can", "could", "do", "does", "for",
                                 "from", "had", "has", "have", "how", "if", "in", "into", "is",
                                 "it", "its", "of", "on", "or", "should", "so", "such", "than",
                                 "that", "the", "their", "them", "then", "there", "these", "they",
                                 "this", "those", "to", "was", "were", "what", "when", "where",
                                 "which", "who", "whom", "why", "will", "with", "would", NULL};
static const char *const de[] = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer",
                                 "eines", "einem", "einen", "und", "oder", "in", "im", "zu", "zur",
                                 "zum", "von", "vom", "mit", "auf", "für", "an", "am", "bei",
                                 "ist", "sind", "wird", "werden", "nach", "aus", "über", "als",
                                 "auch", "durch", "es", "sich", "wie", "wenn", "welche", "welcher",
                                 "was", "wer", "um", "dass", NULL};
static const char *const fr[] = {"le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "et",
                                 "ou", "en", "au", "aux", "à", "dans", "par", "pour", "sur", "qui",
                                 "que", "est", "sont", "ce", "cette", "il", "elle", "se", "sa",
                                 "son", "ses", "leur", "leurs", "avec", "comme", "dont", "où",
                                 "quel", "quelle", NULL};
static const char *const es[] = {"el", "la", "los", "las", "un", "una", "de", "del", "y", "o",
                                 "en", "a", "al", "por", "para", "con", "que", "se", "es", "su",
                                 "sus", "lo", "como", "qué", "cuál", "este", "esta", "estos",
                                 "estas", NULL};
static const char *const pt[] = {"o", "a", "os", "as", "um", "uma", "de", "do", "da", "dos", "das",
                                 "e", "ou", "em", "no", "na", "nos", "nas", "por", "para", "com",
                                 "que", "se", "é", "ao", "aos", "à", "às", "pelo", "pela", "pelos",
                                 "pelas", "seu", "sua", "como", "qual", "este", "esta", NULL};
static const char *const id[] = {"dan", "yang", "di", "ke", "dari", "dalam", "untuk", "atau",
                                 "ini", "itu", "pada", "dengan", "oleh", "adalah", "bagi",
                                 "sebagai", "tersebut", "akan", "juga", "apa", "bagaimana",
                                 "kepada", NULL};
static const char *const ru[] = {"и", "в", "во", "на", "с", "со", "по", "о", "об", "к", "ко", "из",
                                 "от", "для", "или", "а", "не", "что", "это", NULL};
static const char *const sr[] = {"и", "у", "на", "са", "о", "за", "од", "до", "или", "се", "да",
                                 "је", "су", "i", "u", "na", "sa", "o", "za", "od", "do", "ili",
                                 "se", "da", "je", "su", NULL};

const char *const *lf_stopwords(const char *lang)
{
	static const struct { const char *lang; const char *const *words; } lists[] = {
		{"en", en}, {"de", de}, {"fr", fr}, {"es", es}, {"pt", pt}, {"id", id}, {"ru", ru}, {"sr", sr},
	};
	size_t i;

	if (!lang)
		return NULL;
	for (i = 0; i < sizeof lists / sizeof *lists; i++)
		if (!strcmp(lists[i].lang, lang))
			return lists[i].words;
	return NULL;
}
