/* strspn.c - strspn, strcspn and strpbrk (newlib compared each byte of the string with each byte of
 * the set). A set of one byte takes strchrnul's scan; of up to four, 16 aligned bytes a round compared
 * with each (vector.h says why aligned blocks may be read past the terminator); a larger one, a
 * 256-bit table built once per call. */
#include "string/vector.h"
#include <string.h>

/* ---- small sets: compared as vectors -------------------------------------------------------------- */

struct small_set {
    vec c[4];   /* the set's bytes, the first repeated where it has fewer */
};

/* 1 and the set in `set` if `chars` has one to four bytes, else 0. */
static int small_set_of(const char *chars, struct small_set *set)
{
    size_t k = 0;
    while (k < 5 && chars[k]) k++;
    if (k == 0 || k > 4) return 0;
    for (size_t i = 0; i < 4; i++) set->c[i] = _mm_set1_epi8(chars[i < k ? i : 0]);
    return 1;
}

static inline unsigned members(vec v, const struct small_set *set)
{
    vec m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, set->c[0]), _mm_cmpeq_epi8(v, set->c[1])),
                         _mm_or_si128(_mm_cmpeq_epi8(v, set->c[2]), _mm_cmpeq_epi8(v, set->c[3])));
    return (unsigned)_mm_movemask_epi8(m);
}

/* The length of s's first run of bytes in the set (`inside`) or out of it and not the terminator. */
static size_t small_span(const char *s, const struct small_set *set, int inside)
{
    const unsigned char *p = block_of(s);
    unsigned mine = ~0u << place_in_block(s);   /* the first block's bytes from s on */
    for (;; p += 16, mine = ~0u) {
        vec v = load_aligned(p);
        unsigned in = members(v, set);
        /* The terminator is never in the set, so a span of members ends there by itself. */
        unsigned stop = (inside ? ~in & 0xffff : in | zero_bits(v)) & mine;
        if (stop) return (size_t)(p + __builtin_ctz(stop) - (const unsigned char *)s);
    }
}

/* ---- larger sets: a table ------------------------------------------------------------------------- */

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

/* The length of s's first run of bytes whose membership in the table is `inside`. */
static size_t table_span(const char *s, const struct byte_set *set, int inside)
{
    const unsigned char *p = (const unsigned char *)s;
    for (;; p += 4) {
        if (in_set(set, p[0]) != inside) return (size_t)(p - (const unsigned char *)s);
        if (in_set(set, p[1]) != inside) return (size_t)(p + 1 - (const unsigned char *)s);
        if (in_set(set, p[2]) != inside) return (size_t)(p + 2 - (const unsigned char *)s);
        if (in_set(set, p[3]) != inside) return (size_t)(p + 3 - (const unsigned char *)s);
    }
}

size_t strcspn(const char *s, const char *reject)
{
    if (reject[0] == 0) return strlen(s);
    if (reject[1] == 0) return (size_t)(strchrnul(s, reject[0]) - s);
    struct small_set small;
    if (small_set_of(reject, &small)) return small_span(s, &small, 0);
    struct byte_set set;
    set_of(&set, (const unsigned char *)reject);
    set.bits[0] |= 1;   /* the terminator ends the span too */
    return table_span(s, &set, 0);
}

size_t strspn(const char *s, const char *accept)
{
    struct small_set small;
    if (accept[0] == 0) return 0;
    if (small_set_of(accept, &small)) return small_span(s, &small, 1);
    struct byte_set set;
    set_of(&set, (const unsigned char *)accept);   /* the terminator is never in it: the span stops there */
    return table_span(s, &set, 1);
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}
