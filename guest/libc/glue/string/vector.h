/* vector.h - what the string and memory routines of this folder share: SSE2's 16-byte vectors (every
 * x86-64 CPU has them), AVX2's 32-byte ones for the long loops where the CPU has them (chosen once at
 * start: string/cpu.c), and unaligned scalar access.
 *
 * The rule that keeps a scan from faulting: a routine may read past the end of its object (the
 * terminator, or n) only within an aligned run of bytes (16 or 64) that holds a byte of the object:
 * such a run lies in one page, so the scan touches no page the object does not. Other loads read only
 * the object's bytes, or stay in the page of one (rest_of_page_holds). */
#ifndef GLUE_STRING_VECTOR_H
#define GLUE_STRING_VECTOR_H
#include <immintrin.h>
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

/* The four masks of a 64-byte run of blocks as one: bit i for byte i. */
static inline uint64_t bits64(unsigned m0, unsigned m1, unsigned m2, unsigned m3)
{
    return (uint64_t)m0 | (uint64_t)m1 << 16 | (uint64_t)m2 << 32 | (uint64_t)m3 << 48;
}

/* Bytes equal to `of` or zero come out zero, the others not (SSE2 has no byte "or equal" mask of two
 * tests, but an unsigned minimum of the byte and its difference from `of` is zero exactly there). */
static inline vec zero_where_equal_or_nul(vec v, vec of) { return _mm_min_epu8(_mm_xor_si128(v, of), v); }

/* The 64-aligned run of four blocks that holds p: a scan reads a whole run, which lies in one page.
 * A scan that starts mid-run drops the bits of the bytes before p. */
static inline const unsigned char *run_of(const void *p) { return (const unsigned char *)((uintptr_t)p & ~(uintptr_t)63); }
static inline unsigned place_in_run(const void *p) { return (unsigned)((uintptr_t)p & 63); }

/* The 16-aligned block that holds p, and p's place in it. */
static inline const unsigned char *block_of(const void *p) { return (const unsigned char *)((uintptr_t)p & ~(uintptr_t)15); }
static inline unsigned place_in_block(const void *p) { return (unsigned)((uintptr_t)p & 15); }

/* Whether n bytes from p stay within p's page (4 KiB: the smallest page any host has), so that an
 * unaligned load of them is safe whenever p itself is readable. */
static inline int rest_of_page_holds(const void *p, unsigned n) { return ((uintptr_t)p & 4095) <= 4096 - n; }

/* ---- AVX2 ---------------------------------------------------------------------------------------------
 * Whether the long loops may use AVX2: the CPU has it and the host saves the upper halves of the registers
 * (string/cpu.c decides before any program code runs; MICROCOSM_LIBC_VECTORS=sse2 keeps them on SSE2). The
 * functions that use it carry AVX2 (gcc ends each with vzeroupper, so SSE code after them pays no transition);
 * a routine goes to them only where its bytes are many enough to win back the call. */
extern int __mc_avx2 __attribute__((visibility("hidden")));
#define AVX2 __attribute__((target("avx2")))
#define AVX2_FROM 256

typedef __m256i vec32;

static inline AVX2 vec32 load32(const void *p) { return _mm256_loadu_si256((const vec32 *)p); }
static inline AVX2 vec32 load32_aligned(const void *p) { return _mm256_load_si256((const vec32 *)p); }
static inline AVX2 void store32(void *p, vec32 v) { _mm256_storeu_si256((vec32 *)p, v); }
static inline AVX2 void store32_aligned(void *p, vec32 v) { _mm256_store_si256((vec32 *)p, v); }
static inline AVX2 unsigned equal_bits32(vec32 v, vec32 of) { return (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, of)); }
static inline AVX2 unsigned zero_bits32(vec32 v) { return equal_bits32(v, _mm256_setzero_si256()); }
static inline AVX2 vec32 zero_where_equal_or_nul32(vec32 v, vec32 of) { return _mm256_min_epu8(_mm256_xor_si256(v, of), v); }

/* The masks of two 32-byte blocks as one, as bits64 for four 16-byte ones: bit i for byte i of the 64. */
static inline uint64_t bits64_of_pair(unsigned low, unsigned high) { return (uint64_t)low | (uint64_t)high << 32; }
/* The zero bytes of two 32-byte blocks, as one mask. */
static inline AVX2 uint64_t zero_bits64(vec32 low, vec32 high) { return bits64_of_pair(zero_bits32(low), zero_bits32(high)); }

#endif
