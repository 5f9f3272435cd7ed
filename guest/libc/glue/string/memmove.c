/* memmove.c - memmove and memcpy (one body: checking the direction costs one comparison, and a memcpy
 * that happens to be called on overlapping buffers then still works, as glibc's does in practice).
 *
 * Up to 128 bytes every load is made before the first store, which makes the short cases safe for any
 * overlap with no direction test. Longer moves copy 64 bytes a round with unaligned loads and aligned
 * stores, front to back when the destination is below the source (or apart from it) and back to front
 * when it overlaps the source from above (SQLite's b-tree shifts cells that way; newlib did that
 * byte by byte). The unaligned first and last pieces are loaded before the loop and stored after it:
 * the loop may overwrite their source bytes when the buffers overlap. */
#include "string/vector.h"
#include <string.h>

/* n <= 16: two possibly overlapping pieces of the largest size that fits twice. */
static inline void move_upto_16(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n >= 8) {
        uint64_t a = *(const u64_any *)s, b = *(const u64_any *)(s + n - 8);
        *(u64_any *)d = a;
        *(u64_any *)(d + n - 8) = b;
    } else if (n >= 4) {
        uint32_t a = *(const u32_any *)s, b = *(const u32_any *)(s + n - 4);
        *(u32_any *)d = a;
        *(u32_any *)(d + n - 4) = b;
    } else if (n >= 2) {
        uint16_t a = *(const u16_any *)s, b = *(const u16_any *)(s + n - 2);
        *(u16_any *)d = a;
        *(u16_any *)(d + n - 2) = b;
    } else if (n == 1) {
        *d = *s;
    }
}

/* 16 < n <= 64. */
static inline void move_upto_64(unsigned char *d, const unsigned char *s, size_t n)
{
    if (n <= 32) {
        vec a = load(s), b = load(s + n - 16);
        store(d, a);
        store(d + n - 16, b);
        return;
    }
    vec a = load(s), b = load(s + 16), c = load(s + n - 32), e = load(s + n - 16);
    store(d, a);
    store(d + 16, b);
    store(d + n - 32, c);
    store(d + n - 16, e);
}

/* 64 < n <= 128: the first 64 and the last 64, all loaded before any is stored. */
static inline void move_upto_128(unsigned char *d, const unsigned char *s, size_t n)
{
    vec h0 = load(s), h1 = load(s + 16), h2 = load(s + 32), h3 = load(s + 48);
    vec t0 = load(s + n - 64), t1 = load(s + n - 48), t2 = load(s + n - 32), t3 = load(s + n - 16);
    store(d, h0);
    store(d + 16, h1);
    store(d + 32, h2);
    store(d + 48, h3);
    store(d + n - 64, t0);
    store(d + n - 48, t1);
    store(d + n - 32, t2);
    store(d + n - 16, t3);
}

/* n > 128, d below s or apart from it: the loop's stores land only on source bytes it has loaded. */
static void move_forward(unsigned char *d, const unsigned char *s, size_t n)
{
    vec head = load(s);
    vec t0 = load(s + n - 64), t1 = load(s + n - 48), t2 = load(s + n - 32), t3 = load(s + n - 16);
    size_t k = 16 - place_in_block(d);   /* the first 16-aligned destination byte after d's first */
    for (; k + 64 <= n - 1; k += 64) {   /* leaves 1..64 bytes to the tail */
        vec a = load(s + k), b = load(s + k + 16), c = load(s + k + 32), e = load(s + k + 48);
        store_aligned(d + k, a);
        store_aligned(d + k + 16, b);
        store_aligned(d + k + 32, c);
        store_aligned(d + k + 48, e);
    }
    store(d + n - 64, t0);
    store(d + n - 48, t1);
    store(d + n - 32, t2);
    store(d + n - 16, t3);
    store(d, head);
}

/* n > 128, d above s within n bytes: from the end down, so each store lands above what is still to load. */
static void move_backward(unsigned char *d, const unsigned char *s, size_t n)
{
    vec tail = load(s + n - 16);
    vec h0 = load(s), h1 = load(s + 16), h2 = load(s + 32), h3 = load(s + 48);
    size_t k = n - place_in_block(d + n);   /* the destination's last 16-aligned end, n-15..n */
    for (; k > 64; k -= 64) {
        vec a = load(s + k - 16), b = load(s + k - 32), c = load(s + k - 48), e = load(s + k - 64);
        store_aligned(d + k - 16, a);
        store_aligned(d + k - 32, b);
        store_aligned(d + k - 48, c);
        store_aligned(d + k - 64, e);
    }
    store(d, h0);
    store(d + 16, h1);
    store(d + 32, h2);
    store(d + 48, h3);
    store(d + n - 16, tail);
}

/* The AVX2 forms of the two long moves (n >= AVX2_FROM), with the same order of loads and stores: 128 bytes a
 * round of unaligned 32-byte loads and aligned stores, the first 32 and the last 128 bytes (forward) or the first
 * 128 and the last 32 (backward) loaded before the loop and stored after it. */
static AVX2 void move_forward_avx2(unsigned char *d, const unsigned char *s, size_t n)
{
    vec32 head = load32(s);
    vec32 t0 = load32(s + n - 128), t1 = load32(s + n - 96), t2 = load32(s + n - 64), t3 = load32(s + n - 32);
    size_t k = 32 - ((uintptr_t)d & 31);   /* the first 32-aligned destination byte after d's first */
    for (; k + 128 <= n - 1; k += 128) {   /* leaves 1..128 bytes to the tail */
        vec32 a = load32(s + k), b = load32(s + k + 32), c = load32(s + k + 64), e = load32(s + k + 96);
        store32_aligned(d + k, a);
        store32_aligned(d + k + 32, b);
        store32_aligned(d + k + 64, c);
        store32_aligned(d + k + 96, e);
    }
    store32(d + n - 128, t0);
    store32(d + n - 96, t1);
    store32(d + n - 64, t2);
    store32(d + n - 32, t3);
    store32(d, head);
}

static AVX2 void move_backward_avx2(unsigned char *d, const unsigned char *s, size_t n)
{
    vec32 tail = load32(s + n - 32);
    vec32 h0 = load32(s), h1 = load32(s + 32), h2 = load32(s + 64), h3 = load32(s + 96);
    size_t k = n - ((uintptr_t)(d + n) & 31);   /* the destination's last 32-aligned end, n-31..n */
    for (; k > 128; k -= 128) {
        vec32 a = load32(s + k - 32), b = load32(s + k - 64), c = load32(s + k - 96), e = load32(s + k - 128);
        store32_aligned(d + k - 32, a);
        store32_aligned(d + k - 64, b);
        store32_aligned(d + k - 96, c);
        store32_aligned(d + k - 128, e);
    }
    store32(d, h0);
    store32(d + 32, h1);
    store32(d + 64, h2);
    store32(d + 96, h3);
    store32(d + n - 32, tail);
}

void *memmove(void *dest, const void *src, size_t n)
{
    unsigned char *d = dest;
    const unsigned char *s = src;
    if (n <= 16) {
        move_upto_16(d, s, n);
    } else if (n <= 64) {
        move_upto_64(d, s, n);
    } else if (n <= 128) {
        move_upto_128(d, s, n);
    } else if ((uintptr_t)d - (uintptr_t)s >= n) {
        /* d below s, or at least n above it: the unsigned difference is n or more. */
        if (n >= AVX2_FROM && __mc_avx2) move_forward_avx2(d, s, n);
        else move_forward(d, s, n);
    } else if (n >= AVX2_FROM && __mc_avx2) {
        move_backward_avx2(d, s, n);
    } else {
        move_backward(d, s, n);
    }
    return dest;
}

void *memcpy(void *restrict dest, const void *restrict src, size_t n) __attribute__((alias("memmove")));
