/*
 * test_document: the document importer on the real ØiR implementation
 * strategy — title and slug, heading levels, page breaks joined, footnotes
 * moved to "## Noter" with superscript marks — with exact paragraphs, and
 * the must-fail fixtures tests/data/doc-*.txt.
 */
#include "import.h"
#include "check.h"

/* Parses the seed document; reports the error if it does not parse. */
static int parse_seed(struct document *d)
{
    size_t len;
    char *text = SEED("oeir-implementeringsstrategi.txt", &len);
    struct import_err err = {0};
    int rc = doc_parse(text, len, d, &err);
    if (rc != 0) {
        fprintf(stdout, "#   line %d: %s\n", err.line, err.msg);
    }
    free(text);
    return rc;
}

/* Splits Markdown into its blank-line separated blocks. */
static void blocks_of(const char *md, struct strv *out)
{
    const char *p = md;
    for (const char *q; (q = strstr(p, "\n\n")); p = q + 2) {
        strv_push(out, xstrndup(p, (size_t)(q - p)));
    }
    strv_push(out, xstrdup(p));
}

/* True when md has block as one whole block. */
static bool has_block(const struct strv *blocks, const char *block)
{
    for (size_t i = 0; i < blocks->nitems; i++) {
        if (strcmp(blocks->items[i], block) == 0) {
            return true;
        }
    }
    return false;
}

static const char *const paragraphs[] = {
    /* block 0 */
    "Implementeringsstrategien beskriver retning, rammer og ambitionsniveau for "
    "projektets arbejde med udrulning og kommunernes implementering. "
    "Implementeringsstrategien er et ledelsesprodukt og afsnit 1 kan indgå i projektets "
    "PID. Implementeringsstrategien er et internt KOMBIT dokument.",
    /* block 8 */
    "KOMBIT sikrer, via information til og undervisning af relevante nøgleaktører i "
    "kommunen, at kommunen opbygger tilstrækkelig viden og færdigheder til selvstændigt "
    "at kunne løse opgaver relateret til ibrugtagningen og anvendelsen af ØiR. Det "
    "gælder både i forhold til KOMBITs it-systemer og kommunens egne it-systemer. "
    "Introduktion og undervisning afvikles primært som selvstudie eller via webinar.",
    /* block 14 */
    "For det tredje er fremgangsmåden for kommunernes løsning af ØiR relaterede opgaver "
    "forskellig og afhængig af hvilken ERP-løsning eller it-system kommunen har. "
    "Herunder har nogle kommuner hjemtaget forvaltningsansvaret for ERP-løsningen¹ og "
    "skal derfor agere leverandør ved ibrugtagningen af ØiR. Slutteligt afhænger fx "
    "fejlrettelse ved kilde af hvordan forskellige it-leverandører vælger at realisere "
    "ØiR i deres it-system.",
    /* block 16 */
    "Formålet med implementeringen er, at kommunerne selvstændigt, effektivt og med "
    "succes kan implementere, drifte og forvalte ØiR. KOMBITs understøttende indsats "
    "leveres efter princippet om \"hjælp-til-selvhelp\" og skal bidrage til at opfylde "
    "følgende mål om, at kommunerne:",
    /* block 17 */
    "- forstår hvad ØiR er og hjemtager ejerskabet til ØiR\n"
    "- forstår hvordan arbejdsgange påvirkes/ændres og har grundlag for at etablere nye "
    "arbejdsgange\n"
    "- forstår hvilke gevinster ØiR giver og har grundlag for at høste dem\n"
    "- har udpeget ØiR-ansvarlig/-administrator Finans og ØiR-ansvarlig/-administrator "
    "Debitor\n"
    "- kan løse opgaver, der følger når KOMBITs it-systemer (fx KSD, KY og SPK) skal "
    "anvende ØiR-snitfladerne\n"
    "- kan løse opgaver, der følger når ikke-KOMBIT it-systemer skal ibrugtage og "
    "anvende ØiR\n"
    "- kan løse forvaltningsopgaver, der følger såsom fejl retning ved kilde, "
    "vedligehold af kommunespecifikt sortiment og mapning/vedligehold af "
    "omsætningstabellen i ERP-systemet, hvor it-systemets sortiment mappes med kommunens "
    "kontoplan.",
    /* block 32 */
    "- Kommunens ERP-systemejer (målgruppe 1)\n"
    "- ØiR-ansvarlig/-administrator Finans (målgruppe 2)²\n"
    "- ØiR-ansvarlig/-administrator Debitor (målgruppe 3)²\n"
    "- Brugere placeret i økonomi der beskæftiger sig med henholdsvis finans/bogføring "
    "eller opkrævning. (målgruppe 4 opdelt på finans og debitor)\n"
    "- Brugere på de fagområder, der sender bogføringsbilag og/eller opkrævning fra "
    "it-systemet, der anvender ØiR. (målgruppe 5)",
    /* block 33 */
    "Konceptet er, at målgrupperne via blended learning effektivt med mindst muligt "
    "tidsforbrug får relevant og nødvendig introduktion og undervisning i ØiR. Ved "
    "blended learning forstås at der anvendes forskellige fremgangsmåder fx selvstudie, "
    "undervisning med oplægsholder, øvelser mm. Der opstilles læringsmål for hver "
    "målgruppe og beskrives forløb, der imødegår målgruppens behov. Introduktion og "
    "undervisning sker primært ved selvstudie og ved deltagelse på webinar, der afvikles "
    "online via skype. Webinaren optages, så brugerne kan repetere og kommunen "
    "selvstændigt og efter behov ad hoc kan introducere nye medarbejdere.",
    /* block 37 */
    "KOMBIT kommunikerer via gængse KOMBIT kommunikationskanaler til kommunerne og "
    "leverandører: [www.kombit.dk/oier](http://www.kombit.dk/oier), "
    "[share-komm.kombit.dk](mailto:share-komm.kombit.dk), KLIK (når det gælder "
    "kommunikation til kommunerne om kommunevendte opgaver), via webinar og eventuelt på "
    "netværksmøde for kommunens ØiR-ansvarlige/-administratorer.",
    /* block 39 */
    "1. [Ballerup, Brøndby, Egedal, Esbjerg, Faaborg-Midtfyn, Frederiksberg, "
    "Frederikssund, Gentofte, Haderslev, Silkeborg, Skive, Varde, Vejen, Viborg, "
    "Aalborg, Kolding, Aabenraa.]\n"
    "2. ØiR-ansvarlig/-administrator finans og ØiR-ansvarlig/-administrator debitor er "
    "to specifikke roller, der er centrale for kommunens ibrugtagning og anvendelse af "
    "ØiR og udpegning af rollerne vil forventeligt være en basisopgave."
};

TEST(detects_document)
{
    size_t len;
    char *text = SEED("oeir-implementeringsstrategi.txt", &len);
    CHECK_EQ_INT(import_detect(text, len), IMPORT_DOCUMENT);
    free(text);
}

TEST(title_and_slug)
{
    struct document d;
    CHECK_EQ_INT(parse_seed(&d), 0);
    CHECK_EQ_STR(d.title, "ØiR (Økonomi i Rammearkitekturen) Implementeringsstrategi");
    CHECK_EQ_STR(d.slug, "oeir-oekonomi-i-rammearkitekturen-implementeringsstrategi");
    /* The body starts after the title; the type label "NOTAT" is dropped. */
    CHECK(d.markdown && str_starts(d.markdown, "Implementeringsstrategien beskriver retning"));
    CHECK(d.markdown && !strstr(d.markdown, "NOTAT"));
    CHECK(d.markdown && !strstr(d.markdown, "Implementeringsstrategi**"));
    doc_free(&d);
}

TEST(headings_normalised)
{
    static const char *const want[] = {
        "## 1. Implementeringsstrategi",
        "## 2. Baggrund",
        "## 3. Formål og mål",
        "## 4. ØiR udrulnings-/idriftsættelseskoncept",
        "## 5. Udfasningskoncept",
        "## 6. Forandringsledelseskoncept",
        "## 7. Gevinstrealiseringskoncept",
        "## 8. Uddannelseskoncept",
        "## 9. Ledelse, styring, samarbejde og kommunikation",
        "## Noter"
    };
    struct document d;
    CHECK_EQ_INT(parse_seed(&d), 0);
    struct strv blocks = {0};
    blocks_of(d.markdown, &blocks);
    size_t k = 0;
    for (size_t i = 0; i < blocks.nitems; i++) {
        if (blocks.items[i][0] != '#') {
            continue;
        }
        CHECK_EQ_STR(blocks.items[i], k < NELEM(want) ? want[k] : "(none)");
        k++;
    }
    CHECK_EQ_INT(k, NELEM(want));
    CHECK_EQ_INT(blocks.nitems, 40);
    strv_free(&blocks);
    doc_free(&d);
}

TEST(paragraphs_exact)
{
    struct document d;
    CHECK_EQ_INT(parse_seed(&d), 0);
    struct strv blocks = {0};
    blocks_of(d.markdown, &blocks);
    for (size_t i = 0; i < NELEM(paragraphs); i++) {
        if (!has_block(&blocks, paragraphs[i])) {
            fprintf(stdout, "#   missing block: \"%.80s...\"\n", paragraphs[i]);
            check_failed_++;
        }
    }
    strv_free(&blocks);
    doc_free(&d);
}

TEST(page_breaks_joined)
{
    struct document d;
    CHECK_EQ_INT(parse_seed(&d), 0);
    const char *md = d.markdown ? d.markdown : "";
    CHECK(strstr(md, "færdigheder til selvstændigt at kunne løse opgaver") != NULL);
    CHECK(strstr(md, "KOMBITs understøttende indsats leveres efter princippet") != NULL);
    CHECK(strstr(md, "fx selvstudie, undervisning med oplægsholder, øvelser mm.") != NULL);
    CHECK(strstr(md, "---") == NULL);
    CHECK(strstr(md, "<") == NULL); /* no HTML, no <sup> */
    CHECK(strstr(md, "**") == NULL);
    CHECK(strstr(md, "  ") == NULL);
    CHECK(strstr(md, " \n") == NULL);
    CHECK(strstr(md, "\n\n\n") == NULL);
    doc_free(&d);
}

TEST(footnotes_at_the_end)
{
    struct document d;
    CHECK_EQ_INT(parse_seed(&d), 0);
    const char *md = d.markdown ? d.markdown : "";
    CHECK(strstr(md, "hjemtaget forvaltningsansvaret for ERP-løsningen¹ og skal derfor") != NULL);
    CHECK(strstr(md, "- ØiR-ansvarlig/-administrator Finans (målgruppe 2)²\n") != NULL);
    CHECK(strstr(md, "- ØiR-ansvarlig/-administrator Debitor (målgruppe 3)²\n") != NULL);
    const char *notes = strstr(md, "\n\n## Noter\n\n1. [Ballerup, Brøndby,");
    CHECK(notes != NULL);
    CHECK(notes && strstr(notes, "Aabenraa.]\n2. ØiR-ansvarlig/-administrator finans og") != NULL);
    CHECK(str_ends(md, "udpegning af rollerne vil forventeligt være en basisopgave."));
    CHECK(strstr(md, "Noter") == (notes ? notes + 5 : NULL));
    doc_free(&d);
}

TEST(links_kept)
{
    struct document d;
    CHECK_EQ_INT(parse_seed(&d), 0);
    CHECK(d.markdown && strstr(d.markdown, "[www.kombit.dk/oier](http://www.kombit.dk/oier), "
                                           "[share-komm.kombit.dk](mailto:share-komm.kombit.dk)"));
    doc_free(&d);
}

TEST(small_document)
{
    const char *text = "BILAG\n\n# **Titel**\n\nIndledning uden punktum\n\n---\n\n"
                       "<sup>3</sup> En note.\n\nfortsat her<sup>3</sup>.\n\n"
                       "### 2.1 Under\n\nTekst <b>fed</b> og <https://x.dk/a>.\n\n"
                       "# Bilag\n\nSlut.\n\n---\n\nEfter en streg.\n";
    struct document d;
    struct import_err err = {0};
    CHECK_EQ_INT(doc_parse(text, strlen(text), &d, &err), 0);
    CHECK_EQ_STR(d.title, "Titel");
    CHECK_EQ_STR(d.slug, "titel");
    CHECK_EQ_STR(d.markdown, "Indledning uden punktum fortsat her³.\n\n"
                             "### 2.1 Under\n\nTekst fed og <https://x.dk/a>.\n\n"
                             "## Bilag\n\nSlut.\n\n---\n\nEfter en streg.\n\n"
                             "## Noter\n\n3. En note.");
    doc_free(&d);
}

TEST(joins_over_several_breaks)
{
    /* A joined paragraph still ending mid-sentence takes the next one too;
     * the title heading stops a join. */
    const char *text = "uden punktum\n\n# T\n\nabc\n\n---\n\n<sup>1</sup> n\n\ndef\n\nghi\n";
    struct document d;
    struct import_err err = {0};
    CHECK_EQ_INT(doc_parse(text, strlen(text), &d, &err), 0);
    CHECK_EQ_STR(d.markdown, "uden punktum\n\nabc def ghi\n\n## Noter\n\n1. n");
    doc_free(&d);
}

/* A fixture (or, with file NULL, text) that must fail. */
struct must_fail {
    const char *file;
    const char *text;
    int line;
    const char *words;
};

TEST(must_fail)
{
    static const struct must_fail cases[] = {
        {"doc-empty.txt", NULL, 0, "empty file"},
        {"doc-no-heading.txt", NULL, 0, "no heading"},
        {NULL, " \n\n\t\n", 0, "empty file"},
        {NULL, "# T\n\nA<sup>1</sup>.\n\n<sup>1</sup> x\n\n<sup>1</sup> y\n", 7,
         "footnote 1 is defined twice (first on line 5)"},
        {NULL, "# ****\n\ntext\n", 1, "the title heading is empty"},
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        const struct must_fail *c = &cases[i];
        size_t len;
        char *text = c->file ? FIXTURE(c->file, &len) : xstrdup(c->text);
        CHECK(text != NULL);
        if (!text) {
            continue;
        }
        len = c->file ? len : strlen(text);
        struct document d;
        struct import_err err = {0};
        int rc = doc_parse(text, len, &d, &err);
        if (rc != -1 || err.line != c->line || !strstr(err.msg, c->words)) {
            fprintf(stdout, "#   case %zu: rc %d, line %d: %s\n", i, rc, err.line, err.msg);
            check_failed_++;
        }
        CHECK(d.title == NULL && d.slug == NULL && d.markdown == NULL);
        free(text);
    }
}

int main(void)
{
    RUN(detects_document);
    RUN(title_and_slug);
    RUN(headings_normalised);
    RUN(paragraphs_exact);
    RUN(page_breaks_joined);
    RUN(footnotes_at_the_end);
    RUN(links_kept);
    RUN(small_document);
    RUN(joins_over_several_breaks);
    RUN(must_fail);
    CHECK_DONE();
}
