/* inet.c - Internet address conversions (arpa/inet.h) and byte order functions, as glibc does them:
 * inet_aton takes the classic forms (a, a.b, a.b.c, a.b.c.d; each part decimal, octal with 0 or hex
 * with 0x) followed by nothing or white space; inet_pton takes only dotted decimal for AF_INET and
 * RFC 4291 text for AF_INET6; inet_ntop writes RFC 5952's form (the longest run of zero groups
 * as "::", IPv4-mapped and -compatible addresses with a dotted quad). */
#include "libc_internal.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#undef htonl
#undef htons
#undef ntohl
#undef ntohs
uint32_t htonl(uint32_t x) { return __builtin_bswap32(x); }
uint16_t htons(uint16_t x) { return __builtin_bswap16(x); }
uint32_t ntohl(uint32_t x) { return __builtin_bswap32(x); }
uint16_t ntohs(uint16_t x) { return __builtin_bswap16(x); }

const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;

/* One part of the classic forms (inet_aton, inet_network): decimal, octal after 0, hex after 0x.
 * Returns what follows it, or NULL if there is no number or its value exceeds `limit`. */
static const char *number_part(const char *s, uint64_t limit, uint64_t *value)
{
    if (!isdigit((unsigned char)*s)) return NULL;
    uint64_t v = 0;
    int base = 10;
    if (*s == '0') {
        base = 8;
        s++;
        if (*s == 'x' || *s == 'X') { base = 16; s++; }
    }
    for (;; s++) {
        int c = (unsigned char)*s, d;
        if (isdigit(c) && (base != 8 || c < '8')) d = c - '0';
        else if (base == 16 && isxdigit(c)) d = (tolower(c) - 'a') + 10;
        else break;
        v = v * (uint64_t)base + (uint64_t)d;
        if (v > limit) return NULL;
    }
    *value = v;
    return s;
}

int inet_aton(const char *cp, struct in_addr *inp)
{
    uint32_t parts[4];
    int n = 0;
    const char *s = cp;
    for (;;) {
        uint64_t v;
        if (!(s = number_part(s, 0xffffffffu, &v))) return 0;
        parts[n++] = (uint32_t)v;
        if (*s != '.') break;
        if (n == 4) return 0;
        s++;
    }
    if (*s != '\0' && !isspace((unsigned char)*s)) return 0;
    uint32_t addr;
    switch (n) {
    case 1: addr = parts[0]; break;
    case 2:
        if (parts[0] > 0xff || parts[1] > 0xffffff) return 0;
        addr = parts[0] << 24 | parts[1];
        break;
    case 3:
        if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xffff) return 0;
        addr = parts[0] << 24 | parts[1] << 16 | parts[2];
        break;
    default:
        if (parts[0] > 0xff || parts[1] > 0xff || parts[2] > 0xff || parts[3] > 0xff) return 0;
        addr = parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3];
        break;
    }
    if (inp) inp->s_addr = htonl(addr);
    return 1;
}

in_addr_t inet_addr(const char *cp)
{
    struct in_addr a;
    return inet_aton(cp, &a) ? a.s_addr : INADDR_NONE;
}

/* inet_network: like inet_aton's parts, but the result is in host order and fewer parts are the
 * leading bytes of a network number (glibc). */
in_addr_t inet_network(const char *cp)
{
    uint32_t val = 0;
    int parts = 0;
    const char *s = cp;
    for (;;) {
        uint64_t v;
        if (!(s = number_part(s, 0xff, &v))) return INADDR_NONE;
        if (++parts > 4) return INADDR_NONE;
        val = val << 8 | (uint32_t)v;
        if (*s != '.') break;
        s++;
    }
    if (*s != '\0' && !isspace((unsigned char)*s)) return INADDR_NONE;
    return val;
}

struct in_addr inet_makeaddr(in_addr_t net, in_addr_t host)
{
    uint32_t a;
    if (net < 128) a = net << 24 | (host & 0xffffff);
    else if (net < 65536) a = net << 16 | (host & 0xffff);
    else if (net < 16777216) a = net << 8 | (host & 0xff);
    else a = net | host;
    struct in_addr r = { htonl(a) };
    return r;
}

in_addr_t inet_lnaof(struct in_addr in)
{
    uint32_t a = ntohl(in.s_addr);
    return IN_CLASSA(a) ? a & 0xffffff : (a & 0xc0000000) == 0x80000000 ? a & 0xffff : a & 0xff;
}

in_addr_t inet_netof(struct in_addr in)
{
    uint32_t a = ntohl(in.s_addr);
    return IN_CLASSA(a) ? a >> 24 : (a & 0xc0000000) == 0x80000000 ? a >> 16 : a >> 8;
}

/* One buffer for the program, as glibc's (which is per thread) is documented to be overwritten. */
char *inet_ntoa(struct in_addr in)
{
    static char buf[INET_ADDRSTRLEN];
    const unsigned char *b = (const unsigned char *)&in.s_addr;
    snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

/* Dotted decimal only, four parts of at most three digits, no leading zeros beyond one digit. */
static int pton4(const char *s, unsigned char *out)
{
    unsigned char b[4];
    int n = 0;
    for (;;) {
        if (!isdigit((unsigned char)*s)) return 0;
        unsigned v = 0;
        int digits = 0;
        if (s[0] == '0' && isdigit((unsigned char)s[1])) return 0;
        while (isdigit((unsigned char)*s)) {
            v = v * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || v > 255) return 0;
        }
        b[n++] = (unsigned char)v;
        if (*s == '\0') break;
        if (*s != '.' || n == 4) return 0;
        s++;
    }
    if (n != 4) return 0;
    memcpy(out, b, 4);
    return 1;
}

static int pton6(const char *s, unsigned char *out)
{
    unsigned char a[16] = { 0 };
    int n = 0, gap = -1;   /* bytes written; where "::" was */
    if (s[0] == ':' && s[1] != ':') return 0;
    if (s[0] == ':') s++;
    while (*s) {
        if (*s == ':') {
            if (gap >= 0) return 0;
            gap = n;
            s++;
            continue;
        }
        const char *start = s;
        unsigned v = 0;
        int digits = 0;
        while (isxdigit((unsigned char)*s)) {
            int c = tolower((unsigned char)*s++);
            v = v << 4 | (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
            if (++digits > 4) return 0;
        }
        if (*s == '.') {   /* a trailing IPv4 address */
            if (n > 12 || !pton4(start, a + n)) return 0;
            n += 4;
            break;
        }
        if (digits == 0 || n > 14) return 0;
        a[n++] = (unsigned char)(v >> 8);
        a[n++] = (unsigned char)v;
        if (*s == ':') {
            s++;
            if (*s == '\0') return 0;
        } else if (*s != '\0') {
            return 0;
        }
    }
    if (gap >= 0) {
        if (n == 16) return 0;
        memmove(a + 16 - (n - gap), a + gap, (size_t)(n - gap));
        memset(a + gap, 0, (size_t)(16 - n));
    } else if (n != 16) {
        return 0;
    }
    memcpy(out, a, 16);
    return 1;
}

int inet_pton(int af, const char *src, void *dst)
{
    switch (af) {
    case AF_INET: return pton4(src, dst);
    case AF_INET6: return pton6(src, dst);
    default: errno = EAFNOSUPPORT; return -1;
    }
}

static const char *ntop4(const unsigned char *b, char *dst, socklen_t size)
{
    char buf[INET_ADDRSTRLEN];
    int len = snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    if ((socklen_t)len >= size) { errno = ENOSPC; return NULL; }
    memcpy(dst, buf, (size_t)len + 1);
    return dst;
}

static const char *ntop6(const unsigned char *a, char *dst, socklen_t size)
{
    char buf[INET6_ADDRSTRLEN], *p = buf;
    unsigned g[8];
    for (int i = 0; i < 8; i++) g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    /* The longest run of two or more zero groups (the first of equal ones) becomes "::". */
    int best = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) { i++; continue; }
        int j = i;
        while (j < 8 && g[j] == 0) j++;
        if (j - i > best_len && j - i >= 2) { best = i; best_len = j - i; }
        i = j;
    }
    /* ::a.b.c.d (compatible, not :: or ::1) and ::ffff:a.b.c.d (mapped), as glibc writes them. */
    int v4 = best == 0 && (best_len == 6 || (best_len == 5 && g[5] == 0xffff)) && (best_len != 6 || g[6] != 0);
    for (int i = 0; i < (v4 ? 6 : 8); i++) {
        if (i == best) {
            *p++ = ':';
            if (i == 0) *p++ = ':';
            i += best_len - 1;
            continue;
        }
        p += sprintf(p, "%x", g[i]);
        if (i < 7) *p++ = ':';
    }
    if (v4) p += sprintf(p, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
    else if (best >= 0 && best + best_len == 8) { /* ends in "::" already */ }
    else if (p > buf && p[-1] == ':') p--;
    *p = '\0';
    if ((socklen_t)(p - buf) >= size) { errno = ENOSPC; return NULL; }
    memcpy(dst, buf, (size_t)(p - buf) + 1);
    return dst;
}

const char *inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
    switch (af) {
    case AF_INET: return ntop4(src, dst, size);
    case AF_INET6: return ntop6(src, dst, size);
    default: errno = EAFNOSUPPORT; return NULL;
    }
}
