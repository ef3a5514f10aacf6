/* http: a clean fixture header of the http layer. */
#ifndef FIXTURE_HTTP_H
#define FIXTURE_HTTP_H
struct req;
#endif
