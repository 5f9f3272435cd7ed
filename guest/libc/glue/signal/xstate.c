/* xstate.c - the vector registers of an interrupted thread, whole: the AVX (and AVX-512) upper halves as well as the
 * x87 and SSE state that fxsave holds.
 *
 * A thread interrupted where it computes, or at a fault its program handles, runs the C library, its handlers and the
 * core (whose code uses the AVX encodings, which clear the upper halves) before it resumes. Linux saves the whole
 * extended state in the signal frame; so does the fault entry (fault.c), with xsave on the fault area as it enters,
 * and the resume puts it back with xrstor. A handler's ucontext then holds it as Linux lays it out: uc_mcontext.fpregs
 * points to an xsave image in the standard format, its first 512 bytes fxsave's, with the software bytes Linux puts at
 * byte 464 (FP_XSTATE_MAGIC1, the sizes and the features) and FP_XSTATE_MAGIC2 just past its end, and uc_flags says
 * UC_FP_XSTATE. Saved: x87, SSE, AVX and AVX-512's three components, as the processor and the host enable them; not
 * the protection keys' register nor AMX's tiles (Linux saves those too). Without AVX, fxsave's image is all there is,
 * and it is what the core wrote. */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include <string.h>
#include <sys/ucontext.h>

#define FP_XSTATE_MAGIC1 0x46505853u
#define FP_XSTATE_MAGIC2 0x46505845u
#define SW_BYTES 464          /* fxsave's bytes the processor leaves to software */
#define HEADER 512            /* the xsave header: XSTATE_BV first */
#define SAVED_FEATURES 0xe7u  /* x87, SSE, AVX, AVX-512's opmask, ZMM_Hi256 and Hi16_ZMM */
#define UC_FP_XSTATE 1UL

/* Read by the fault entry and the resume (fault.c): what xsave saves, and its image's size; 0 without AVX. */
HIDDEN uint64_t __mc_xstate_mask;
HIDDEN uint32_t __mc_xstate_size;

struct sw_bytes {
    uint32_t magic1, extended_size;
    uint64_t xfeatures;
    uint32_t xstate_size;
};

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

void __mc_xstate_probe(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    if (!(r[2] & (1u << 27))) return;   /* OSXSAVE: the host enables xsave and says what in XCR0 */
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    uint64_t mask = (((uint64_t)high << 32) | low) & SAVED_FEATURES;
    if (!(mask & 4)) return;
    uint32_t size = HEADER + 64;
    for (int feature = 2; feature < 8; feature++) {
        if (!(mask & (1u << feature))) continue;
        cpuid(0xd, (uint32_t)feature, r);   /* eax its size, ebx its offset in the standard format */
        if (r[1] + r[0] > size) size = r[1] + r[0];
    }
    __atomic_store_n(&__mc_xstate_mask, mask, __ATOMIC_RELAXED);
    __atomic_store_n(&__mc_xstate_size, size, __ATOMIC_RELEASE);
}

unsigned char *__mc_xstate_finish(unsigned char *fxsave, unsigned char *xsaved)
{
    memset(fxsave + SW_BYTES, 0, 512 - SW_BYTES);   /* the core's copy may hold the host's own software bytes */
    if (!xsaved) return fxsave;
    /* fxsave's part as the core took it at the interruption (the same values), loaded whatever XSTATE_BV says. */
    memcpy(xsaved, fxsave, SW_BYTES);
    uint64_t present;
    memcpy(&present, xsaved + HEADER, sizeof present);
    present |= 3;
    memcpy(xsaved + HEADER, &present, sizeof present);
    struct sw_bytes sw = { FP_XSTATE_MAGIC1, __mc_xstate_size + 4, __mc_xstate_mask, __mc_xstate_size };
    memcpy(xsaved + SW_BYTES, &sw, sizeof sw);
    uint32_t magic2 = FP_XSTATE_MAGIC2;
    memcpy(xsaved + __mc_xstate_size, &magic2, sizeof magic2);
    return xsaved;
}

size_t __mc_xstate_room(void)
{
    uint32_t size = __atomic_load_n(&__mc_xstate_size, __ATOMIC_ACQUIRE);
    return size ? (size + 4 + 63) & ~(size_t)63 : 0;
}

void __mc_xstate_place(ucontext_t *uc, const unsigned char *image, unsigned char *room)
{
    memcpy(&uc->__fpregs_mem, image, sizeof uc->__fpregs_mem);
    memset((unsigned char *)&uc->__fpregs_mem + SW_BYTES, 0, 512 - SW_BYTES);
    uc->uc_mcontext.fpregs = &uc->__fpregs_mem;
    uint32_t magic;
    memcpy(&magic, image + SW_BYTES, sizeof magic);
    if (!room || magic != FP_XSTATE_MAGIC1) return;
    memcpy(room, image, __mc_xstate_size + 4);
    uc->uc_mcontext.fpregs = (struct _libc_fpstate *)room;
    uc->uc_flags |= UC_FP_XSTATE;
}
