/* util: a clean fixture header for the lint self-test (tests/lint/run.sh). */
#ifndef FIXTURE_UTIL_H
#define FIXTURE_UTIL_H
/* Returns n doubled. */
int twice(int n);
#endif
