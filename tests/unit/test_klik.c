/*
 * test_klik: the KLIK task parser on both real exports — the key/tab/value
 * form (task 519) and the PDF text (the FBS task) — field by field with
 * exact strings, then the must-fail fixtures in tests/data/klik-*.txt, each
 * of which must fail with its line, name the field and leave *out zeroed.
 */
#include "import.h"
#include "check.h"

static const char *const known[] = {"KY", "FBS", "SPK", NULL};

/* Parses a seed; the test fails (and t stays zeroed) if it does not parse. */
static int parse_seed(const char *name, const char *override, struct klik_task *t)
{
    size_t len;
    char *text = SEED(name, &len);
    struct import_err err = {0};
    snprintf(err.file, sizeof err.file, "%s", name);
    int rc = klik_parse(text, len, import_detect(text, len), override, known, t, &err);
    if (rc != 0) {
        fprintf(stdout, "#   %s:%d: %s\n", err.file, err.line, err.msg);
    }
    free(text);
    return rc;
}

/* True when every byte of p[0..n) is zero. */
static bool all_zero(const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++) {
        if (u[i]) {
            return false;
        }
    }
    return true;
}

static const char *const desc_519 =
    "ØiR er en forudsætning for, at ydelsesområdet via KY kan bogføring, sende "
    "fordringer/krav til opkrævning, godkende fakturaer og udbetale ydelser. Det opnås "
    "når kommunen med KY ibrugtager følgende fire ØiR-integrationer: Finans, Debitor, "
    "Faktura og NemKonto.\n"
    "\n"
    "For at ibrugtage ØiR med KY, skal kommunen løse plus 20 KLIK-opgaver. KOMBIT "
    "afvikler otte ØiR-relaterede webinar, hvor vi gennemgår opgaverne og opbygger den "
    "indsigt og viden, der er nødvendig for at kunne løse de ØiR-relaterede "
    "KLIK-opgaver. Det er helt afgørende, at de rigtige ressourcer deltager på de rette "
    "tidspunkter.\n"
    "\n"
    "De ØiR-relaterede KLIK-opgaver kræver rettidig og særlig planlægning, da:\n"
    "\n"
    "- Løsningen involverer og kræver allokering fra mange forskellige parter, der ofte "
    "er ansat forskellige steder i kommunen fx i ydelsesområdet, i bogføring/opkrævning "
    "og i It-/digitalisering. Det er væsentligt, at ledelsen på tværs forstår og "
    "prioriterer ibrugtagningen af ØiR, så de nødvendige ressourcer allokeres på de "
    "rette tidspunkter\n"
    "- Løsningen af opgaverne kræver både teknisk indsigt i fx infrastruktur og "
    "forretningsmæssig indsigt i både ydelsesområdet og i bogføring/opkrævning\n"
    "- Det er på grund af de mange forskellige involverede fagligheder en udfordring at "
    "skabe en fælles forståelsesramme, der samtidig er nødvendig for, at parterne kan "
    "løse opgaverne. Så kommunen har brug for hjælp fra KOMBIT\n"
    "- Alle ØiR-relaterede KLIK-opgaver er obligatoriske og flere er på kritisk vej\n"
    "- Der er afhængighederne opgaverne i mellem\n"
    "- Andre parter fx kommunens ERP-leverandør (EG, Fujitsu eller KMD), leverandøren af "
    "KY (NetCompany) eller leverandøren af den fælleskommunale infrastruktur kan først "
    "kan udføre deres opgaver, når kommunen har fuldført sine ØiR-relaterede "
    "KLIK-opgaver. Så den planlægning som kommunen skal udføre, er del af et større "
    "puslespil.\n"
    "- KY skal bruge flere integrationer i ØiR og flere elementer i den enkelte "
    "integration end Ydelsesrefusion (YR) og Kommunernes Sygedagpengesystem (KSD). Der "
    "er derfor flere delopgaver, som kommunen ikke tidligere har udført og som kræver en "
    "dybere forståelse for ØiR og bogføring/opkrævning i ydelsesområdet. Opgaverne er "
    "generelt mere komplekse end de var i YR og KSD\n"
    "\n"
    "Deltager kommunen i de af KOMBIT tilrettelagte forløb med de rette ressourcer, vil "
    "det være lettere at forstå og løse de ØiR-relaterede opgaverne.\n"
    "\n"
    "For at understøtte kommunens overblik over ibrugtagningen af ØiR er der udarbejdet "
    "en detaljeret tidsplan som illustrerer alle planlagte ØiR-relaterede aktiviteter, "
    "KLIK-opgaver, involverede parter, afhængigheder og forudsætninger for at løse "
    "opgaverne. Du finder tidsplanen i kommunens bølgeimplementeringsplan, som kan "
    "tilgås via dette link: "
    "<https://share-komm.kombit.dk/P008/Delte%20dokumenter/Forms/Planer.aspx>\n"
    "\n"
    "Forløbet indledes med et webinar af 2½ times varighed for KY-projektlederen, "
    "systemansvarlig på bogførings-/opkrævningssystemet og KOMBIT-programlederen, hvor "
    "KOMBIT skaber overblik over ØiR-relaterede opgaver og aktiviteter, så kommunen kan "
    "planlægge implementeringen af ØiR.";

static const char *const steps_519[] = {
    "Sæt ansvarlig og udfører på opgaven og opdater opgavens udførelsesstatus til "
    "\"påbegyndt\"",
    "Identificer og involverer (evt. i samarbejde med KOMBIT-programleder): kommunens "
    "systemansvarlige på bogførings- og opkrævningssystemet",
    "Del KLIK-opgaven og tidsplanen med KOMBIT-programlederen og systemansvarlige for "
    "bogførings-/opkrævningssystemet",
    "Tag stilling til om der er andre personer i din kommune skal involveres i "
    "planlægningen af implementeringen af ØiR",
    "Deltag i webinarret 'Introduktion og planlægning af ØiR implementering'. KOMBIT "
    "inviterer KY-projektlederen, KOMBIT-programlederen, systemansvarlig for "
    "bogføring-/opkrævning. Følg op på hvem der deltager fra din kommune og Inviter "
    "gerne andre relevante aktører til webinarret. Webinarret vil blive optaget.",
    "Nedsæt lokalarbejdsgruppe bestående af fx KY-projektleder, Ydelseschefen, "
    "systemansvarlig for bogførings-/opkrævningssystemet, KOMBIT-programleder og de "
    "ressourcer fra It/Digitalisering, der arbejder med støttesystemerne Organisation og "
    "Klassifikation/Sortiment.",
    "Drøft og fastlæg med centrale aktører, hvordan kommunen bedst planlægger "
    "implementeringsforløbet der er skitseret på webinarret og i den detaljeret "
    "tidsplan.\n"
    "\n"
    "- Sikr ledelsesmæssig deltagelse i forløbet\n"
    "- Sikr at relevante roller er bekendt med forløbet\n"
    "- Sikr at relevante roller har allokeret tid til at løse opgaver\n"
    "  - Tilpas tidsplanen og udarbejd kommunens egen tidsplan for opgaveløsning\n"
    "  - Book involverede ressourcer jf. kommunens egen tidsplan",
    "Opdater KLIK-opgavens udførelsesstatus til fuldført"
};

static const char *const body_519 =
    "#besked\n"
    "\n"
    "Kære KY-kommuner i Bølge 5\n"
    "\n"
    "Følgende nye KLIK-opgaver er i dag publiceret for jer:\n"
    "\n"
    "OA 12 Udpeg KY-systemansvarlig\n"
    "\n"
    "PL 12 Planlæg kommunens ØiR implementering\n"
    "\n"
    "Bedste hilsner\n"
    "\n"
    "Pernille";

static const char *const goal_fbs =
    "Målet er at sikre\n"
    "\n"
    "- en succesfuld implementering af ØiR-debitorgrationen ved, at kommunen har en "
    "projektleder og en projektejer, der har de rette faglige og beslutningsmæssige "
    "kompetencer til, at kommunen får løst implementeringsopgaverne\n"
    "- at KOMBIT har én indgang til din kommune i relation til implementeringen "
    "ØiR-debitorintegrationen, der er projektlederens opgave";

static const char *const desc_fbs =
    "Din kommune skal på FBS udpege en debitorprojektleder, som skal stå for "
    "implementering af ØiR-debitorintegrationen i din kommune, og en debitorprojektejer, "
    "se nedenstående uddybning.\n"
    "\n"
    "Det er op til den enkelte kommune at beslutte, hvor rollerne skal placeres og "
    "forankres organisatorisk.\n"
    "\n"
    "Forventningen til projektlederen er, at han/hun er FBS-projektets primære "
    "kontaktperson i kommunen. Det er derfor projektlederen i kommunen, som forholder "
    "sig til de opgaver, der stilles i forbindelse med implementeringen af "
    "ØiR-debitorintegrationen til FBS, og som sørger for, at opgaverne løses af rette "
    "fagpersoner til rette tid.\n"
    "\n"
    "Projektlederen forventes at skulle indgå i et samarbejde med en overordnet "
    "ØiR-koordinator for KOMBITs fagløsninger, der også skal udpeges jf. en KLIK-opgave "
    "til KOMBIT-programlederen inden udgangen af uge 51.\n"
    "\n"
    "Projektejeren skal agere sparringspartner for projektlederen og sikre, at rammerne "
    "for projektet ift. fx tid, økonomi og ressourcer foreligger, så projektet kan komme "
    "i mål. KOMBIT anbefaler, at kommunens bibliotekschef påtager sig rollen.\n"
    "\n"
    "Se også KOMBITs rollekatalog s. 7 (projektejer) og 8 (projektleder).\n"
    "\n"
    "Der vil blandt andet være KLIK-opgaver om at få godkendt serviceaftaler, bestilt "
    "abonnement på sortiment, bestilt rute m.m. Mere herom følger på webinar i januar.\n"
    "\n"
    "Projektlederen skal oprettes i opgavestyringsværktøjet KLIK og tildeles brugertypen "
    "PLUS på FBS-projektet under menupunktet Brugerhåndtering, mens projektejeren skal "
    "tildeles brugertypen LÆSER. Brugervejledningen til KLIK finder du her.";

static const char *const steps_fbs[] = {
    "Få tildelt PLUS-rettigheden i KLIK. Kontakt KOMBIT-programlederen eller en anden "
    "person med administratorrettighed i KLIK",
    "Læs KLIK-vejledningen",
    "Læs KLIK-opgaven, og stil eventuelle spørgsmål til KOMBIT via beskedfunktionen i "
    "KLIK",
    "Angiv ansvarlig og udfører på KLIK-opgaven, og opdater udførelsesstatus til "
    "\"Påbegyndt\"",
    "Læs KOMBITs rollekatalog s. 7 (projektejer) og 8 (projektleder) og afklar i "
    "samarbejde med kommunens bibliotekschef, hvor rollerne skal placeres organisatorisk "
    "og forankres ledelsesmæssigt",
    "Beslut sammen med bibliotekschefen, hvem i kommunen der skal varetage rollen som "
    "hhv. projektleder og projektejer",
    "Meddel navn/efternavn/mail/telefon på kommunens projektleder til bibsys@kombit.dk - "
    "KOMBIT skal ikke have navnet på projektejeren.\n"
    "\n"
    "Herefter vil projektlederen modtage en Outlook-invitation til \"Webinar om "
    "implementering af ØiR-debitorintegration\" den 25. februar kl. 9:30-11:30, som "
    "kommunens systemadministratorer netop har modtaget en særskilt invitation til",
    "Opdater KLIK-opgavens udførelsesstatus til \"Fuldført\""
};

TEST(detects_both_forms)
{
    size_t len;
    char *a = SEED("klik-opgave-519-pl12-oeir.txt", &len);
    CHECK_EQ_INT(import_detect(a, len), IMPORT_KLIK_TAB);
    free(a);
    a = SEED("klik-opgave-fbs-debitorprojektleder.txt", &len);
    CHECK_EQ_INT(import_detect(a, len), IMPORT_KLIK_PDF);
    free(a);
}

TEST(tab_header_fields)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-519-pl12-oeir.txt", NULL, &t), 0);
    CHECK_EQ_INT(t.external_id, 519);
    CHECK_EQ_STR(t.title, "PL 12 Planlæg kommunens ØiR implementering (B5)");
    CHECK_EQ_STR(t.project, "KY");
    CHECK_EQ_STR(t.phase, "Fase 2.1: Planlægning");
    CHECK_EQ_STR(t.theme, "Projektledelse og -styring");
    CHECK_EQ_STR(t.priority, "Prioritet 2");
    CHECK_EQ_INT(t.sts, 0);
    CHECK_EQ_INT(t.has_duration, 1);
    CHECK_EQ_INT(t.duration_days, 5);
    CHECK_EQ_INT(t.has_end_offset, 1);
    CHECK_EQ_INT(t.end_offset_days, -171);
    CHECK_EQ_INT(t.has_start_offset, 1);
    CHECK_EQ_INT(t.start_offset_days, -63);
    CHECK_EQ_INT(t.waves.nitems, 1);
    CHECK_EQ_STR(t.waves.nitems ? t.waves.items[0] : NULL, "KY - Bølge 5");
    CHECK_EQ_STR(t.goal, "Målet er, at kommunen planlægger og allokerer ressourcer, så kommunen "
                         "effektivt, jævnfør opgavebeskrivelser og indenfor angivne tidsfrister "
                         "kan løse de KLIK-opgaver der følger, når kommunen ibrugtager Økonomi i "
                         "Rammearkitekturen (ØiR) med KY.");
    CHECK_EQ_STR(t.result, "Opgaven er fuldført, når kommunen har planlagt ØiR "
                           "implementeringen, herunder involveret og allokeret relevante "
                           "ressourcer.");
    CHECK_EQ_STR(t.recommended_performer, "KY-projektleder sammen med KOMBIT-programleder");
    CHECK_EQ_STR(t.involved_parties,
                 "KOMBIT-programleder, STS-projektleder, infrastrukturansvarlig, Ydelseschef, "
                 "leder af bogføring og opkrævning, leder af It-og digitalisering, "
                 "systemansvarlige på bogførings- og opkrævningssystemet, ØiR finans "
                 "administrator, ØiR debitor administrator, klassifikations-/sortiments "
                 "administrator og eventuelt andre der har indflydelse på planlægningen og "
                 "allokeringen af ressourcer til ibrugtagningen af ØiR.");
    CHECK_EQ_STR(t.publication_status, "Publiceret");
    klik_free(&t);
}

TEST(tab_description)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-519-pl12-oeir.txt", NULL, &t), 0);
    CHECK_EQ_STR(t.description, desc_519);
    CHECK_EQ_INT(t.links.nitems, 1);
    CHECK_EQ_STR(t.links.nitems ? t.links.items[0] : NULL,
                 "https://share-komm.kombit.dk/P008/Delte%20dokumenter/Forms/Planer.aspx");
    klik_free(&t);
}

TEST(tab_method_steps)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-519-pl12-oeir.txt", NULL, &t), 0);
    CHECK_EQ_INT(t.method_steps.nitems, NELEM(steps_519));
    for (size_t i = 0; i < t.method_steps.nitems && i < NELEM(steps_519); i++) {
        CHECK_EQ_STR(t.method_steps.items[i], steps_519[i]);
    }
    klik_free(&t);
}

TEST(tab_comment)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-519-pl12-oeir.txt", NULL, &t), 0);
    CHECK_EQ_INT(t.ncomments, 1);
    if (t.ncomments == 1) {
        CHECK_EQ_STR(t.comments[0].author, "Pernille Schultz");
        CHECK_EQ_STR(t.comments[0].at, "2020-10-02T14:09:00Z");
        CHECK_EQ_STR(t.comments[0].body, body_519);
    }
    klik_free(&t);
}

TEST(pdf_fields)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-fbs-debitorprojektleder.txt", NULL, &t), 0);
    CHECK_EQ_INT(t.external_id, 0);
    CHECK_EQ_STR(t.title, "Udpeg debitorprojektleder og - projektejer på FBS");
    CHECK_EQ_STR(t.project, "FBS");
    CHECK_EQ_STR(t.phase, "Fase 1: Opstart");
    CHECK_EQ_STR(t.theme, "Projektledelse og -styring");
    CHECK_EQ_STR(t.priority, "Obligatorisk");
    CHECK_EQ_INT(t.sts, -1);
    CHECK_EQ_INT(t.has_duration + t.has_end_offset + t.has_start_offset, 0);
    CHECK_EQ_INT(t.waves.nitems, 0);
    CHECK_EQ_STR(t.recommended_performer, "Systemadministrator i samarbejde med bibliotekschef");
    CHECK_EQ_STR(t.result, "At kommunen har udpeget en projektleder og en projektejer for "
                           "ØiR-debitorintegrationen til FBS til KOMBIT og at kommunen har "
                           "givet KOMBIT besked om, hvem der er projektleder og dermed SPOC");
    CHECK_EQ_STR(t.involved_parties, "Bibliotekschefen i kommunen, KOMBIT-programlederen");
    CHECK(t.publication_status == NULL);
    CHECK_EQ_INT(t.ncomments, 0);
    klik_free(&t);
}

TEST(pdf_goal_and_description)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-fbs-debitorprojektleder.txt", NULL, &t), 0);
    CHECK_EQ_STR(t.goal, goal_fbs);
    CHECK_EQ_STR(t.description, desc_fbs);
    klik_free(&t);
}

TEST(pdf_method_steps)
{
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-fbs-debitorprojektleder.txt", NULL, &t), 0);
    CHECK_EQ_INT(t.method_steps.nitems, NELEM(steps_fbs));
    for (size_t i = 0; i < t.method_steps.nitems && i < NELEM(steps_fbs); i++) {
        CHECK_EQ_STR(t.method_steps.items[i], steps_fbs[i]);
    }
    klik_free(&t);
}

TEST(pdf_links)
{
    static const char *const want[] = {
        "https://share-komm.kombit.dk/p079/Implementering%20%20monopolbruddet/Forms/"
        "KLIKopgaver.aspx",
        "https://kombit.dk/sites/default/files/user_upload/documents/Videnscenter/"
        "KOMBIT%20rollegalleri%20version%201.2.pdf",
        "https://kombit.dk/KLIK",
        "mailto:bibsys@kombit.dk",
    };
    struct klik_task t;
    CHECK_EQ_INT(parse_seed("klik-opgave-fbs-debitorprojektleder.txt", NULL, &t), 0);
    CHECK_EQ_INT(t.links.nitems, NELEM(want));
    for (size_t i = 0; i < t.links.nitems && i < NELEM(want); i++) {
        CHECK_EQ_STR(t.links.items[i], want[i]);
    }
    klik_free(&t);
}

TEST(project_sources)
{
    struct klik_task t;
    /* --project must agree with a title naming one project (see below: the
     * FBS task is never filed, and so duplicated, under another) ... */
    CHECK_EQ_INT(parse_seed("klik-opgave-fbs-debitorprojektleder.txt", "FBS", &t), 0);
    CHECK_EQ_STR(t.project, "FBS");
    klik_free(&t);
    /* ... but the document's own "Projekt" wins over it. */
    CHECK_EQ_INT(parse_seed("klik-opgave-519-pl12-oeir.txt", "SPK", &t), 0);
    CHECK_EQ_STR(t.project, "KY");
    klik_free(&t);
    /* A title naming two known projects is ambiguous. */
    size_t len;
    char *text = SEED("klik-opgave-fbs-debitorprojektleder.txt", &len);
    static const char *const two[] = {"FBS", "Udpeg", NULL};
    struct import_err err = {0};
    snprintf(err.file, sizeof err.file, "fbs.txt");
    CHECK_EQ_INT(klik_parse(text, len, IMPORT_KLIK_PDF, NULL, two, &t, &err), -1);
    CHECK(strstr(err.msg, "--project") != NULL);
    CHECK(all_zero(&t, sizeof t));
    /* --project settles a title naming two, even as neither of them. */
    CHECK_EQ_INT(klik_parse(text, len, IMPORT_KLIK_PDF, "SPK", two, &t, &err), 0);
    CHECK_EQ_STR(t.project, "SPK");
    klik_free(&t);
    /* A mismatch names both projects, on the title's line. */
    CHECK_EQ_INT(klik_parse(text, len, IMPORT_KLIK_PDF, "SPK", known, &t, &err), -1);
    CHECK(strstr(err.msg, "fbs.txt: the title names project FBS but --project says SPK"));
    CHECK_EQ_INT(err.line, 9);
    CHECK(all_zero(&t, sizeof t));
    free(text);
}

/* Checks one field for what no field may hold: doubled spaces (Markdown
 * indentation at a line start aside), trailing spaces, tabs, HTML tags
 * (autolinks aside) and bullet characters. */
static void check_clean(const char *what, const char *s)
{
    if (!s) {
        return;
    }
    bool bad = strstr(s, "\t") || strstr(s, "•") || strstr(s, " \n") || strstr(s, "\n\n\n");
    size_t n = strlen(s);
    bad |= n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[0] == ' ' || s[0] == '\n');
    for (const char *p = s; *p; p++) {
        bool line_start = p == s || p[-1] == '\n';
        if (line_start) {
            p += strspn(p, " ");
        }
        if (p[0] == ' ' && p[1] == ' ') {
            bad = true;
        }
        if (p[0] == '<' && strncmp(p, "<https://", 9) != 0 && strncmp(p, "<mailto:", 8) != 0) {
            bad = true;
        }
    }
    if (bad) {
        fprintf(stdout, "#   unclean %s: \"%s\"\n", what, s);
        check_failed_++;
    }
}

TEST(fields_are_clean)
{
    static const char *const seeds[] = {"klik-opgave-519-pl12-oeir.txt",
                                        "klik-opgave-fbs-debitorprojektleder.txt"};
    for (size_t k = 0; k < NELEM(seeds); k++) {
        struct klik_task t;
        CHECK_EQ_INT(parse_seed(seeds[k], NULL, &t), 0);
        const char *fields[] = {t.title, t.project, t.phase, t.theme, t.priority, t.goal,
                                t.description, t.result, t.recommended_performer,
                                t.involved_parties, t.publication_status};
        for (size_t i = 0; i < NELEM(fields); i++) {
            check_clean(seeds[k], fields[i]);
        }
        for (size_t i = 0; i < t.method_steps.nitems; i++) {
            check_clean("method step", t.method_steps.items[i]);
        }
        for (size_t i = 0; i < t.ncomments; i++) {
            check_clean("comment", t.comments[i].body);
        }
        klik_free(&t);
    }
}

TEST(crlf_and_truncation_after_description)
{
    size_t len;
    char *text = SEED("klik-opgave-519-pl12-oeir.txt", &len);
    struct buf crlf = {0};
    for (size_t i = 0; i < len; i++) {
        buf_puts(&crlf, text[i] == '\n' ? "\r\n" : (char[]){text[i], 0});
    }
    struct klik_task t;
    struct import_err err = {0};
    CHECK_EQ_INT(klik_parse(crlf.data, crlf.len, IMPORT_KLIK_TAB, NULL, known, &t, &err), 0);
    CHECK_EQ_STR(t.description, desc_519);
    CHECK_EQ_INT(t.method_steps.nitems, 8);
    CHECK_EQ_STR(t.comments ? t.comments[0].body : NULL, body_519);
    klik_free(&t);
    buf_free(&crlf);
    /* Cut before "Metode og fremgangsmåde": title, project and a description
     * are there, so it parses — without steps. */
    const char *cut = strstr(text, "Metode og fremgangsm");
    CHECK(cut != NULL);
    size_t cutlen = cut ? (size_t)(cut - text) : len;
    CHECK_EQ_INT(klik_parse(text, cutlen, IMPORT_KLIK_TAB, NULL, known, &t, &err), 0);
    CHECK_EQ_STR(t.description, desc_519);
    CHECK_EQ_INT(t.method_steps.nitems, 0);
    CHECK(t.result == NULL);
    klik_free(&t);
    free(text);
}

TEST(label_words_in_text)
{
    /* A line of the description that starts with a label word but goes on
     * as a sentence stays text; the real "Resultat" label still counts. */
    size_t len;
    char *text = SEED("klik-opgave-fbs-debitorprojektleder.txt", &len);
    const char *at = strstr(text, "forankres organisatorisk. \n");
    CHECK(at != NULL);
    struct buf b = {0};
    size_t head = at ? (size_t)(at - text) + strlen("forankres organisatorisk. \n") : len;
    buf_append(&b, text, head);
    buf_puts(&b, "\nResultat af arbejdet deles. \n\nMål for arbejdet er klare. \n");
    buf_append(&b, text + head, len - head);
    struct klik_task t;
    struct import_err err = {0};
    CHECK_EQ_INT(klik_parse(b.data, b.len, IMPORT_KLIK_PDF, NULL, known, &t, &err), 0);
    CHECK(t.description && strstr(t.description, "organisatorisk.\n\nResultat af arbejdet "
                                                 "deles.\n\nMål for arbejdet er klare.\n\n"
                                                 "Forventningen til"));
    CHECK(t.result && str_starts(t.result, "At kommunen har udpeget"));
    CHECK_EQ_STR(t.goal, goal_fbs);
    klik_free(&t);
    buf_free(&b);
    free(text);
}

TEST(tab_label_twice_and_stray_text)
{
    const char *text = "Opgavetitel\tA\nProjekt\tKY\nFase\tX\nMål\tM\nFase\tY\n";
    struct klik_task t;
    struct import_err err = {0};
    CHECK_EQ_INT(klik_parse(text, strlen(text), IMPORT_KLIK_TAB, NULL, known, &t, &err), -1);
    CHECK_EQ_INT(err.line, 5);
    CHECK(strstr(err.msg, "\"Fase\"") != NULL);
    CHECK(all_zero(&t, sizeof t));
    /* After a section line such as ". PUBLICERING" only a label may follow. */
    const char *stray = "Opgavetitel\tA\nProjekt\tKY\nMål\tM\n. PUBLICERING\n\nHvad er dette?\n";
    CHECK_EQ_INT(klik_parse(stray, strlen(stray), IMPORT_KLIK_TAB, NULL, known, &t, &err), -1);
    CHECK_EQ_INT(err.line, 6);
    CHECK(strstr(err.msg, "text outside any field: \"Hvad er dette?\"") != NULL);
    CHECK(all_zero(&t, sizeof t));
}

/* A fixture that must fail: its kind, the line and words of the error. */
struct must_fail {
    const char *file;
    enum import_kind kind;
    int line;
    const char *words;
};

TEST(must_fail_fixtures)
{
    static const struct must_fail cases[] = {
        {"klik-empty.txt", IMPORT_KLIK_TAB, 0, "empty file"},
        {"klik-tab-no-title.txt", IMPORT_KLIK_TAB, 6, "no title"},
        {"klik-pdf-no-title.txt", IMPORT_KLIK_PDF, 11, "no title"},
        {"klik-duration-not-integer.txt", IMPORT_KLIK_TAB, 14,
         "\"Opgave varighed (antal dage)\" must be a whole number of days, not \"fem\""},
        {"klik-id-not-positive.txt", IMPORT_KLIK_TAB, 7,
         "\"Master-opgave ID\" must be a positive whole number, not \"-519\""},
        {"klik-comment-impossible-date.txt", IMPORT_KLIK_TAB, 63,
         "comment date \"31/02/2020 16:09\" does not exist"},
        {"klik-no-project.txt", IMPORT_KLIK_PDF, 9,
         "klik-no-project.txt names no project: give --project CODE"},
        {"klik-tab-no-project.txt", IMPORT_KLIK_TAB, 8,
         "klik-tab-no-project.txt names no project: give --project CODE"},
        {"klik-truncated.txt", IMPORT_KLIK_TAB, 12, "without \"Mål\" or \"Beskrivelse\""},
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        const struct must_fail *c = &cases[i];
        size_t len = 0;
        char *text = FIXTURE(c->file, &len);
        CHECK(text != NULL);
        if (!text) {
            continue;
        }
        if (len > 0) {
            CHECK_EQ_INT(import_detect(text, len), c->kind);
        }
        struct klik_task t;
        struct import_err err = {0};
        snprintf(err.file, sizeof err.file, "%s", c->file);
        int rc = klik_parse(text, len, c->kind, NULL, known, &t, &err);
        if (rc != -1 || err.line != c->line || !strstr(err.msg, c->words)) {
            fprintf(stdout, "#   %s: rc %d, line %d: %s\n", c->file, rc, err.line, err.msg);
            check_failed_++;
        }
        CHECK(all_zero(&t, sizeof t));
        free(text);
    }
}

int main(void)
{
    RUN(detects_both_forms);
    RUN(tab_header_fields);
    RUN(tab_description);
    RUN(tab_method_steps);
    RUN(tab_comment);
    RUN(pdf_fields);
    RUN(pdf_goal_and_description);
    RUN(pdf_method_steps);
    RUN(pdf_links);
    RUN(project_sources);
    RUN(fields_are_clean);
    RUN(crlf_and_truncation_after_description);
    RUN(label_words_in_text);
    RUN(tab_label_twice_and_stray_text);
    RUN(must_fail_fixtures);
    CHECK_DONE();
}
