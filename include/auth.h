/*
 * auth: the cryptography of accounts, from OpenSSL — password hashing with
 * scrypt (parameters stored with the hash so they can be raised later),
 * random tokens, token hashing and constant-time comparison. No SQL, no
 * HTTP: callers store and send what these functions produce.
 */
#ifndef KLIKD_AUTH_H
#define KLIKD_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define AUTH_TOKEN_LEN 43   /* base64url of 32 random bytes */
#define AUTH_HASH_LEN 32    /* SHA-256 */
#define AUTH_PASSWORD_MIN 8 /* NIST SP 800-63B: at least 8, no composition rules */
#define AUTH_PASSWORD_MAX 1024

/* Hashes a password: "scrypt$N$r$p$salt$hash" (base64), caller frees;
 * NULL on an OpenSSL failure. */
char *auth_password_hash(const char *password);
/* True when password matches stored; comparison in constant time. */
bool auth_password_verify(const char *password, const char *stored);
/* True when a stored hash uses today's parameters (else it should be
 * replaced with a new hash at the next successful log-in). */
bool auth_password_current(const char *stored);
/* Spends the time a verification takes, for unknown accounts. */
void auth_password_dummy(const char *password);
/* NULL when the password is acceptable, else why not (Danish). */
const char *auth_password_weak(const char *password, const char *email);
/* Fills out with AUTH_TOKEN_LEN random base64url characters + NUL. */
void auth_random_token(char out[AUTH_TOKEN_LEN + 1]);
/* SHA-256 of a token, for storage. */
void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_LEN]);
/* Constant-time comparison of two byte strings of the same length. */
bool auth_memeq(const void *a, const void *b, size_t n);

#endif
