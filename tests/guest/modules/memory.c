/* Tests of libmc-memory.so: file mappings (read through, written back), anonymous mappings,
 * munmap, mprotect (checked in /proc/self/maps), madvise and mremap, and their errors. */
#include <linux/mman.h>
#include "check.h"

#define PAGE 4096L

/* mapfile FILE: maps FILE read-only and copies it to stdout through the mapping; then maps it shared
 * and writable and upper-cases its first byte, which the C# test sees in the file afterwards. */
static int mapfile(int argc, char **argv)
{
    long fd = sys(__NR_openat, AT_FDCWD, argv[0], O_RDWR);
    CHECK(fd >= 0);
    struct stat st;
    CHECK_EQ(sys(__NR_fstat, fd, &st), 0);
    CHECK(st.st_size > 0);
    long p = sys(__NR_mmap, 0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(p > 0 && (p & (PAGE - 1)) == 0);
    CHECK_EQ(sys(__NR_write, 1, p, st.st_size), st.st_size);
    CHECK_EQ(sys(__NR_munmap, p, st.st_size), 0);

    /* a mapping at an offset of one page sees the file from there */
    if (st.st_size > PAGE) {
        char first[16];
        CHECK_EQ(sys(__NR_pread64, fd, first, sizeof first, PAGE), (long)sizeof first);
        p = sys(__NR_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
        CHECK(p > 0);
        CHECK(mem_eq((void *)p, first, sizeof first));
        CHECK_EQ(sys(__NR_munmap, p, PAGE), 0);
    }
    CHECK_EQ(sys(__NR_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, fd, 100), -EINVAL);   /* offset not a page */

    p = sys(__NR_mmap, 0, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p > 0);
    char *c = (char *)p;
    if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    CHECK_EQ(sys(__NR_msync, p, st.st_size, MS_SYNC), 0);
    CHECK_EQ(sys(__NR_msync, p, st.st_size, MS_SYNC | MS_ASYNC), -EINVAL);
    CHECK_EQ(sys(__NR_munmap, p, st.st_size), 0);
    CHECK_EQ(sys(__NR_close, fd), 0);

    /* a read-only descriptor cannot back a shared writable mapping */
    fd = sys(__NR_openat, AT_FDCWD, argv[0], O_RDONLY);
    CHECK_EQ(sys(__NR_mmap, 0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), -EACCES);
    CHECK_EQ(sys(__NR_close, fd), 0);
    CHECK_EQ(sys(__NR_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, 9999, 0), -EBADF);
    return 0;
}

/* The permissions /proc/self/maps shows for the mapping containing addr ("rw-p"), in out[5]. */
static int permissions_of(long addr, char out[5])
{
    static char maps[1 << 16];
    long fd = sys(__NR_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY);
    if (fd < 0) return -1;
    long n = 0, r;
    while (n < (long)sizeof maps - 1 && (r = sys(__NR_read, fd, maps + n, sizeof maps - 1 - n)) > 0) n += r;
    sys(__NR_close, fd);
    maps[n] = 0;
    for (char *line = maps; *line;) {
        unsigned long lo = 0, hi = 0;
        char *p = line;
        for (; *p != '-'; p++) lo = lo * 16 + (unsigned long)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        for (p++; *p != ' '; p++) hi = hi * 16 + (unsigned long)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        if ((unsigned long)addr >= lo && (unsigned long)addr < hi) {
            memcpy(out, p + 1, 4);
            out[4] = 0;
            return 0;
        }
        while (*line && *line != '\n') line++;
        if (*line) line++;
    }
    return -1;
}

/* anon: anonymous mappings, their protection, unmapping and the Linux meaning of MADV_DONTNEED. */
static int anon(int argc, char **argv)
{
    char perms[5];
    long p = sys(__NR_mmap, 0, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p > 0 && (p & (PAGE - 1)) == 0);
    unsigned char *m = (unsigned char *)p;
    for (long i = 0; i < 4 * PAGE; i++) CHECK_EQ(m[i], 0);          /* zero-filled */
    for (long i = 0; i < 4 * PAGE; i++) m[i] = (unsigned char)i;
    CHECK_EQ(permissions_of(p, perms), 0);
    CHECK(str_eq(perms, "rw-p"));

    /* mprotect the second page read-only: the host's view of the mapping changes */
    CHECK_EQ(sys(__NR_mprotect, p + PAGE, PAGE, PROT_READ), 0);
    CHECK_EQ(permissions_of(p + PAGE, perms), 0);
    CHECK(str_eq(perms, "r--p"));
    CHECK_EQ(m[PAGE + 5], (unsigned char)(PAGE + 5));                /* still readable */
    CHECK_EQ(sys(__NR_mprotect, p + PAGE, PAGE, PROT_NONE), 0);
    CHECK_EQ(permissions_of(p + PAGE, perms), 0);
    CHECK(str_eq(perms, "---p"));
    CHECK_EQ(sys(__NR_mprotect, p + PAGE, PAGE, PROT_READ | PROT_WRITE), 0);
    CHECK_EQ(sys(__NR_mprotect, p + 1, PAGE, PROT_READ), -EINVAL);   /* not page-aligned */
    CHECK_EQ(sys(__NR_mprotect, p, PAGE, 0x100), -EINVAL);           /* unknown protection */

    /* MADV_DONTNEED: private anonymous pages read as zero afterwards */
    CHECK_EQ(sys(__NR_madvise, p + 2 * PAGE, PAGE, MADV_DONTNEED), 0);
    CHECK_EQ(m[2 * PAGE + 7], 0);
    CHECK_EQ(m[3 * PAGE + 7], (unsigned char)(3 * PAGE + 7));        /* the next page is untouched */
    CHECK_EQ(sys(__NR_madvise, p, PAGE, MADV_WILLNEED), 0);
    long huge = sys(__NR_madvise, p, PAGE, MADV_HUGEPAGE);   /* a hint; EINVAL on kernels without THP */
    CHECK(huge == 0 || huge == -EINVAL);
    CHECK_EQ(sys(__NR_madvise, p, PAGE, 12345), -EINVAL);

    /* munmap the last page: MAP_FIXED_NOREPLACE can then take its place, but not an occupied one's */
    CHECK_EQ(sys(__NR_munmap, p + 3 * PAGE, PAGE), 0);
    CHECK_EQ(permissions_of(p + 3 * PAGE, perms), -1);
    long q = sys(__NR_mmap, p + 3 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK_EQ(q, p + 3 * PAGE);
    CHECK_EQ(sys(__NR_mmap, p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
    /* MAP_FIXED replaces: fresh zero pages */
    CHECK_EQ(sys(__NR_mmap, p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), p);
    CHECK_EQ(m[9], 0);

    /* mremap of a range that spans several mappings (the pieces made above) is EFAULT */
    CHECK_EQ(sys(__NR_mremap, p, 4 * PAGE, 8 * PAGE, MREMAP_MAYMOVE), -EFAULT);
    /* mremap of one mapping: grow (moving if needed), contents kept */
    long g = sys(__NR_mmap, 0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(g > 0);
    ((unsigned char *)g)[PAGE] = 0xab;
    long r = sys(__NR_mremap, g, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    CHECK(r > 0);
    CHECK_EQ(((unsigned char *)r)[PAGE], 0xab);
    CHECK_EQ(((unsigned char *)r)[40 * PAGE], 0);
    CHECK_EQ(sys(__NR_mremap, r, 64 * PAGE, 128 * PAGE, 0x80), -EINVAL);
    CHECK_EQ(sys(__NR_munmap, r, 64 * PAGE), 0);

    /* errors */
    CHECK_EQ(sys(__NR_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), -EINVAL);      /* length 0 */
    CHECK_EQ(sys(__NR_mmap, 0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL);                 /* no type */
    CHECK_EQ(sys(__NR_mmap, 0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x800000, -1, 0), -EOPNOTSUPP);
    CHECK_EQ(sys(__NR_mmap, 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL);
    CHECK_EQ(sys(__NR_munmap, p + 1, PAGE), -EINVAL);
    CHECK_EQ(sys(__NR_munmap, p, 0), -EINVAL);

    /* a large mapping that is never touched costs nothing: MAP_NORESERVE */
    long big = sys(__NR_mmap, 0, 1L << 34, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    CHECK(big > 0);
    CHECK_EQ(sys(__NR_munmap, big, 1L << 34), 0);
    return 0;
}

const struct test tests[] = {
    { "mapfile", mapfile },
    { "anon", anon },
    { 0, 0 },
};
