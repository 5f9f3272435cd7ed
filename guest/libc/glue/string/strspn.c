/* strspn.c - strspn, strcspn and strpbrk with a 256-bit table of the set, built once per call
 * (newlib compared each byte of the string with each byte of the set). One-byte sets, the common
 * case, take the vector scan of strchrnul. */
#include <stdint.h>
#include <string.h>

struct byte_set {
    uint64_t bits[4];
};

static inline void set_of(struct byte_set *set, const unsigned char *chars)
{
    set->bits[0] = set->bits[1] = set->bits[2] = set->bits[3] = 0;
    for (; *chars; chars++) set->bits[*chars >> 6] |= 1ull << (*chars & 63);
}

static inline int in_set(const struct byte_set *set, unsigned char c)
{
    return (set->bits[c >> 6] >> (c & 63)) & 1;
}

size_t strcspn(const char *s, const char *reject)
{
    if (reject[0] == 0) return strlen(s);
    if (reject[1] == 0) return (size_t)(strchrnul(s, reject[0]) - s);
    struct byte_set set;
    set_of(&set, (const unsigned char *)reject);
    set.bits[0] |= 1;   /* the terminator ends the span too */
    const unsigned char *p = (const unsigned char *)s;
    for (;; p += 4) {
        if (in_set(&set, p[0])) return (size_t)(p - (const unsigned char *)s);
        if (in_set(&set, p[1])) return (size_t)(p + 1 - (const unsigned char *)s);
        if (in_set(&set, p[2])) return (size_t)(p + 2 - (const unsigned char *)s);
        if (in_set(&set, p[3])) return (size_t)(p + 3 - (const unsigned char *)s);
    }
}

size_t strspn(const char *s, const char *accept)
{
    if (accept[0] == 0) return 0;
    struct byte_set set;
    set_of(&set, (const unsigned char *)accept);   /* the terminator is never in it: the span stops there */
    const unsigned char *p = (const unsigned char *)s;
    for (;; p += 4) {
        if (!in_set(&set, p[0])) return (size_t)(p - (const unsigned char *)s);
        if (!in_set(&set, p[1])) return (size_t)(p + 1 - (const unsigned char *)s);
        if (!in_set(&set, p[2])) return (size_t)(p + 2 - (const unsigned char *)s);
        if (!in_set(&set, p[3])) return (size_t)(p + 3 - (const unsigned char *)s);
    }
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}
