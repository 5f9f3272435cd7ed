/* strings.c - the C library's string and memory routines against byte-by-byte references written
 * here: every source and destination alignment 0..63, lengths 0..300 and some large ones, overlapping
 * moves in both directions, and strings that end at the last byte before an inaccessible page (a
 * routine that reads past its terminator across the page boundary faults there).
 *
 * Built with -fno-builtin (tests/guest/libc/Makefile): the compiler must neither inline the routines
 * under test nor turn the references' loops into calls of them. Built natively too, and the test
 * compares the outputs: glibc passes the same checks, so a check that fails here is the library's. */
#define _GNU_SOURCE   /* strchrnul, rawmemchr */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_LEN 300
#define ALIGNS 64

static int failures;
static long cases;

#define EXPECT(cond, ...) do { cases++; if (!(cond)) { if (++failures <= 20) { \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } } while (0)

/* ---- references: the plainest loops ------------------------------------------------------------- */

static void ref_move(unsigned char *d, const unsigned char *s, size_t n)
{
    if (d < s)
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    else
        for (size_t i = n; i-- > 0;) d[i] = s[i];
}

static int sign(int x) { return (x > 0) - (x < 0); }

static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

static size_t ref_strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static int ref_strncmp(const char *l, const char *r, size_t n)
{
    const unsigned char *a = (const unsigned char *)l, *b = (const unsigned char *)r;
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        if (a[i] == 0) return 0;
    }
    return 0;
}

static int ref_in(const char *set, char c)
{
    for (; *set; set++)
        if (*set == c) return 1;
    return 0;
}

/* ---- buffers -------------------------------------------------------------------------------------- */

/* Deterministic bytes, never 0 (strings built from them end only where a test puts the terminator):
 * a table made once, read from an offset that depends on the seed. */
#define PATTERN_SIZE ((1 << 20) + 8192)
static unsigned char patterns[PATTERN_SIZE + 4096];

static void make_patterns(void)
{
    for (size_t i = 0; i < sizeof patterns; i++) patterns[i] = (unsigned char)(1 + (i * 131 + (i >> 8)) % 255);
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    const unsigned char *from = patterns + (seed * 37) % 4096;
    for (size_t i = 0; i < n; i++) p[i] = from[i];
}

/* Two pages, the second inaccessible: `guarded_end` is the first byte a routine must not touch. */
static unsigned char *guarded_end;
static size_t page;

static void map_guard(void)
{
    page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || mprotect(p + page, page, PROT_NONE) != 0) {
        perror("mmap");
        exit(1);
    }
    guarded_end = p + page;
}

/* A string of `len` pattern bytes whose terminator is the page's last byte. */
static char *string_at_page_end(size_t len, unsigned seed)
{
    char *s = (char *)guarded_end - 1 - len;
    fill((unsigned char *)s, len, seed);
    s[len] = 0;
    return s;
}

/* ---- memcpy, memmove, memset ---------------------------------------------------------------------- */

static unsigned char src_buf[(1 << 20) + 4096], dst_buf[(1 << 20) + 4096], want_buf[(1 << 20) + 4096];

/* memcpy of n bytes from src_buf + sa to dst_buf + da, with 64 bytes either side checked untouched. */
static void copy_case(size_t sa, size_t da, size_t n, int use_memmove)
{
    size_t span = n + 2 * 64 + ALIGNS;
    fill(dst_buf, span, 3);
    ref_move(want_buf, dst_buf, span);
    for (size_t i = 0; i < n; i++) want_buf[64 + da + i] = src_buf[sa + i];
    void *r = use_memmove ? memmove(dst_buf + 64 + da, src_buf + sa, n) : memcpy(dst_buf + 64 + da, src_buf + sa, n);
    EXPECT(r == dst_buf + 64 + da, "mem%s returned another pointer", use_memmove ? "move" : "cpy");
    EXPECT(ref_memcmp(dst_buf, want_buf, span) == 0, "mem%s(dst+%zu, src+%zu, %zu) wrong",
           use_memmove ? "move" : "cpy", da, sa, n);
}

static void test_copies(void)
{
    fill(src_buf, sizeof src_buf, 1);
    for (size_t sa = 0; sa < ALIGNS; sa++)
        for (size_t da = 0; da < ALIGNS; da++)
            for (size_t n = 0; n <= MAX_LEN; n++) copy_case(sa, da, n, (sa + da + n) & 1);
    static const size_t large[] = { 511, 1000, 4095, 4096, 4097, 10000, 65536 + 13, (1 << 20) - 1 };
    for (size_t i = 0; i < sizeof large / sizeof *large; i++)
        for (size_t a = 0; a < 4; a++) {
            copy_case(a * 5, a * 11, large[i], 0);
            copy_case(a * 11, a * 5, large[i], 1);
        }
}

/* memmove within one buffer: n bytes from offset s to offset s + delta (either direction). */
static void overlap_case(size_t s, long delta, size_t n)
{
    size_t margin = n > MAX_LEN ? 8192 : 128;   /* more than |delta| */
    size_t span = 2 * margin + s + n;
    unsigned char *base = dst_buf;
    fill(base, span, (unsigned)(n + s));
    ref_move(want_buf, base, span);
    ref_move(want_buf + margin + s + delta, want_buf + margin + s, n);
    void *r = memmove(base + margin + s + delta, base + margin + s, n);
    EXPECT(r == base + margin + s + delta, "memmove returned another pointer");
    EXPECT(ref_memcmp(base, want_buf, span) == 0, "memmove(%zu -> %+ld, %zu) wrong", s, delta, n);
}

static void test_overlaps(void)
{
    static const size_t starts[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 31, 33, 63 };
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        for (long delta = -80; delta <= 80; delta++)
            for (size_t n = 0; n <= MAX_LEN; n++) overlap_case(starts[i], delta, n);
    static const size_t large[] = { 1000, 4096, 10000, 100000 };
    static const long deltas[] = { 1, 15, 16, 17, 63, 64, 65, 333, 4096 };
    for (size_t i = 0; i < sizeof large / sizeof *large; i++)
        for (size_t j = 0; j < sizeof deltas / sizeof *deltas; j++)
            for (size_t s = 0; s < 3; s++) {
                overlap_case(s * 7, deltas[j], large[i]);
                overlap_case(4096 + s * 7, -deltas[j], large[i]);
            }
}

static void set_case(size_t da, size_t n, int c)
{
    size_t span = n + 2 * 64 + ALIGNS;
    fill(dst_buf, span, 5);
    ref_move(want_buf, dst_buf, span);
    for (size_t i = 0; i < n; i++) want_buf[64 + da + i] = (unsigned char)c;
    void *r = memset(dst_buf + 64 + da, c, n);
    EXPECT(r == dst_buf + 64 + da, "memset returned another pointer");
    EXPECT(ref_memcmp(dst_buf, want_buf, span) == 0, "memset(dst+%zu, %#x, %zu) wrong", da, c, n);
}

static void test_memset(void)
{
    for (size_t da = 0; da < ALIGNS; da++)
        for (size_t n = 0; n <= MAX_LEN; n++) set_case(da, n, (n & 3) == 0 ? 0 : (n & 3) == 1 ? 0x1a5 : (int)(n * 7 + da));
    static const size_t large[] = { 1000, 4097, 65536 + 3, (1 << 20) - 1 };
    for (size_t i = 0; i < sizeof large / sizeof *large; i++)
        for (size_t a = 0; a < 3; a++) set_case(a * 13, large[i], 0x80 + (int)a);
}

/* ---- memcmp ----------------------------------------------------------------------------------------- */

static unsigned char cmp_a[MAX_LEN + 2 * ALIGNS + 100000], cmp_b[MAX_LEN + 2 * ALIGNS + 100000];

/* n equal bytes at a + aa and b + ba, then byte `at` (if < n) made to differ by `how` (+1 or -1 from
 * a's byte, wrapping: 0x00 and 0xff ends test that bytes compare unsigned). */
static void memcmp_case(size_t aa, size_t ba, size_t n, size_t at, int how)
{
    unsigned char *a = cmp_a + aa, *b = cmp_b + ba;
    fill(a, n, 9);
    ref_move(b, a, n);
    if (at < n) b[at] = (unsigned char)(a[at] + how);
    int want = ref_memcmp(a, b, n);
    EXPECT(sign(memcmp(a, b, n)) == want, "memcmp(a+%zu, b+%zu, %zu) differing at %zu by %d: want %d", aa, ba, n, at, how, want);
    EXPECT(sign(memcmp(b, a, n)) == -want, "memcmp(b+%zu, a+%zu, %zu) differing at %zu by %d", ba, aa, n, at, how);
}

static void test_memcmp(void)
{
    for (size_t aa = 0; aa < ALIGNS; aa++)
        for (size_t ba = 0; ba < ALIGNS; ba++)
            for (size_t n = 0; n <= MAX_LEN; n++) {
                memcmp_case(aa, ba, n, n, 1);
                if (n) memcmp_case(aa, ba, n, (aa * 7 + ba * 13 + n) % n, (n & 1) ? 1 : -1);
            }
    /* Every position of the difference, both signs, at a few alignments. */
    for (size_t aa = 0; aa < 16; aa += 5)
        for (size_t ba = 0; ba < 16; ba += 3)
            for (size_t n = 1; n <= 80; n++)
                for (size_t at = 0; at < n; at++) {
                    memcmp_case(aa, ba, n, at, 1);
                    memcmp_case(aa, ba, n, at, -1);
                }
    /* And in every block of the long rounds (128 bytes, four 32-byte blocks) and of the overlapping last ones. */
    static const size_t longer[] = { 96, 128, 129, 200, 256, 300 };
    for (size_t i = 0; i < sizeof longer / sizeof *longer; i++)
        for (size_t at = 0; at < longer[i]; at++) {
            memcmp_case(1, 6, longer[i], at, 1);
            memcmp_case(1, 6, longer[i], at, -1);
        }
    memcmp_case(3, 0, 100000, 99999, 1);
    memcmp_case(0, 5, 100000, 50000, -1);
    /* 0x80 and above against below: unsigned. */
    unsigned char hi[20], lo[20];
    memset(hi, 0x90, sizeof hi);
    memset(lo, 0x10, sizeof lo);
    for (size_t n = 1; n <= sizeof hi; n++) EXPECT(memcmp(hi, lo, n) > 0 && memcmp(lo, hi, n) < 0, "memcmp signed at %zu", n);
    /* Buffers that end at the guarded page's end: the compare must not read past them. */
    for (size_t n = 0; n <= MAX_LEN; n++) {
        unsigned char *x = guarded_end - n;
        fill(x, n, 4);
        fill(cmp_b + 1, n, 4);
        EXPECT(memcmp(x, cmp_b + 1, n) == 0 && memcmp(cmp_b + 1, x, n) == 0, "memcmp at page end, %zu", n);
    }
}

/* ---- strlen, strnlen ------------------------------------------------------------------------------ */

static char str_a[MAX_LEN + 2 * ALIGNS + 16], str_b[MAX_LEN + 2 * ALIGNS + 16];

static char *string_at(char *buf, size_t align, size_t len, unsigned seed)
{
    char *s = buf + align;
    fill((unsigned char *)s, len, seed);
    s[len] = 0;
    s[len + 1] = 'x';   /* bytes after the terminator must not count */
    return s;
}

static void test_strlen(void)
{
    for (size_t a = 0; a < ALIGNS; a++)
        for (size_t len = 0; len <= MAX_LEN; len++) {
            char *s = string_at(str_a, a, len, (unsigned)a);
            EXPECT(strlen(s) == len, "strlen at +%zu of %zu", a, len);
            EXPECT(strnlen(s, len) == len && strnlen(s, len + 1) == len && strnlen(s, (size_t)-1) == len,
                   "strnlen at +%zu of %zu", a, len);
            if (len) EXPECT(strnlen(s, len - 1) == len - 1 && strnlen(s, len / 2) == len / 2, "strnlen short at +%zu of %zu", a, len);
        }
    for (size_t len = 0; len <= MAX_LEN; len++) {
        char *s = string_at_page_end(len, 2);
        EXPECT(strlen(s) == len && strnlen(s, len + 100) == len, "strlen at page end, %zu", len);
        /* strnlen's bound is at the page end: no terminator needed past it. */
        char *t = (char *)guarded_end - len;
        fill((unsigned char *)t, len, 6);
        EXPECT(strnlen(t, len) == len, "strnlen of an unterminated buffer at page end, %zu", len);
    }
}

/* ---- strchr, strchrnul, strrchr, memchr, rawmemchr --------------------------------------------- */

static void search_case(char *s, size_t len, const char *where)
{
    /* Look for each of a few characters: ones the string has (first and last copies differ), one it
     * has not, the terminator; c passed with bits above the byte, which must be ignored. */
    static const int wanted[] = { 0x41, 0x141, 0xc3, 0x7f, 1, 0 };
    for (size_t w = 0; w < sizeof wanted / sizeof *wanted; w++) {
        char c = (char)wanted[w];
        char *first = NULL, *last = NULL;
        for (size_t i = 0; i <= len; i++)
            if (s[i] == c) {
                if (!first) first = s + i;
                last = s + i;
            }
        EXPECT(strchr(s, wanted[w]) == first, "strchr(%s, %#x) len %zu", where, wanted[w], len);
        EXPECT(strrchr(s, wanted[w]) == last, "strrchr(%s, %#x) len %zu", where, wanted[w], len);
        EXPECT(strchrnul(s, wanted[w]) == (first ? first : s + len), "strchrnul(%s, %#x) len %zu", where, wanted[w], len);
        char *in_n = first && first < s + len ? first : NULL;
        EXPECT(memchr(s, wanted[w], len) == in_n, "memchr(%s, %#x) len %zu", where, wanted[w], len);
        if (first) EXPECT(rawmemchr(s, wanted[w]) == first, "rawmemchr(%s, %#x) len %zu", where, wanted[w], len);
    }
}

/* Places copies of 'A' (0x41) and 0xc3 in s at positions that depend on the case. */
static void plant(char *s, size_t len, size_t k)
{
    if (len == 0) return;
    s[(k * 7) % len] = 'A';
    s[(k * 13 + 5) % len] = 'A';
    s[(k * 3 + 1) % len] = (char)0xc3;
    for (size_t i = 0; i < len; i++)
        if (s[i] == 0x7f || s[i] == 1) s[i] = 2;   /* these two stay absent */
}

static void test_search(void)
{
    for (size_t a = 0; a < ALIGNS; a++)
        for (size_t len = 0; len <= MAX_LEN; len++) {
            char *s = string_at(str_a, a, len, (unsigned)len);
            plant(s, len, a + len);
            s[len + 1] = 'A';   /* after the terminator: never found */
            search_case(s, len, "aligned");
        }
    for (size_t len = 0; len <= MAX_LEN; len++) {
        char *s = string_at_page_end(len, 8);
        plant(s, len, len);
        search_case(s, len, "page end");
    }
}

/* ---- strcmp, strncmp ------------------------------------------------------------------------------- */

static void compare_case(const char *a, const char *b, const char *where)
{
    int want = ref_strncmp(a, b, (size_t)-1);
    EXPECT(sign(strcmp(a, b)) == want && sign(strcmp(b, a)) == -want, "strcmp(%s) len %zu/%zu", where, ref_strlen(a), ref_strlen(b));
    size_t la = ref_strlen(a);
    static const size_t bounds[] = { 0, 1, 7, 15, 16, 17, 31, 64 };
    for (size_t i = 0; i < sizeof bounds / sizeof *bounds; i++) {
        size_t n = bounds[i];
        EXPECT(sign(strncmp(a, b, n)) == ref_strncmp(a, b, n), "strncmp(%s, %zu)", where, n);
        if (la >= n) {
            EXPECT(sign(strncmp(a, b, la - n)) == ref_strncmp(a, b, la - n), "strncmp(%s, len-%zu)", where, n);
            EXPECT(sign(strncmp(a, b, la + n)) == ref_strncmp(a, b, la + n), "strncmp(%s, len+%zu)", where, n);
        }
    }
}

static void test_strcmp(void)
{
    for (size_t aa = 0; aa < ALIGNS; aa++)
        for (size_t ba = 0; ba < ALIGNS; ba += (aa < 16 ? 1 : 7))
            for (size_t len = 0; len <= MAX_LEN; len += (len < 40 ? 1 : 13)) {
                char *a = string_at(str_a, aa, len, 4), *b = string_at(str_b, ba, len, 4);
                compare_case(a, b, "equal");
                if (len) {
                    size_t at = (aa + ba * 3 + len) % len;
                    b[at] = (char)(a[at] + ((len & 1) ? 1 : -1));   /* wraps at 0xff: unsigned order */
                    if (b[at] == 0) b[at] = (char)0x80;
                    compare_case(a, b, "differ");
                    b[at] = a[at];
                    b[len - 1 - (aa % len)] = 0;   /* b shorter */
                    compare_case(a, b, "prefix");
                }
            }
    /* Either string, or both, ending at the guarded page's end; the other at every alignment. */
    for (size_t len = 0; len <= MAX_LEN; len++)
        for (size_t ba = 0; ba < 32; ba++) {
            char *a = string_at_page_end(len, 4), *b = string_at(str_b, ba, len, 4);
            compare_case(a, b, "page end");
            compare_case(b, a, "page end, other side");
            if (len) {
                b[len / 2] = (char)0xfe;
                compare_case(a, b, "page end, differ");
                b[len - 1] = 0;
                compare_case(a, b, "page end, prefix");
            }
        }
}

/* ---- strcpy, stpcpy ---------------------------------------------------------------------------------- */

static void test_strcpy(void)
{
    for (size_t sa = 0; sa < ALIGNS; sa++)
        for (size_t da = 0; da < ALIGNS; da += 3)
            for (size_t len = 0; len <= MAX_LEN; len += (len < 70 ? 1 : 9)) {
                char *s = sa < ALIGNS - 1 ? string_at(str_a, sa, len, 7) : string_at_page_end(len, 7);
                char *d = (char *)dst_buf + 64 + da;
                memset(dst_buf, 0x55, len + 200);
                char *r = (len & 1) ? strcpy(d, s) : stpcpy(d, s);
                EXPECT(r == ((len & 1) ? d : d + len), "str/stpcpy result, %zu from +%zu to +%zu", len, sa, da);
                EXPECT(ref_memcmp((unsigned char *)d, (unsigned char *)s, len + 1) == 0 && (unsigned char)d[len + 1] == 0x55 &&
                       dst_buf[63 + da] == 0x55, "str/stpcpy copy, %zu from +%zu to +%zu", len, sa, da);
            }
}

/* ---- strspn, strcspn, strpbrk ------------------------------------------------------------------------ */

static void span_case(const char *s, const char *set, const char *where)
{
    size_t in = 0, out = 0;
    while (s[in] && ref_in(set, s[in])) in++;
    while (s[out] && !ref_in(set, s[out])) out++;
    EXPECT(strspn(s, set) == in, "strspn(%s, %zu-byte set)", where, ref_strlen(set));
    EXPECT(strcspn(s, set) == out, "strcspn(%s, %zu-byte set)", where, ref_strlen(set));
    EXPECT(strpbrk(s, set) == (s[out] ? s + out : NULL), "strpbrk(%s, %zu-byte set)", where, ref_strlen(set));
}

static void test_spans(void)
{
    /* Sizes 0..5 and 26: the routines scan a set of one byte, of up to four, and a larger one differently. */
    static const char *sets[] = { "", "A", "\xc3", "AB", "\x01\x80\xff", "\xc3" "A\x7f\x02", "ABCDE", "abcdefghijklmnopqrstuvwxyz" };
    for (size_t a = 0; a < 16; a++)
        for (size_t len = 0; len <= MAX_LEN; len += (len < 40 ? 1 : 11)) {
            for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
                char *s = string_at(str_a, a, len, 10);
                plant(s, len, a * 3 + len);
                span_case(s, sets[k], "planted");
                /* A run of set bytes first, for strspn. */
                for (size_t i = 0; i < len / 2 && sets[k][0]; i++) s[i] = sets[k][i % ref_strlen(sets[k])];
                span_case(s, sets[k], "run");
                char *p = string_at_page_end(len, 10);
                span_case(p, sets[k], "page end");
            }
        }
}

int main(void)
{
    make_patterns();
    map_guard();
    struct { const char *name; void (*run)(void); } tests[] = {
        { "memcpy/memmove", test_copies }, { "memmove overlaps", test_overlaps }, { "memset", test_memset },
        { "memcmp", test_memcmp }, { "strlen/strnlen", test_strlen }, { "strchr/strrchr/memchr", test_search },
        { "strcmp/strncmp", test_strcmp }, { "strcpy/stpcpy", test_strcpy }, { "strspn/strcspn/strpbrk", test_spans },
    };
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
        long before = cases;
        int failed = failures;
        tests[i].run();
        printf("%s: %ld cases, %d failed\n", tests[i].name, cases - before, failures - failed);
    }
    if (failures == 0) printf("strings.c: ok\n");
    return failures != 0;
}
