/*
 * fuzz_import: libFuzzer target for the seed parsers. Every input is given
 * to kind detection and to every parser, and the Markdown a parser makes
 * to the nesting check; each must return 0 or -1 with a message, never
 * crash, leak or read out of bounds. Built and run by
 * `make fuzz` (scripts/fuzz.sh) with the seed documents as the corpus.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    (void)import_detect(text, size);
    struct import_err err = {0};

    struct rollegalleri rg;
    if (rg_parse(text, size, &rg, &err) == 0) {
        rg_free(&rg);
    }
    static const char *const codes[] = {"KY", "FBS", "SAPA", NULL};
    struct klik_task t;
    if (klik_parse(text, size, IMPORT_KLIK_TAB, NULL, codes, &t, &err) == 0) {
        (void)import_task_check(&t, &err);
        klik_free(&t);
    }
    if (klik_parse(text, size, IMPORT_KLIK_PDF, "KY", codes, &t, &err) == 0) {
        klik_free(&t);
    }
    struct document d;
    if (doc_parse(text, size, &d, &err) == 0) {
        (void)import_md_check(d.markdown, "the document", &err);
        doc_free(&d);
    }
    struct kommune *k;
    size_t nk;
    if (kommuner_parse(text, size, &k, &nk, &err) == 0) {
        kommuner_free(k, nk);
    }
    free(text);
    return 0;
}
