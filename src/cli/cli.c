/*
 * cli: what the klikd commands share — finding the data directory, opening
 * a migrated database, usage errors — and the account and backup
 * commands. Exit status 0 is success, 1 a runtime error, 2 a usage error.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

/* Finds templates/, static/ and migrations/: $KLIKD_DATADIR, else near the
 * executable (the source tree, or PREFIX/share/klikd), else ".". */
const char *datadir(void)
{
    static char *found; /* kept for the life of the process */
    const char *env = getenv("KLIKD_DATADIR");
    if (env && *env) {
        return env;
    }
    if (found) {
        return found;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
        }
        static const char *const tries[] = {"..", "../..", "../share/klikd", "."};
        for (size_t i = 0; i < NELEM(tries); i++) {
            char *dir = xasprintf("%s/%s", exe, tries[i]);
            char *probe = xasprintf("%s/migrations/0001_init.sql", dir);
            bool ok = access(probe, R_OK) == 0;
            free(probe);
            if (ok) {
                found = dir;
                return found;
            }
            free(dir);
        }
    }
    return ".";
}

/* Opens the database, checking it is migrated unless for_migrate. */
struct db *open_db(const char *path, bool for_migrate)
{
    if (!path) {
        fprintf(stderr, "klikd: --db PATH is required\n");
        return NULL;
    }
    if (!for_migrate && access(path, F_OK) != 0) {
        fprintf(stderr, "klikd: there is no database at %s: run klikd migrate --db %s\n", path,
                path);
        return NULL;
    }
    char *err = NULL;
    struct db *db = db_open(path, &err);
    if (!db) {
        fprintf(stderr, "klikd: %s\n", err);
        free(err);
        return NULL;
    }
    if (!for_migrate) {
        char *mig = xasprintf("%s/migrations", datadir());
        int pending = db_pending(db, mig);
        free(mig);
        if (pending != 0) {
            if (pending > 0) {
                fprintf(stderr, "klikd: %s needs %d migration(s): run klikd migrate --db %s\n",
                        path, pending, path);
            }
            db_close(db);
            return NULL;
        }
    }
    return db;
}

int usage_error(const char *usage)
{
    fputs(usage, stderr);
    return EXIT_USAGE;
}

/* A positive number option; false (with a message) when malformed. */
bool number_opt(const char *name, const char *s, long long min, long long max,
                       long long *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < min || v > max) {
        fprintf(stderr, "klikd: %s wants a number from %lld to %lld\n", name, min, max);
        return false;
    }
    *out = v;
    return true;
}


int db_only_opts(int argc, char **argv, const char *usage, int positional, const char **path)
{
    static const struct option opts[] = {{"db", 1, 0, 'd'}, {"help", 0, 0, 'h'}, {0}};
    int c;
    *path = NULL;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': *path = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default: return usage_error(usage);
        }
    }
    if (!*path || argc - optind != positional) {
        return usage_error(usage);
    }
    return -1;
}
