/*
 * peer: who the client is — the peer's address in canonical form, or,
 * when the peer is one of the --trusted-proxy addresses, the address it
 * forwarded in X-Forwarded-For. Throttling and the audit trail use it; a
 * header from anyone else changes nothing.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "http.h"
#include "util.h"

/* The canonical text of a numeric IPv4 or IPv6 address s (an IPv4-mapped
 * IPv6 address is written as IPv4) into out; false when s is not one. */
static bool addr_canon(const char *s, char out[INET6_ADDRSTRLEN])
{
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, s, &a4) == 1) {
        return inet_ntop(AF_INET, &a4, out, INET6_ADDRSTRLEN) != NULL;
    }
    if (inet_pton(AF_INET6, s, &a6) != 1) {
        return false;
    }
    if (IN6_IS_ADDR_V4MAPPED(&a6)) {
        return inet_ntop(AF_INET, &a6.s6_addr[12], out, INET6_ADDRSTRLEN) != NULL;
    }
    return inet_ntop(AF_INET6, &a6, out, INET6_ADDRSTRLEN) != NULL;
}

/* The peer's address as canonical text (arena); "?" when unknown. */
static const char *peer_addr(struct req *req)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN] = "?", canon[INET6_ADDRSTRLEN];
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET) {
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
        } else if (sa->sa_family == AF_INET6) {
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host,
                      sizeof host);
        }
    }
    return arena_strdup(req->arena, addr_canon(host, canon) ? canon : host);
}

/* Whether addr (canonical text) is one of the --trusted-proxy addresses,
 * compared in canonical form ("::ffff:10.0.0.1" is "10.0.0.1"). */
static bool trusted_proxy(const char *addr)
{
    char canon[INET6_ADDRSTRLEN];
    for (size_t i = 0; i < server.ntrusted_proxies; i++) {
        if (addr_canon(server.trusted_proxies[i], canon) && strcmp(canon, addr) == 0) {
            return true;
        }
    }
    return false;
}

/* MHD_get_connection_values callback: appends every X-Forwarded-For
 * header's value to the buf in cls, comma-separated, in the order sent. */
static enum MHD_Result xff_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    struct buf *b = cls;
    if (key && value && strcasecmp(key, "X-Forwarded-For") == 0) {
        buf_printf(b, "%s%s", b->len ? "," : "", value);
    }
    return MHD_YES;
}

/* See http.h. An entry of X-Forwarded-For that is not an address ends the
 * walk, leaving the last trusted hop: what a proxy appends is always an
 * address. */
const char *http_client_addr(struct req *req)
{
    const char *peer = peer_addr(req);
    if (!trusted_proxy(peer)) {
        return peer;
    }
    struct buf b = {0};
    MHD_get_connection_values(req->conn, MHD_HEADER_KIND, xff_value, &b);
    char *list = arena_strdup(req->arena, buf_str(&b));
    buf_free(&b);
    const char *addr = peer;
    char canon[INET6_ADDRSTRLEN];
    while (*list) {
        char *comma = strrchr(list, ',');
        char *item = str_trim(comma ? comma + 1 : list);
        if (!addr_canon(item, canon)) {
            break;
        }
        addr = arena_strdup(req->arena, canon);
        if (!trusted_proxy(canon)) {
            break;
        }
        if (!comma) {
            break;
        }
        *comma = '\0';
    }
    return addr;
}

