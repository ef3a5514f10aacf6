/*
 * main: the klikd command line — serve, migrate, import, user add, token
 * add, backup and routes. Each command parses its options, opens the
 * database and calls one module; exit status 0 is success, 1 a runtime
 * error, 2 a usage error. Nothing here outlives the command.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "import.h"
#include "mail.h"
#include "model/common.h"
#include "util.h"


static const char usage_main[] =
    "usage: klikd COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  serve      --db PATH --listen HOST:PORT   run the web server\n"
    "  migrate    --db PATH                      create or upgrade the database\n"
    "  import     --db PATH [--project CODE] FILE...\n"
    "                                            import KOMBIT documents (one transaction)\n"
    "  user add   --db PATH --email E --name N --org KODE|kombit --type admin|member\n"
    "             [--project P:plus|laeser ...]  add a user; password on standard input\n"
    "  user passwd --db PATH --email E           set a user's new password (standard\n"
    "                                            input) and end their sessions\n"
    "  token add  --db PATH --email E [--name N] print a new API token\n"
    "  backup     --db PATH OUT                  consistent online copy of the database\n"
    "  mail digest --db PATH                     queue the deadline notices and digests now\n"
    "  routes                                    print the route table as JSON\n"
    "\n"
    "Run klikd COMMAND --help for a command's options.\n";

static const char usage_serve[] =
    "usage: klikd serve --db PATH --listen HOST:PORT [options]\n"
    "  --tls-cert FILE --tls-key FILE   serve HTTPS (PEM files)\n"
    "  --behind-https-proxy             cookies get Secure (a TLS proxy is in front)\n"
    "  --threads N                      worker threads (default 4)\n"
    "  --session-idle SECONDS           idle timeout of a session (default 7200)\n"
    "  --session-lifetime SECONDS       absolute lifetime of a session (default 43200)\n"
    "  --body-limit BYTES               largest request body (default 6291456)\n"
    "  --max-conns-per-ip N             open connections one address may hold; more are\n"
    "                                   refused (default 128, 0: no limit; a proxy in\n"
    "                                   front counts as one address)\n"
    "  --conn-timeout SECONDS           close a connection idle this long, also while its\n"
    "                                   request line and headers arrive (default 10)\n"
    "  --trusted-proxy ADDR             take the client address from X-Forwarded-For when\n"
    "                                   the peer is ADDR (an exact IPv4/IPv6 address;\n"
    "                                   repeatable); otherwise that header is ignored\n"
    "  --strict-templates               a template that does not fit its view is a 500 (tests)\n"
    "  --smtp smtp://HOST:PORT          send notification mail through this relay (else\n"
    "                                   mail is only queued)\n"
    "  --mail-from ADDR                 the mails' sender (default klikd@localhost)\n"
    "  --mail-interval SECONDS          how often the sender runs (default 5)\n"
    "  --digest-at HH:MM                the daily digest's time, Copenhagen (default 07:00)\n"
    "  --mail-base-url URL              where links in mails point (default http://LISTEN)\n";

#define MAX_TRUSTED_PROXIES 16

/* Adds a --trusted-proxy address to o, into list (room for
 * MAX_TRUSTED_PROXIES; the strings are borrowed from argv). Returns false
 * on an address that is not numeric, or on one too many. */
static bool add_trusted_proxy(struct server_opts *o, const char **list, const char *addr)
{
    unsigned char bin[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, addr, bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1) {
        fprintf(stderr, "klikd: --trusted-proxy wants an IPv4 or IPv6 address, got %s\n", addr);
        return false;
    }
    if (o->ntrusted_proxies == MAX_TRUSTED_PROXIES) {
        fprintf(stderr, "klikd: at most %d --trusted-proxy addresses\n", MAX_TRUSTED_PROXIES);
        return false;
    }
    list[o->ntrusted_proxies++] = addr;
    o->trusted_proxies = list;
    return true;
}

static int cmd_serve(int argc, char **argv)
{
    struct server_opts o = {.threads = 4, .session_idle = 7200, .session_max = 43200,
                            .body_limit = 6 << 20, .max_conns_per_ip = 128,
                            .conn_timeout = 10};
    static const char *proxies[MAX_TRUSTED_PROXIES];
    static const struct option opts[] = {
        {"db", 1, 0, 'd'},           {"listen", 1, 0, 'l'},   {"tls-cert", 1, 0, 'c'},
        {"tls-key", 1, 0, 'k'},      {"behind-https-proxy", 0, 0, 'p'},
        {"threads", 1, 0, 't'},      {"session-idle", 1, 0, 'i'},
        {"session-lifetime", 1, 0, 'm'}, {"body-limit", 1, 0, 'b'},
        {"max-conns-per-ip", 1, 0, 'n'}, {"conn-timeout", 1, 0, 'o'},
        {"trusted-proxy", 1, 0, 'x'},  {"strict-templates", 0, 0, 's'},
        {"smtp", 1, 0, 'S'}, {"mail-from", 1, 0, 'F'}, {"mail-interval", 1, 0, 'I'},
        {"digest-at", 1, 0, 'D'}, {"mail-base-url", 1, 0, 'U'}, {"help", 0, 0, 'h'}, {0}};
    struct mail_opts mail = {.from = "klikd@localhost", .interval = 5, .digest_at = 7 * 60};
    int c;
    long long v;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': o.db_path = optarg; break;
        case 'l': o.listen = optarg; break;
        case 'c': o.tls_cert = optarg; break;
        case 'k': o.tls_key = optarg; break;
        case 'p': o.behind_https_proxy = true; break;
        case 't':
            if (!number_opt("--threads", optarg, 1, 256, &v)) return EXIT_USAGE;
            o.threads = (unsigned)v;
            break;
        case 'i':
            if (!number_opt("--session-idle", optarg, 1, 31536000, &v)) return EXIT_USAGE;
            o.session_idle = v;
            break;
        case 'm':
            if (!number_opt("--session-lifetime", optarg, 1, 31536000, &v)) return EXIT_USAGE;
            o.session_max = v;
            break;
        case 'b':
            if (!number_opt("--body-limit", optarg, 1024, 1 << 30, &v)) return EXIT_USAGE;
            o.body_limit = (size_t)v;
            break;
        case 'n':
            if (!number_opt("--max-conns-per-ip", optarg, 0, 65536, &v)) return EXIT_USAGE;
            o.max_conns_per_ip = (unsigned)v;
            break;
        case 'o':
            if (!number_opt("--conn-timeout", optarg, 1, 3600, &v)) return EXIT_USAGE;
            o.conn_timeout = (unsigned)v;
            break;
        case 'x':
            if (!add_trusted_proxy(&o, proxies, optarg)) return EXIT_USAGE;
            break;
        case 's': o.strict_templates = true; break;
        case 'S': case 'F': case 'I': case 'D': case 'U':
            if (!mail_serve_opt(c, optarg, &mail)) return EXIT_USAGE;
            break;
        case 'h': fputs(usage_serve, stdout); return 0;
        default: return usage_error(usage_serve);
        }
    }
    if (!o.db_path || !o.listen || optind != argc || (!o.tls_cert != !o.tls_key)) {
        return usage_error(usage_serve);
    }
    o.datadir = datadir();
    struct db *db = open_db(o.db_path, false);
    if (!db) {
        return 1;
    }
    return serve_with_mail(db, &o, &mail); /* the sender thread's connection */
}

static const char usage_migrate[] = "usage: klikd migrate --db PATH\n";

static int cmd_migrate(int argc, char **argv)
{
    const char *path;
    int rc = db_only_opts(argc, argv, usage_migrate, 0, &path);
    if (rc >= 0) {
        return rc;
    }
    struct db *db = open_db(path, true);
    if (!db) {
        return 1;
    }
    char *mig = xasprintf("%s/migrations", datadir());
    rc = db_migrate(db, mig, stdout);
    free(mig);
    struct import_err err = {0};
    if (rc >= 0 && import_fill_html(db, stdout, &err) < 0) {
        fprintf(stderr, "klikd: %s\n", err.msg);
        rc = -1;
    }
    db_close(db);
    return rc < 0 ? 1 : 0;
}

static const char usage_import[] =
    "usage: klikd import --db PATH [--project CODE] FILE...\n"
    "  Detects each file's kind (rollegalleri, KLIK task export, document,\n"
    "  municipality list) and imports all of them in one transaction or none.\n"
    "  --project CODE  the project of a task document that names none\n";

static int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", 1, 0, 'd'}, {"project", 1, 0, 'p'}, {"help", 0, 0, 'h'}, {0}};
    const char *path = NULL;
    struct import_opts io = {.out = stdout};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': path = optarg; break;
        case 'p': io.project = optarg; break;
        case 'h': fputs(usage_import, stdout); return 0;
        default: return usage_error(usage_import);
        }
    }
    if (!path || optind == argc) {
        return usage_error(usage_import);
    }
    struct db *db = open_db(path, false);
    if (!db) {
        return 1;
    }
    struct import_err err = {0};
    int rc = import_files(db, (const char *const *)argv + optind, (size_t)(argc - optind), &io,
                          &err);
    if (rc < 0) {
        if (err.line) {
            fprintf(stderr, "klikd: %s:%d: %s\n", err.file, err.line, err.msg);
        } else {
            fprintf(stderr, "klikd: %s: %s\n", err.file, err.msg);
        }
        fprintf(stderr, "klikd: nothing was imported\n");
    }
    db_close(db);
    return rc < 0 ? 1 : 0;
}


/* One path of a route as `klikd routes` prints it. */
static json_t *route_entry(const struct route *r, bool api)
{
    json_t *inputs = json_array();
    for (const struct input *in = r->inputs; in && in->name; in++) {
        json_array_append_new(inputs, json_string(in->name));
    }
    int method = api || r->method == HTTP_GET ? r->method : HTTP_POST;
    size_t body_max = method == HTTP_GET || method == HTTP_DELETE ? 0 : r->body_max;
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:b,s:I,s:s?}", "action", r->action, "kind",
                     api ? "api" : "page", "method", http_method_name(method), "pattern",
                     api ? r->api : r->page, "access", r->access->name, "inputs", inputs,
                     "form", r->form != NULL, "body_max", (json_int_t)body_max, "extras",
                     api ? NULL : r->extras_keys);
}

static int cmd_routes(void)
{
    json_t *list = json_array();
    for (size_t i = 0; i < nroutes; i++) {
        if (routes[i].page) {
            json_array_append_new(list, route_entry(&routes[i], false));
        }
        if (routes[i].api) {
            json_array_append_new(list, route_entry(&routes[i], true));
        }
    }
    json_t *out = json_pack("{s:o}", "routes", list);
    json_dumpf(out, stdout, JSON_INDENT(1));
    putchar('\n');
    json_decref(out);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    arena_json_install();
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(usage_main, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "serve")) {
        return cmd_serve(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "migrate")) {
        return cmd_migrate(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "import")) {
        return cmd_import(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "mail")) {
        return cmd_mail(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "backup")) {
        return cmd_backup(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "routes")) {
        if (argc > 2) {
            bool help = !strcmp(argv[2], "--help") || !strcmp(argv[2], "-h");
            fputs("usage: klikd routes\n  Prints the route table as JSON.\n", help ? stdout : stderr);
            return help ? 0 : EXIT_USAGE;
        }
        return cmd_routes();
    }
    if (!strcmp(cmd, "user") && argc >= 3 && !strcmp(argv[2], "passwd")) {
        return cmd_user_passwd(argc - 2, argv + 2);
    }
    if ((!strcmp(cmd, "user") || !strcmp(cmd, "token")) && argc >= 3 &&
        !strcmp(argv[2], "add")) {
        return !strcmp(cmd, "user") ? cmd_user_add(argc - 2, argv + 2)
                                    : cmd_token_add(argc - 2, argv + 2);
    }
    if ((!strcmp(cmd, "user") || !strcmp(cmd, "token")) && argc >= 3 &&
        (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        fputs(!strcmp(cmd, "user") ? usage_user : usage_token, stdout);
        return 0;
    }
    fprintf(stderr, "klikd: unknown command '%s'\n\n", cmd);
    return usage_error(usage_main);
}
