/*
 * test_rollegalleri: rg_parse() on KOMBIT's real role gallery (seeds/) and
 * on the fixtures in tests/data/: every role, count, phase mark and split
 * the importer relies on, the page-break continuations, clean prose, the
 * categories and their cross-check, a single role card, and the inputs that
 * must fail with a clear message and the right line. Fixtures are read from
 * TEST_DATA_DIR (default "tests/data").
 */
#include "check.h"
#include "import.h"

/* ---- helpers ---- */

/* The seed parsed; aborts the binary when the seed does not parse. */
static void parse_seed(struct rollegalleri *rg)
{
    size_t len;
    char *text = SEED("rollegalleri-v1.5.txt", &len);
    struct import_err err = {0};
    if (rg_parse(text, len, rg, &err) != 0) {
        fprintf(stdout, "fail %s: seed does not parse: line %d: %s\n", check_file_(), err.line,
                err.msg);
        exit(1);
    }
    free(text);
}

/* The role with this slug, or NULL. */
static const struct rg_role *role(const struct rollegalleri *rg, const char *slug)
{
    for (size_t i = 0; i < rg->nroles; i++) {
        if (strcmp(rg->roles[i].slug, slug) == 0) {
            return &rg->roles[i];
        }
    }
    fprintf(stdout, "#   no role %s\n", slug);
    return NULL;
}

/* True when s starts with prefix (NULL never does). */
static int starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends(const char *s, const char *suffix)
{
    size_t n = s ? strlen(s) : 0, m = strlen(suffix);
    return s && n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Parses text that must fail; checks the line, a message fragment, and
 * that out is left zeroed. */
static void expect_fail(const char *text, size_t len, int line, const char *fragment)
{
    struct rollegalleri rg;
    struct import_err err = {0};
    memset(&rg, 0x5a, sizeof rg);
    CHECK_EQ_INT(rg_parse(text, len, &rg, &err), -1);
    CHECK_EQ_INT(err.line, line);
    if (!strstr(err.msg, fragment)) {
        fprintf(stdout, "#   message \"%s\" lacks \"%s\"\n", err.msg, fragment);
        check_failed_++;
    }
    CHECK(rg.roles == NULL && rg.nroles == 0 && rg.version == NULL);
    CHECK(rg.warnings.items == NULL && rg.warnings.nitems == 0);
    rg_free(&rg); /* harmless on the zeroed struct */
}

/* ---- the seed ---- */

static const struct {
    const char *name, *slug, *category;
    size_t ntasks, nresps;
} expected[] = {
    {"Projektejer", "projektejer", "system-specific", 8, 3},
    {"Projektleder", "projektleder", "system-specific", 8, 2},
    {"KOMBIT-programleder", "kombit-programleder", "cross-cutting", 6, 2},
    {"Gevinstejer", "gevinstejer", "system-specific", 3, 2},
    {"Faglig leder", "faglig-leder", "system-specific", 9, 5},
    {"Træner/underviser", "traener-underviser", "system-specific", 8, 1},
    {"Superbruger", "superbruger", "system-specific", 7, 1},
    {"Systemadministrator (it-systemet)", "systemadministrator-it-systemet", "system-specific", 4,
     1},
    {"It-/digitaliseringschef", "it-digitaliseringschef", "cross-cutting", 7, 5},
    {"It-arkitekt", "it-arkitekt", "cross-cutting", 8, 2},
    {"Sikkerhedsansvarlig", "sikkerhedsansvarlig", "cross-cutting", 10, 3},
    {"Tekniker/it-medarbejder", "tekniker-it-medarbejder", "cross-cutting", 5, 2},
    {"Underskriftberettiget ift. databehandleraftaler",
     "underskriftberettiget-ift-databehandleraftaler", "cross-cutting", 3, 1},
    {"Systemejer (it-systemet)", "systemejer-it-systemet", "system-specific", 6, 6},
    {"Systemansvarlig (it-systemet)", "systemansvarlig-it-systemet", "system-specific", 9, 3},
    {"Supportberettiget bruger", "supportberettiget-bruger", "cross-cutting", 9, 1},
    {"KLIK administrator", "klik-administrator", "infrastructure", 10, 3},
    {"Infrastrukturejer", "infrastrukturejer", "infrastructure", 7, 7},
    {"Infrastrukturansvarlig", "infrastrukturansvarlig", "infrastructure", 15, 4},
    {"ØiR-kordinator", "oeir-kordinator", "infrastructure", 9, 3},
    {"Systemejer for kommunens bogføringssystem (ØiR finans)",
     "systemejer-for-kommunens-bogfoeringssystem-oeir-finans", "infrastructure", 7, 6},
    {"Systemejer for kommunens opkrævningssystem (ØiR debitor)",
     "systemejer-for-kommunens-opkraevningssystem-oeir-debitor", "infrastructure", 8, 6},
    {"Systemansvarlig bogføringssystemet (ØiR finans)",
     "systemansvarlig-bogfoeringssystemet-oeir-finans", "infrastructure", 10, 3},
    {"Systemansvarlig opkrævningssystemet (ØiR debitor)",
     "systemansvarlig-opkraevningssystemet-oeir-debitor", "infrastructure", 11, 3},
    {"Rolleadministrator", "rolleadministrator", "infrastructure-administrator", 8, 1},
    {"Aftaleadministrator", "aftaleadministrator", "infrastructure-administrator", 8, 1},
    {"Fordelingskomponentadministrator", "fordelingskomponentadministrator",
     "infrastructure-administrator", 8, 2},
    {"ØiR finans administrator", "oeir-finans-administrator", "infrastructure-administrator", 6,
     2},
    {"ØiR debitor administrator", "oeir-debitor-administrator", "infrastructure-administrator",
     5, 2},
    {"Forvaltningsansvarlig", "forvaltningsansvarlig", "infrastructure-administrator", 8, 3},
    {"Klassifikations-/sortimentsadministrator", "klassifikations-sortimentsadministrator",
     "infrastructure-administrator", 9, 2},
    {"Organisationsadministrator", "organisationsadministrator", "infrastructure-administrator",
     8, 4},
};

TEST(seed_roles_and_counts)
{
    struct rollegalleri rg;
    parse_seed(&rg);
    CHECK_EQ_STR(rg.version, "1.5");
    CHECK_EQ_INT(rg.nroles, NELEM(expected));
    size_t tasks = 0, resps = 0;
    for (size_t i = 0; i < rg.nroles && i < NELEM(expected); i++) {
        const struct rg_role *r = &rg.roles[i];
        CHECK_EQ_STR(r->name, expected[i].name);
        CHECK_EQ_STR(r->slug, expected[i].slug);
        CHECK_EQ_INT(r->ntasks, expected[i].ntasks);
        CHECK_EQ_INT(r->nresps, expected[i].nresps);
        CHECK(r->effect && *r->effect && r->characteristics && *r->characteristics);
        CHECK(r->ncompetences > 0);
        tasks += r->ntasks;
        resps += r->nresps;
    }
    CHECK_EQ_INT(tasks, 247);
    CHECK_EQ_INT(resps, 92);
    CHECK_EQ_INT(rg.roles[0].line, 143);
    CHECK_EQ_INT(rg.roles[31].line, 709);
    rg_free(&rg);
    CHECK(rg.roles == NULL && rg.nroles == 0);
}

TEST(seed_categories)
{
    struct rollegalleri rg;
    parse_seed(&rg);
    for (size_t i = 0; i < rg.nroles && i < NELEM(expected); i++) {
        CHECK_EQ_STR(rg.roles[i].category, expected[i].category);
    }
    CHECK_EQ_STR(role(&rg, "projektejer")->category, "system-specific");
    CHECK_EQ_STR(role(&rg, "kombit-programleder")->category, "cross-cutting");
    CHECK_EQ_STR(role(&rg, "klik-administrator")->category, "infrastructure");
    CHECK_EQ_STR(role(&rg, "oeir-kordinator")->category, "infrastructure");
    CHECK_EQ_STR(role(&rg, "rolleadministrator")->category, "infrastructure-administrator");
    /* Figur 1 lists Supportberettiget bruger as cross-cutting, its Kendetegn
     * says "Systemspecifik": Figur 1 wins, with exactly one warning. */
    CHECK_EQ_STR(role(&rg, "supportberettiget-bruger")->category, "cross-cutting");
    CHECK_EQ_INT(rg.warnings.nitems, 1);
    CHECK(rg.warnings.nitems == 1 &&
          strstr(rg.warnings.items[0], "\"Supportberettiget bruger\"") != NULL &&
          strstr(rg.warnings.items[0], "system-specific") != NULL);
    rg_free(&rg);
}

/* Checks one item's marks. */
#define CHECK_MARKS(item, i, o)                    \
    do {                                           \
        CHECK_EQ_STR(mark_str((item).impl), (i));  \
        CHECK_EQ_STR(mark_str((item).oper), (o));  \
    } while (0)

TEST(seed_marks)
{
    struct rollegalleri rg;
    parse_seed(&rg);
    const struct rg_role *r = role(&rg, "projektejer");
    CHECK_MARKS(r->tasks[0], "X", "");
    CHECK_MARKS(r->resps[2], "X", "");
    r = role(&rg, "gevinstejer");
    CHECK_MARKS(r->tasks[1], "X", "");
    CHECK_MARKS(r->tasks[2], "X", "X");
    r = role(&rg, "faglig-leder");
    CHECK_MARKS(r->tasks[5], "", "X");
    CHECK_MARKS(r->resps[3], "", "X");
    r = role(&rg, "systemansvarlig-opkraevningssystemet-oeir-debitor");
    CHECK_MARKS(r->tasks[0], "(X)", "");
    CHECK_EQ_INT(r->tasks[0].impl, MARK_COND);
    CHECK_MARKS(r->tasks[1], "X", "");
    CHECK_MARKS(r->tasks[2], "", "X");
    /* KLIK administrator's last task lost its leading TAB: "text⇥⇥X⇥". */
    r = role(&rg, "klik-administrator");
    CHECK_MARKS(r->tasks[9], "", "X");
    CHECK(starts(r->tasks[9].text, "Etablerer og implementerer i samarbejde med KOMBIT-"));
    /* ØiR-kordinator's last task lost its TAB too: "text⇥X⇥X⇥". */
    r = role(&rg, "oeir-kordinator");
    CHECK_MARKS(r->tasks[8], "X", "X");
    CHECK_MARKS(r->tasks[2], "X", "");
    CHECK(starts(r->tasks[8].text, "Er KOMBITs kontaktperson (SPOC) i kommunen for ØiR"));
    /* The row with no mark at all in the document. */
    r = role(&rg, "infrastrukturejer");
    CHECK_MARKS(r->tasks[1], "", "");
    CHECK_MARKS(r->tasks[0], "", "X");
    r = role(&rg, "infrastrukturansvarlig");
    CHECK_MARKS(r->tasks[14], "", "X");
    rg_free(&rg);
}

TEST(seed_one_cell_tables)
{
    static const char *const oeir_tasks[] = {
        "Løser KLIK-opgaver, hvor systemejer bogføringssystemet er udfører og bidrager til "
        "løsning af KLIK-opgaver der, hvor systemejer bogføringssystemet er anbefalet ansvarlig "
        "eller involveret part",
        "Er ambassadør for bogføringssystemet og ØiR finans i kommunen og sikrer relevant "
        "udbredelse og anvendelse af ØiR finans på relevante fag-/forvaltningsområder i kommunen",
        "Tildeler rollen som systemansvarlig på bogføringssystemet og sikrer delegering af opgaver "
        "til Systemansvarlig på bogføringssystemet.",
        "Er sparringspart for systemansvarlig bogføringssystemet i forhold til Bogføringssystemet "
        "og ØiR finans",
        "Har overblik over hvordan ØiR finans fungerer (fejlhåndtering mm.)",
        "Har overblik over videreudvikling og ændringer af ØiR finans i det bogføringssystem, som "
        "kommunen anvender",
        "Tager stilling til kommunens tilslutning ved genudbud og konkurrenceudsættelse af "
        "bogføringssystemet",
    };
    static const char *const oeir_resps[] = {
        "Ansvarlig for at kommunens mål med ØiR finans opnås",
        "Ansvarlig for at sikre nødvendig økonomi, allokering og organisering, så kommunen "
        "effektivt kan drifte, forvalte og videreudvikle ØiR finans mm.",
        "Ansvarlig for at ØiR finans bedst muligt opfylder bogføringsrådets og fagområdernes "
        "behov og dermed understøtter kommunens løsning af centrale kerneopgaver indenfor "
        "bogføring/finans",
        "Ansvarlig for at kommunen og de specifikke fagområder anvender ØiR finans optimalt",
        "Ansvarlig for bogføringssystemets informationssikkerhed (GDPR/it-sikkerhed)",
        "Ansvarlig for at kommunen etablerer nødvendigt it-beredskab med manuelle procedurer, så "
        "kommunen kan håndtere hvis bogføringssystemet helt eller delvist er nede på grund af fx "
        "nedbrud, opdatering eller lignende",
    };
    static const char *const klass_starts[] = {
        "Løser KLIK-opgaver, hvor klassifikations-/sortiments-administrator er udfører",
        "Er KOMBITs kontaktperson (SPOC) i relation til Fælleskommunalt Klassifikationssystem "
        "(klassifikation og sortimenter)",
        "Opretter og vedligeholder abonnementer på sortimenter i Fælleskommunalt "
        "Klassifikationssystem",
        "Udredde og analyserer kommunens behov for udvidelse",
        "Opretter og vedligeholder udvidelse af fælleskommunale sortimenter",
        "Verificerer at abonnementer på og udvidelse af sortimenter er korrekt oprettet",
        "Stiller viden til rådighed og udredde i samarbejde med fx systemansvarlige",
        "Udredde og håndterer fejl/hændelser relateret til Fælleskommunalt Klassifikationssystem",
        "Varetager gentagne drifts-/forvaltningsopgaver relateret til, at kommunens it-systemer "
        "ibrugtages og anvender Fælleskommunalt Klassifikationssystem",
    };
    struct rollegalleri rg;
    parse_seed(&rg);
    const struct rg_role *r = role(&rg, "systemejer-for-kommunens-bogfoeringssystem-oeir-finans");
    CHECK_EQ_INT(r->ntasks, NELEM(oeir_tasks));
    for (size_t i = 0; i < r->ntasks && i < NELEM(oeir_tasks); i++) {
        CHECK_EQ_STR(r->tasks[i].text, oeir_tasks[i]);
        CHECK_MARKS(r->tasks[i], i == 0 ? "X" : "", "X");
    }
    CHECK_EQ_INT(r->nresps, NELEM(oeir_resps));
    for (size_t i = 0; i < r->nresps && i < NELEM(oeir_resps); i++) {
        CHECK_EQ_STR(r->resps[i].text, oeir_resps[i]);
        CHECK_MARKS(r->resps[i], "", "X");
    }
    r = role(&rg, "klassifikations-sortimentsadministrator");
    CHECK_EQ_INT(r->ntasks, NELEM(klass_starts));
    for (size_t i = 0; i < r->ntasks && i < NELEM(klass_starts); i++) {
        CHECK(starts(r->tasks[i].text, klass_starts[i]));
        /* The cell row itself (line 691) carries a single X under the
         * header's Implementering column (a one-cell table keeps the
         * header's columns); every mark line below it has two. */
        CHECK_MARKS(r->tasks[i], "X", i == 0 ? "" : "X");
    }
    CHECK_EQ_STR(r->tasks[8].text, klass_starts[8]);
    CHECK(ends(r->tasks[0].text, "er anbefalet ansvarlig eller involveret part"));
    CHECK(ends(r->tasks[3].text, "der skal anvende sortimentet/ØiR"));
    CHECK_EQ_INT(r->nresps, 2);
    CHECK_EQ_STR(r->resps[0].text, "Ansvarlig for tegning af abonnementer og udvidelse af "
                                   "klassifikationer og sortimenter i Klassifikation");
    CHECK(starts(r->resps[1].text, "Ansvarlig for, at abonnementer og verificeres, så man"));
    CHECK_MARKS(r->resps[0], "X", "X");
    CHECK_MARKS(r->resps[1], "X", "X");
    rg_free(&rg);
}

TEST(seed_page_breaks)
{
    struct rollegalleri rg;
    parse_seed(&rg);
    const struct rg_role *r = role(&rg, "infrastrukturejer");
    CHECK_EQ_STR(r->resps[6].text,
                 "Ansvarlig for at kommunen identificerer og realiserer gevinster/værdier, som "
                 "kommunen potentielt kan opnå ved at udbrede anvendelsen af den fælleskommunale "
                 "infrastruktur til egen systemportefølje");
    CHECK_EQ_INT(r->ncompetences, 3);
    r = role(&rg, "infrastrukturansvarlig");
    CHECK(strstr(r->tasks[14].text, "nye/ændrede arbejds gange/- processer og governacne, der "
                                    "bidrager til") != NULL);
    CHECK(ends(r->tasks[14].text, "mest mulig værdi af den fælleskommunale infrastruktur"));
    CHECK(starts(r->resps[0].text, "Ansvarlig for at kommunen træffer informerede"));
    r = role(&rg, "sikkerhedsansvarlig");
    CHECK_EQ_INT(r->nresps, 3);
    CHECK_EQ_STR(r->resps[2].text, "Ansvarlig for at samarbejde med It-/digitalisering og den "
                                   "faglige ledelse omkring GDPR og sikkerhed");
    CHECK_MARKS(r->resps[2], "X", "X");
    CHECK_EQ_INT(r->ncompetences, 1);
    r = role(&rg, "fordelingskomponentadministrator");
    CHECK(r->ncompetences >= 2);
    CHECK_EQ_STR(r->competences[r->ncompetences - 1],
                 "Abonnerer på driftsstatus.kombit.dk, er tilmeldt notifikationer på "
                 "Fordelingskomponenten i Digitaliseringskataloget og ved hvilke supporttydelser "
                 "kommunen kan købe for at få hjælp til at løse opgaver i relation til "
                 "Fordelingskomponenten");
    CHECK(starts(r->characteristics, "Tværgående rolle, udpegning initieret af "
                                     "Monopolbrudsprogrammet"));
    r = role(&rg, "klassifikations-sortimentsadministrator");
    CHECK_EQ_INT(r->ncompetences, 6);
    CHECK_EQ_STR(r->competences[3], "Kan verificere at abonnementer er etableret");
    r = role(&rg, "organisationsadministrator");
    CHECK_EQ_INT(r->ncompetences, 5);
    r = role(&rg, "oeir-kordinator");
    CHECK_EQ_INT(r->ncompetences, 5);
    r = role(&rg, "systemejer-for-kommunens-opkraevningssystem-oeir-debitor");
    CHECK(starts(r->characteristics, "Tværgående rolle i den forstand"));
    r = role(&rg, "systemansvarlig-bogfoeringssystemet-oeir-finans");
    CHECK(starts(r->resps[0].text, "Ansvarlig for brugeradministration i it-systemet"));
    rg_free(&rg);
}

/* Checks one piece of prose is clean. */
static void check_clean(const char *what, const char *s)
{
    if (!s || !*s || strchr(s, '<') || strchr(s, '>') || strchr(s, '^') || strchr(s, '\t') ||
        strstr(s, "•") || strstr(s, "  ") || s[0] == ' ' || s[strlen(s) - 1] == ' ' ||
        strstr(s, " .") || strstr(s, " ,")) {
        fprintf(stdout, "#   %s not clean: \"%s\"\n", what, s ? s : "(null)");
        check_failed_++;
    }
}

TEST(seed_clean_text)
{
    struct rollegalleri rg;
    parse_seed(&rg);
    for (size_t i = 0; i < rg.nroles; i++) {
        const struct rg_role *r = &rg.roles[i];
        check_clean("name", r->name);
        check_clean("effect", r->effect);
        check_clean("characteristics", r->characteristics);
        for (size_t j = 0; j < r->ntasks; j++) {
            check_clean("task", r->tasks[j].text);
        }
        for (size_t j = 0; j < r->nresps; j++) {
            check_clean("responsibility", r->resps[j].text);
        }
        for (size_t j = 0; j < r->ncompetences; j++) {
            check_clean("competence", r->competences[j]);
        }
    }
    const struct rg_role *r = role(&rg, "projektejer");
    CHECK(strstr(r->characteristics, "fase 1: Opstart. Rollen som Projektejer veksles til "
                                     "rollen som Systemejer") != NULL);
    CHECK_EQ_STR(role(&rg, "projektleder")->tasks[1].text,
                 "Er KOMBITs/Leverandørens kontaktperson (SPOC) i kommunen, når it-systemet "
                 "implementeres, samarbejder og koordinerer med KOMBIT-programleder, "
                 "infrastrukturansvarlig, ØiR-koordinator og andre tværgående roller i relation "
                 "til den fælleskommunale infrastruktur.");
    CHECK_EQ_STR(role(&rg, "projektejer")->tasks[0].text,
                 "Bidrager til løsning af KLIK-opgaver, hvor projektejer er anbefalet ansvarlig "
                 "eller involveret part");
    CHECK_EQ_STR(role(&rg, "gevinstejer")->effect,
                 "Potentielle gevinster/effekter skaber værdi og realiseres");
    rg_free(&rg);
}

TEST(seed_phase_and_successor)
{
    struct rollegalleri rg;
    parse_seed(&rg);
    const struct rg_role *r = role(&rg, "projektejer");
    CHECK_EQ_INT(r->phase, 1);
    CHECK_EQ_STR(r->successor, "Systemejer");
    r = role(&rg, "projektleder");
    CHECK_EQ_INT(r->phase, 1);
    CHECK(r->successor == NULL);
    CHECK_EQ_INT(role(&rg, "gevinstejer")->phase, 2);
    CHECK_EQ_INT(role(&rg, "it-arkitekt")->phase, 2); /* "fase 2:Forberedelse" */
    CHECK_EQ_INT(role(&rg, "sikkerhedsansvarlig")->phase, 2);
    CHECK_EQ_INT(role(&rg, "kombit-programleder")->phase, 0);
    CHECK_EQ_INT(role(&rg, "systemansvarlig-it-systemet")->phase, 0);
    size_t successors = 0;
    for (size_t i = 0; i < rg.nroles; i++) {
        successors += rg.roles[i].successor != NULL;
    }
    CHECK_EQ_INT(successors, 1);
    rg_free(&rg);
}

/* Checks a role's competences exactly. */
static void check_comps(const struct rg_role *r, const char *const *want, size_t n)
{
    CHECK_EQ_INT(r->ncompetences, n);
    for (size_t i = 0; i < n && i < r->ncompetences; i++) {
        CHECK_EQ_STR(r->competences[i], want[i]);
    }
}

TEST(seed_competences)
{
    static const char *const gevinst[] = {
        "Har indsigt i fagområdet",
        "Har en ledelsesmæssig, gerne tværgående, rolle i kommunen typisk direktør eller chef "
        "for det fagområde, hvor it-systemet skal anvendes",
    };
    static const char *const projektleder[] = {
        "Projektledelseskompetencer: Planlægning, tidsstyring, ledelse, problemløsning, "
        "kommunikation, forhandling og konflikthåndtering",
        "Indsigt i projektet og de KLIK-opgaver, der skal løses, så opgaverne kan løses eller "
        "uddelegeres til rette medarbejdere",
    };
    static const char *const forvaltning[] = {
        "Applikationsforvaltning",
        "Har indblik i og forståelse af hvilke services der skal anmodes adgang til",
        "Kan håndtere skift af certifikater",
        "Kan håndtere registrering af SAML metadata fra kommunens IdP",
    };
    static const char *const arkitekt[] = {
        "Teknisk baggrund, men med god forretningsforståelse",
        "Skaber overblik og evner at se sammenhænge",
        "God til at lytte og forstår at understøtte fagområdernes behov i tekniske løsninger",
        "Effektiv kommunikatør, som kan formidle komplekse sammenhænge til forskellige modtagere",
    };
    static const char *const systemansvarlig[] = {
        "Har indsigt i it-systemet, systemets funktionalitet og i de arbejdsgange som "
        "it-systemet understøtter",
        "Kan identificere om it-systemet fungerer som det skal",
        "Konflikthåndtering",
        "Kender procedurer for rapportering af fejl, fejlhåndtering og rapportering af ændrings- "
        "og udviklingsønsker",
    };
    static const char *const aftale[] = {
        "Er bemyndiget til at godkende aftaler på kommunens vegne",
        "Har indsigt i hvordan Fælleskommunal Adgangsstyring for brugere fungerer i sammenhæng "
        "med andre integrationer i den fælleskommunale infrastruktur",
        "Er oprettet/registreret som Aftaleadministrator i KOMBIT",
        "Kan logge på og anvende Fælleskommunalt Administrationsmodul",
        "Abonnerer på driftsstatus.kombit.dk, er tilmeldt notifikationer på Fælleskommunal "
        "Adgangsstyring for brugere i Digitaliseringskataloget og ved hvilke supporttydelser "
        "kommunen kan købe for at få hjælp til at løse opgaver i relation til Fælleskommunal "
        "Adgangsstyring for brugere",
    };
    struct rollegalleri rg;
    parse_seed(&rg);
    check_comps(role(&rg, "gevinstejer"), gevinst, NELEM(gevinst));
    check_comps(role(&rg, "projektleder"), projektleder, NELEM(projektleder));
    check_comps(role(&rg, "forvaltningsansvarlig"), forvaltning, NELEM(forvaltning));
    check_comps(role(&rg, "it-arkitekt"), arkitekt, NELEM(arkitekt));
    check_comps(role(&rg, "systemansvarlig-it-systemet"), systemansvarlig,
                NELEM(systemansvarlig));
    check_comps(role(&rg, "aftaleadministrator"), aftale, NELEM(aftale));
    const struct rg_role *r = role(&rg, "supportberettiget-bruger");
    CHECK_EQ_INT(r->ncompetences, 5);
    CHECK(r->ncompetences == 5 && starts(r->competences[4], "Kan eskalere til KOMBITs Incident "
                                                            "Manager, hvis leverandøren"));
    r = role(&rg, "kombit-programleder");
    CHECK_EQ_INT(r->ncompetences, 7);
    CHECK(r->ncompetences == 7 && ends(r->competences[2], "(via KLIK, KOMBIT "
                                                          "implementeringsoverblik m.m.)"));
    CHECK_EQ_INT(role(&rg, "projektejer")->ncompetences, 3);
    CHECK_EQ_INT(role(&rg, "infrastrukturansvarlig")->ncompetences, 7);
    CHECK_EQ_INT(role(&rg, "superbruger")->ncompetences, 5);
    CHECK_EQ_INT(role(&rg, "it-digitaliseringschef")->ncompetences, 3);
    CHECK_EQ_INT(role(&rg, "rolleadministrator")->ncompetences, 5);
    rg_free(&rg);
}

/* ---- fixtures and synthetic documents ---- */

TEST(single_role_card)
{
    size_t len;
    char *text = FIXTURE("rolle-enkelt-celle.txt", &len);
    struct rollegalleri rg;
    struct import_err err = {0};
    CHECK(text != NULL);
    if (!text) {
        return;
    }
    CHECK_EQ_INT(rg_parse(text, len, &rg, &err), 0);
    CHECK_EQ_INT(rg.nroles, 1);
    if (rg.nroles == 1) {
        const struct rg_role *r = &rg.roles[0];
        CHECK(rg.version == NULL);
        CHECK_EQ_STR(r->slug, "klassifikations-sortimentsadministrator");
        CHECK_EQ_STR(r->category, "cross-cutting"); /* from "Tværgående rolle" */
        CHECK_EQ_INT(r->line, 1);
        CHECK_EQ_INT(r->ntasks, 9);
        CHECK_EQ_INT(r->nresps, 2);
        CHECK_EQ_INT(r->ncompetences, 6);
        CHECK(r->ntasks == 9 && starts(r->tasks[3].text, "Udredde og analyserer"));
        CHECK(r->ntasks == 9 && starts(r->tasks[7].text, "Udredde og håndterer"));
        CHECK(r->ntasks == 9 && starts(r->tasks[5].text, "Verificerer at abonnementer"));
        CHECK_MARKS(r->tasks[8], "X", "X");
        CHECK_EQ_INT(rg.warnings.nitems, 0); /* no Figur 1: nothing to cross-check */
    }
    rg_free(&rg);
    free(text);
}

/* A small document with a Figur 1 group and three roles. */
static const char conflict_doc[] =
    "Version 2.0\n"
    "\n"
    "Systematisering af roller\tRollernes overordnede opgaver\tRoller og rækkefølge\n"
    "Systemspecifikke roller\tImplementering af fagsystemer\t• Alfaejer*\n"
    "\t\t• Beta leder\n"
    "\n"
    "Rolle\tAlfaejer (fagsystemet)\t\t\n"
    "Effekten\tEffekt\t\t\n"
    "Opgaver\t\tImplementering\tDrift og forvaltning\n"
    "\t<ul> Løser alt \tX\t\n"
    "Ansvar\t\tImplementering\tDrift og forvaltning\n"
    "\t<ul> Ansvarlig for alt \t\tX\n"
    "Kendetegn\tTværgående rolle, udpeges i fase 3: Ibrugtagning.\t\t\n"
    "\n"
    "Rolle\tGamma\t\t\n"
    "Effekten\tEffekt\t\t\n"
    "Opgaver\t\tImplementering\tDrift og forvaltning\n"
    "\t<ul> Løser alt \tX\tX\n"
    "Ansvar\t\tImplementering\tDrift og forvaltning\n"
    "\t<ul> Ansvarlig for alt \t(X)\t\n"
    "Kendetegn\tSystemspecifik rolle.\t\t\n";

TEST(category_cross_check_and_fallback)
{
    struct rollegalleri rg;
    struct import_err err = {0};
    CHECK_EQ_INT(rg_parse(conflict_doc, strlen(conflict_doc), &rg, &err), 0);
    CHECK_EQ_STR(rg.version, "2.0");
    CHECK_EQ_INT(rg.nroles, 2);
    if (rg.nroles == 2) {
        CHECK_EQ_STR(rg.roles[0].category, "system-specific"); /* Figur 1 wins */
        CHECK_EQ_INT(rg.roles[0].phase, 3);
        CHECK_EQ_STR(rg.roles[1].category, "system-specific"); /* from Kendetegn */
        CHECK_MARKS(rg.roles[1].resps[0], "(X)", "");
        CHECK_EQ_INT(rg.roles[0].ncompetences, 0);
    }
    /* conflict for Alfaejer, no entry for Gamma, no role for "Beta leder" */
    CHECK_EQ_INT(rg.warnings.nitems, 3);
    if (rg.warnings.nitems == 3) {
        CHECK(strstr(rg.warnings.items[0], "\"Alfaejer (fagsystemet)\" (line 7)") != NULL);
        CHECK(strstr(rg.warnings.items[1], "\"Gamma\"") != NULL);
        CHECK(strstr(rg.warnings.items[2], "\"Beta leder\" (line 5)") != NULL);
    }
    rg_free(&rg);
}

TEST(ambiguous_figur_entry)
{
    /* "Omega" is as like "Omega leder" as "Omega ejer": no guess is made. */
    static const char doc[] = "Tværgående roller\tDrift af den fælleskommunale infrastruktur"
                              "\t• Omega leder\n"
                              "\t\t• Omega ejer\n"
                              "\n"
                              "Rolle\tOmega\t\t\n"
                              "Effekten\tEffekt\t\t\n"
                              "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                              "\t<ul> Løser alt \tX\t\n"
                              "Ansvar\t\tImplementering\tDrift og forvaltning\n"
                              "\t<ul> Ansvarlig for alt \t\tX\n"
                              "Kendetegn\tTværgående rolle.\t\t\n";
    struct rollegalleri rg;
    struct import_err err = {0};
    CHECK_EQ_INT(rg_parse(doc, strlen(doc), &rg, &err), 0);
    CHECK_EQ_INT(rg.nroles, 1);
    if (rg.nroles == 1) {
        CHECK_EQ_STR(rg.roles[0].category, "cross-cutting"); /* Kendetegn, not infrastructure */
    }
    CHECK_EQ_INT(rg.warnings.nitems, 3);
    if (rg.warnings.nitems == 3) {
        CHECK(strstr(rg.warnings.items[0], "\"Omega\" (line 4) has an ambiguous entry") != NULL);
        CHECK(strstr(rg.warnings.items[1], "\"Omega leder\" (line 1) matches no role") != NULL);
        CHECK(strstr(rg.warnings.items[2], "\"Omega ejer\" (line 2) matches no role") != NULL);
    }
    rg_free(&rg);
}

TEST(fail_no_category)
{
    static const char doc[] = "Rolle\tDelta\t\t\n"
                              "Effekten\tEffekt\t\t\n"
                              "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                              "\t<ul> Løser alt \tX\t\n"
                              "Ansvar\t\tImplementering\tDrift og forvaltning\n"
                              "\t<ul> Ansvarlig for alt \t\tX\n"
                              "Kendetegn\tRollen findes kun i nogle kommuner.\t\t\n";
    expect_fail(doc, strlen(doc), 1, "role \"Delta\": no category");
}

TEST(fail_empty)
{
    expect_fail("", 0, 0, "empty file");
    expect_fail(" \n\r\n\t\n", 6, 0, "empty file");
}

TEST(fail_binary_garbage)
{
    static const char garbage[] = "Rolle\tX\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe";
    expect_fail(garbage, sizeof garbage - 1, 2, "invalid UTF-8");
    static const char nul[] = "Rolle\tX\nEffekten\tY\n\x00";
    expect_fail(nul, sizeof nul - 1, 3, "NUL");
}

TEST(fail_no_role)
{
    static const char doc[] = "ROLLEGALLERI\n\nVersion 1.5\n\nRolle uden tabulator\n";
    expect_fail(doc, strlen(doc), 0, "no role found");
}

TEST(fail_truncated)
{
    size_t len;
    char *text = FIXTURE("rollegalleri-afkortet.txt", &len);
    CHECK(text != NULL);
    if (text) {
        /* cut right after Gevinstejer's Opgaver header (line 195) */
        expect_fail(text, len, 193, "role \"Gevinstejer\" has no Opgaver");
    }
    free(text);
}

TEST(fail_missing_parts)
{
    static const char no_resps[] = "Rolle\tEpsilon\t\t\n"
                                   "Effekten\tEffekt\t\t\n"
                                   "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                                   "\t<ul> Løser alt \tX\t\n"
                                   "Kendetegn\tTværgående rolle.\t\t\n"
                                   "\n"
                                   "Rolle\tZeta\t\t\n";
    expect_fail(no_resps, strlen(no_resps), 1, "role \"Epsilon\" has no Ansvar");
    static const char no_effect[] = "Rolle\tEta\t\t\n"
                                    "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                                    "\t<ul> Løser alt \tX\t\n";
    expect_fail(no_effect, strlen(no_effect), 1, "role \"Eta\" has no Effekten");
}

TEST(fail_marks_without_text)
{
    size_t len;
    char *text = FIXTURE("rolle-maerker-uden-tekst.txt", &len);
    CHECK(text != NULL);
    if (text) {
        expect_fail(text, len, 4, "marks without text in Opgaver of role \"Testrolle\"");
    }
    free(text);
}

TEST(fail_bad_cells)
{
    static const char three[] = "Rolle\tTheta\t\t\n"
                                "Effekten\tEffekt\t\t\n"
                                "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                                "\t<ul> Løser alt \tX\tX\tX\n";
    expect_fail(three, strlen(three), 4, "more than two phase marks");
    static const char junk[] = "Rolle\tIota\t\t\n"
                               "Effekten\tEffekt\t\t\n"
                               "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                               "\t<ul> Løser alt \tJa\t\n";
    expect_fail(junk, strlen(junk), 4, "expected a phase mark X or (X) in column 3");
    /* a one-cell table with three mark lines but no place to split */
    static const char unsplittable[] = "Rolle\tKappa\t\t\n"
                                       "Effekten\tEffekt\t\t\n"
                                       "Opgaver\t\tImplementering\tDrift og forvaltning\t\n"
                                       "<ul> Løser alt i Kommunen \t\tX\tX\t\n"
                                       "\t\t\t\tX\n"
                                       "\t\t\t\tX\n"
                                       "Ansvar\t\tImplementering\tDrift og forvaltning\n"
                                       "\t<ul> Ansvarlig for alt \t\tX\n"
                                       "Kendetegn\tTværgående rolle.\t\t\n";
    expect_fail(unsplittable, strlen(unsplittable), 4,
                "Opgaver of role \"Kappa\": the cell has marks for 3 items");
    static const char twice[] = "Rolle\tLambda\t\t\n"
                                "Effekten\tEffekt\t\t\n"
                                "Opgaver\t\tImplementering\tDrift og forvaltning\n"
                                "\t<ul> Løser alt \tX\t\n"
                                "Ansvar\t\tImplementering\tDrift og forvaltning\n"
                                "\t<ul> Ansvarlig for alt \t\tX\n"
                                "Kendetegn\tTværgående rolle.\t\t\n"
                                "Rolle\tMy\t\t\n"
                                "Effekten\tEffekt\t\t\n"
                                "Rolle\tLambda\t\t\n";
    expect_fail(twice, strlen(twice), 10, "role \"Lambda\" appears twice (first at line 1)");
}

TEST(free_is_safe)
{
    struct rollegalleri rg = {0};
    rg_free(&rg);
    parse_seed(&rg);
    rg_free(&rg);
    rg_free(&rg); /* the struct is zeroed: a second free does nothing */
    CHECK(rg.roles == NULL && rg.version == NULL && rg.warnings.nitems == 0);
}

int main(void)
{
    RUN(seed_roles_and_counts);
    RUN(seed_categories);
    RUN(seed_marks);
    RUN(seed_one_cell_tables);
    RUN(seed_page_breaks);
    RUN(seed_clean_text);
    RUN(seed_phase_and_successor);
    RUN(seed_competences);
    RUN(single_role_card);
    RUN(category_cross_check_and_fallback);
    RUN(ambiguous_figur_entry);
    RUN(fail_no_category);
    RUN(fail_empty);
    RUN(fail_binary_garbage);
    RUN(fail_no_role);
    RUN(fail_truncated);
    RUN(fail_missing_parts);
    RUN(fail_marks_without_text);
    RUN(fail_bad_cells);
    RUN(free_is_safe);
    CHECK_DONE();
}
