/* heap: the C library's heap and mappings, for the tests of their limits and of their release.
 *   heap            mallocs blocks of several sizes, writes to them and frees some; maps a page right
 *                   where the heap would grow next and mallocs again (the heap goes on above it); maps
 *                   pages and cuts, moves, shrinks and replaces some of them; leaves it all mapped and
 *                   exits 0: what the end of an instance must give back
 *   heap fault      the same, then writes through a null pointer (SIGSEGV): given back all the same
 *   heap MIB        allocates MIB mebibytes in blocks of 1 MiB (touching the first and last byte of each),
 *                   then prints "allocated MIB MiB" and exits 0; or prints "malloc failed after N MiB:
 *                   ERRNO" as soon as malloc returns NULL, and exits 1
 * Built natively too (heap-native): the limit tests compare how far each gets. */
#define _GNU_SOURCE   /* mremap, for the native build */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGES(n) ((size_t)(n) * 4096)

/* Sixteen pages, then: a hole cut in the middle, a piece moved elsewhere (grown), one shrunk, one
 * replaced with MAP_FIXED. Everything that is left stays mapped. */
static int remap(void)
{
    char *p = mmap(NULL, PAGES(16), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 1;
    p[0] = 1;
    if (munmap(p + PAGES(4), PAGES(2)) != 0) return 1;
    if (mremap(p + PAGES(8), PAGES(2), PAGES(64), MREMAP_MAYMOVE) == MAP_FAILED) return 1;
    if (mremap(p + PAGES(12), PAGES(4), PAGES(1), 0) != p + PAGES(12)) return 1;
    if (mmap(p, PAGES(2), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != p) return 1;
    return 0;
}

/* The heap grows by mapping pages at its break, 256 KiB at a time: a mapping made there first sends
 * it to a new region above (Microcosm's C library only: a native heap would fall back to mmap). */
static int jump(void)
{
    const uintptr_t step = 256 << 10;
    uintptr_t next = ((uintptr_t)sbrk(0) + step) & ~(step - 1);
    if (mmap((void *)next, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != (void *)next)
        return 1;
    size_t size = 8 << 20;   /* more than any free block or the top of the heap holds */
    char *p = malloc(size);
    if (!p || (uintptr_t)p < next) return 1;
    p[0] = p[size - 1] = 1;
    return 0;
}

static int churn(void)
{
    static const size_t sizes[] = { 16, 200, 4096, 100000, 1 << 20, 3 << 20 };
    void *kept[sizeof sizes / sizeof sizes[0]];
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *p = malloc(sizes[i]);
        if (!p) return 1;
        p[0] = p[sizes[i] - 1] = (char)i;   /* touching every page would make the test time page faults */
        kept[i] = p;
    }
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i += 2) free(kept[i]);
    return jump() || remap();
}

int main(int argc, char **argv)
{
    if (argc < 2) return churn();
    if (strcmp(argv[1], "fault") == 0) {
        if (churn() != 0) return 1;
        *(volatile int *)0 = 1;
        return 2;
    }
    long want = strtol(argv[1], NULL, 10);
    for (long got = 0; got < want; got++) {
        char *p = malloc(1 << 20);
        if (!p) {
            int error = errno;
            printf("malloc failed after %ld MiB: %s\n", got, error == ENOMEM ? "ENOMEM" : strerror(error));
            return 1;
        }
        p[0] = p[(1 << 20) - 1] = 1;
    }
    printf("allocated %ld MiB\n", want);
    return 0;
}
