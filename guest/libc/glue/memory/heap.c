/* heap.c - sbrk for newlib's malloc: the break grows on demand, by mapping read-write pages right
 * above it (MAP_FIXED_NOREPLACE, through the memory module), and shrinks by unmapping them. Nothing is
 * reserved ahead, so the heap costs only what it holds, RLIMIT_AS and RLIMIT_DATA bound it exactly as
 * they bound a native program's brk heap (private writable pages count against both), and the memory
 * module unmaps it with the guest's other mappings when the instance ends (docs/libc.md, "The heap").
 *
 * Where: a region starts at the first free address of a grid from 16 TiB up, 64 GiB apart. Linux
 * places mappings without an address top-down from below the stack, so a heap placed that way would
 * have the next mapping right above it; the grid lies below where Linux puts position-independent
 * executables (85 TiB) and its bottom-up base (42 TiB, under `ulimit -s unlimited`), where nothing is
 * usually mapped, and is far enough apart that instances running side by side each get room to grow.
 * When the pages above the break are taken, the heap goes on in a new region higher up: newlib's
 * malloc takes a break that jumped upwards as another sbrk user's (mallocr.c, malloc_extend_top: the
 * old top chunk is fenced off and freed) and fails only if it went down. No region left: ENOMEM.
 *
 * malloc calls sbrk under its own lock, so the break needs no lock of its own. */
#include "libc_internal.h"
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define GRID_BASE ((uintptr_t)16 << 40)     /* the first place a region may start */
#define GRID_SPACING ((uintptr_t)64 << 30)  /* between the places a region may start */
#define USER_TOP ((uintptr_t)1 << 47)       /* the end of user space (x86-64, 4-level paging) */
#define STEP ((uintptr_t)256 << 10)         /* pages are mapped (and kept past the break) this many at a time */
#define PAGE ((uintptr_t)4096)

static uintptr_t region;   /* the start of the region the break is in; 0 before the first sbrk */
static uintptr_t brk_now;  /* the break */
static uintptr_t mapped;   /* the end of the region's mapped pages */

static uintptr_t round_up(uintptr_t n, uintptr_t to) { return (n + to - 1) & ~(to - 1); }

/* Maps `length` read-write bytes at exactly `at`: 0, or the syscall's -errno (-EEXIST: something is
 * there; -ENOMEM: a resource limit, or no memory). */
static long map_at(uintptr_t at, uintptr_t length)
{
    long r = mc_sys6(SYS_mmap, (long)at, (long)length, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (r < 0 && r >= -4095) return r;
    if ((uintptr_t)r != at) {   /* a host that took the address as a hint only: not ours to keep */
        mc_sys(SYS_munmap, r, (long)length, 0, 0);
        return -EEXIST;
    }
    return 0;
}

/* Maps `length` bytes at `at`, in whole steps if the limits and the neighbours allow, else just the
 * pages asked for: the bytes mapped, or -errno as map_at. */
static long grow_at(uintptr_t at, uintptr_t length)
{
    uintptr_t generous = round_up(length, STEP);
    long r = map_at(at, generous);
    if (r < 0 && generous > length) {
        generous = length;
        r = map_at(at, generous);
    }
    return r < 0 ? r : (long)generous;
}

/* Starts a new region for `length` bytes at the first free grid place at or above `from`. */
static int new_region(uintptr_t from, uintptr_t length)
{
    uintptr_t at = from <= GRID_BASE ? GRID_BASE : GRID_BASE + round_up(from - GRID_BASE, GRID_SPACING);
    for (; at < USER_TOP && length <= USER_TOP - at; at += GRID_SPACING) {
        long got = grow_at(at, length);
        if (got == -EEXIST) continue;
        if (got < 0) return -1;
        region = brk_now = at;
        mapped = at + (uintptr_t)got;
        return 0;
    }
    return -1;
}

void *sbrk(ptrdiff_t increment)
{
    if (increment == 0) return (void *)(region ? brk_now : GRID_BASE);
    uintptr_t old = brk_now;
    if (increment < 0) {
        uintptr_t less = -(uintptr_t)increment;
        if (!region || less > brk_now - region) {
            errno = ENOMEM;
            return (void *)-1;
        }
        brk_now -= less;
        /* Pages wholly above the break go, but for one step kept for the next growth. */
        uintptr_t keep = round_up(brk_now, PAGE) + STEP;
        if (mapped > keep && mc_sys(SYS_munmap, (long)keep, (long)(mapped - keep), 0, 0) == 0) mapped = keep;
        return (void *)old;
    }
    uintptr_t more = (uintptr_t)increment;
    if (region && more <= USER_TOP - brk_now) {
        if (brk_now + more <= mapped) {
            brk_now += more;
            return (void *)old;
        }
        long got = grow_at(mapped, round_up(brk_now + more, PAGE) - mapped);
        if (got >= 0) {
            mapped += (uintptr_t)got;
            brk_now += more;
            return (void *)old;
        }
        if (got != -EEXIST) {
            errno = ENOMEM;
            return (void *)-1;
        }
    }
    /* The first sbrk, or the pages above are taken: a region of its own, above the old one. */
    if (more > USER_TOP || new_region(region ? mapped : 0, round_up(more, PAGE)) != 0) {
        errno = ENOMEM;
        return (void *)-1;
    }
    brk_now += more;
    return (void *)region;
}
