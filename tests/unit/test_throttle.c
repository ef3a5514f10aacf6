/*
 * test_throttle: the log-in throttle's thresholds on a migrated temporary
 * database — no delay below the threshold a caller gives, 5 s at it,
 * doubling after, a cap of 15 minutes, and failures forgotten after 15
 * minutes — for the account threshold (5) and the address one (100).
 */
#include <stdlib.h>

#include "check.h"
#include "db.h"
#include "model/session.h"

static char dir[] = "/tmp/klikd-test-throttle-XXXXXX";

TEST(thresholds)
{
    char path[256], *err = NULL;
    snprintf(path, sizeof path, "%s/t.db", dir);
    struct db *db = db_open(path, &err);
    CHECK(db && db_migrate(db, "migrations", NULL) == 0);
    if (!db) {
        return;
    }
    int64_t now = 1000000;
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 5), 0); /* unknown key */
    for (int i = 1; i <= 4; i++) {
        CHECK_EQ_INT(throttle_fail(db, "addr:x", now), i);
    }
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 5), 0);
    CHECK_EQ_INT(throttle_fail(db, "addr:x", now), 5);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 5), 5);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now + 2, 5), 3);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now + 5, 5), 0);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 100), 0); /* a municipality's address */
    CHECK_EQ_INT(throttle_fail(db, "addr:x", now), 6);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 5), 10);
    for (int i = 7; i <= 100; i++) {
        throttle_fail(db, "addr:x", now);
    }
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 100), 5);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now, 5), 900); /* capped */
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now + 901, 5), 0);
    CHECK_EQ_INT(throttle_fail(db, "addr:x", now + 901), 1); /* the window has passed */
    CHECK_EQ_INT(throttle_reset(db, "addr:x"), 0);
    CHECK_EQ_INT(throttle_wait(db, "addr:x", now + 901, 1), 0);
    CHECK(!db_failed(db));
    db_close(db);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(thresholds);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        fprintf(stdout, "#   cannot remove %s\n", dir);
    }
    CHECK_DONE();
}
