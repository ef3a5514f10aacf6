/*
 * password: scrypt password hashes (see auth.h). A hash is stored as
 * "scrypt$<N>$<r>$<p>$<salt>$<key>" with base64 salt and key, so the cost
 * can be raised later and old hashes still verify. Verification compares
 * in constant time; an unknown account spends the same time on a dummy.
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "util.h"

#define SCRYPT_N 32768u  /* 2^15: 32 MiB with r = 8 */
#define SCRYPT_R 8u
#define SCRYPT_P 1u
#define SALT_LEN 16
#define KEY_LEN 32
#define MAX_MEM (256u * 1024 * 1024)

/* Base64 (standard alphabet) of n bytes into out (caller's buffer of at
 * least 4*((n+2)/3)+1 bytes). */
static void b64(const unsigned char *in, size_t n, char *out)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

/* Decodes base64 into out (max bytes); returns the length or -1. */
static int unb64(const char *in, unsigned char *out, size_t max)
{
    size_t len = strlen(in);
    if (len == 0 || len % 4 != 0 || len / 4 * 3 > max + 2) {
        return -1;
    }
    unsigned char tmp[128];
    if (len / 4 * 3 > sizeof tmp) {
        return -1;
    }
    int n = EVP_DecodeBlock(tmp, (const unsigned char *)in, (int)len);
    if (n < 0) {
        return -1;
    }
    while (len > 0 && in[len - 1] == '=') {
        n--, len--;
    }
    if ((size_t)n > max) {
        return -1;
    }
    memcpy(out, tmp, (size_t)n);
    return n;
}

static bool derive(const char *pw, const unsigned char *salt, size_t saltlen, uint64_t n,
                   uint64_t r, uint64_t p, unsigned char *key, size_t keylen)
{
    return EVP_PBE_scrypt(pw, strlen(pw), salt, saltlen, n, r, p, MAX_MEM, key, keylen) == 1;
}

char *auth_password_hash(const char *password)
{
    unsigned char salt[SALT_LEN], key[KEY_LEN];
    if (RAND_bytes(salt, sizeof salt) != 1 ||
        !derive(password, salt, sizeof salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, key, sizeof key)) {
        return NULL;
    }
    char s64[32], k64[48];
    b64(salt, sizeof salt, s64);
    b64(key, sizeof key, k64);
    OPENSSL_cleanse(key, sizeof key);
    return xasprintf("scrypt$%u$%u$%u$%s$%s", SCRYPT_N, SCRYPT_R, SCRYPT_P, s64, k64);
}

bool auth_password_verify(const char *password, const char *stored)
{
    unsigned long long n, r, p;
    char s64[64], k64[96];
    if (!stored || sscanf(stored, "scrypt$%llu$%llu$%llu$%63[^$]$%95s", &n, &r, &p, s64, k64) != 5) {
        auth_password_dummy(password);
        return false;
    }
    unsigned char salt[64], want[64], got[64];
    int saltlen = unb64(s64, salt, sizeof salt);
    int keylen = unb64(k64, want, sizeof want);
    if (saltlen <= 0 || keylen <= 0 || n < 2 || n > (1u << 20) || r == 0 || r > 32 || p == 0 ||
        p > 16) {
        auth_password_dummy(password);
        return false;
    }
    if (!derive(password, salt, (size_t)saltlen, n, r, p, got, (size_t)keylen)) {
        return false;
    }
    bool ok = CRYPTO_memcmp(got, want, (size_t)keylen) == 0;
    OPENSSL_cleanse(got, sizeof got);
    return ok;
}

bool auth_password_current(const char *stored)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "scrypt$%u$%u$%u$", SCRYPT_N, SCRYPT_R, SCRYPT_P);
    return stored && str_starts(stored, prefix);
}

void auth_password_dummy(const char *password)
{
    static const unsigned char salt[SALT_LEN] = "klikd-dummysalt";
    unsigned char key[KEY_LEN];
    derive(password, salt, sizeof salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, key, sizeof key);
    OPENSSL_cleanse(key, sizeof key);
}

const char *auth_password_weak(const char *password, const char *email)
{
    size_t n = strlen(password);
    if (n < AUTH_PASSWORD_MIN) {
        return "Adgangskoden skal være mindst 8 tegn";
    }
    if (n > AUTH_PASSWORD_MAX) {
        return "Adgangskoden er for lang";
    }
    bool same = true;
    for (size_t i = 1; i < n; i++) {
        same = same && password[i] == password[0];
    }
    if (same || (email && str_eq_nocase(password, email))) {
        return "Adgangskoden er for let at gætte";
    }
    return NULL;
}

void auth_random_token(char out[AUTH_TOKEN_LEN + 1])
{
    unsigned char rnd[32];
    if (RAND_bytes(rnd, sizeof rnd) != 1) {
        fprintf(stderr, "klikd: RAND_bytes failed\n");
        abort();
    }
    char tmp[48];
    b64(rnd, sizeof rnd, tmp);
    for (size_t i = 0; i < AUTH_TOKEN_LEN; i++) {
        out[i] = tmp[i] == '+' ? '-' : tmp[i] == '/' ? '_' : tmp[i];
    }
    out[AUTH_TOKEN_LEN] = '\0';
    OPENSSL_cleanse(rnd, sizeof rnd);
}

void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_LEN])
{
    unsigned int len = 0;
    EVP_Digest(token, strlen(token), out, &len, EVP_sha256(), NULL);
}

bool auth_memeq(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}
