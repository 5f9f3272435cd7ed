/* vector.h - what the string and memory routines of this folder share: SSE2's 16-byte vectors (every
 * x86-64 CPU has them, so no run-time selection is needed) and unaligned scalar access.
 *
 * The rule that keeps a scan from faulting: a routine may read past the end of its object (the
 * terminator, or n) only with a 16-byte load from a 16-aligned address, which lies in the same page as
 * a byte of the object and so cannot touch a page the object does not. Unaligned loads read only the
 * object's bytes. */
#ifndef GLUE_STRING_VECTOR_H
#define GLUE_STRING_VECTOR_H
#include <emmintrin.h>
#include <stddef.h>
#include <stdint.h>

typedef __m128i vec;

/* Unaligned scalars that may alias anything (the compiler turns these into single moves). */
typedef uint64_t __attribute__((may_alias, aligned(1))) u64_any;
typedef uint32_t __attribute__((may_alias, aligned(1))) u32_any;
typedef uint16_t __attribute__((may_alias, aligned(1))) u16_any;

static inline vec load(const void *p) { return _mm_loadu_si128((const vec *)p); }
static inline vec load_aligned(const void *p) { return _mm_load_si128((const vec *)p); }
static inline void store(void *p, vec v) { _mm_storeu_si128((vec *)p, v); }
static inline void store_aligned(void *p, vec v) { _mm_store_si128((vec *)p, v); }

/* One bit per byte of v equal to the byte in `of` (bit i for byte i). */
static inline unsigned equal_bits(vec v, vec of) { return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, of)); }
static inline unsigned zero_bits(vec v) { return equal_bits(v, _mm_setzero_si128()); }

/* The 16-aligned block that holds p, and p's place in it. */
static inline const unsigned char *block_of(const void *p) { return (const unsigned char *)((uintptr_t)p & ~(uintptr_t)15); }
static inline unsigned place_in_block(const void *p) { return (unsigned)((uintptr_t)p & 15); }

/* Whether 16 bytes from p stay within p's page (4 KiB: the smallest page any host has), so that an
 * unaligned load of them is safe whenever p itself is readable. */
static inline int rest_of_page_holds_16(const void *p) { return ((uintptr_t)p & 4095) <= 4096 - 16; }

#endif
