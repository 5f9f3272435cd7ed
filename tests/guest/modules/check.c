/* check.c - output, string helpers and the subcommand dispatcher for the module test programs. gcc
 * may call memset/memcpy/memmove/memcmp for structure copies even with -nolibc, so they are here too
 * (compiled with -fno-tree-loop-distribute-patterns so that they do not call themselves). */
#include "check.h"

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--) *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    if (p < q) while (n--) *p++ = *q++;
    else while (n--) p[n] = q[n];
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n--; p++, q++) if (*p != *q) return *p - *q;
    return 0;
}

size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

int str_starts(const char *s, const char *prefix)
{
    while (*prefix) if (*s++ != *prefix++) return 0;
    return 1;
}

int mem_eq(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n) == 0;
}

void put_str(int fd, const char *s)
{
    size_t n = str_len(s);
    while (n > 0) {
        long w = sys(__NR_write, fd, s, n);
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

void put_num(int fd, long value)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long u = value < 0 ? -(unsigned long)value : (unsigned long)value;
    *--p = 0;
    do *--p = (char)('0' + u % 10); while (u /= 10);
    if (value < 0) *--p = '-';
    put_str(fd, p);
}

void put_line(int fd, const char *name, long value)
{
    put_str(fd, name);
    put_str(fd, "=");
    put_num(fd, value);
    put_str(fd, "\n");
}

char *path_join(char *buf, const char *dir, const char *name)
{
    char *p = buf;
    while (*dir) *p++ = *dir++;
    *p++ = '/';
    while (*name) *p++ = *name++;
    *p = 0;
    return buf;
}

long now_ns(int clock)
{
    struct timespec t;
    if (sys(__NR_clock_gettime, clock, &t) != 0) return -1;
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

void check_failed(const char *file, int line, const char *expression, long got, long want)
{
    put_str(2, "FAIL ");
    put_str(2, file);
    put_str(2, ":");
    put_num(2, line);
    put_str(2, ": ");
    put_str(2, expression);
    put_str(2, " = ");
    put_num(2, got);
    put_str(2, " (want ");
    put_num(2, want);
    put_str(2, ")\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        put_str(2, "usage: PROGRAM TEST [ARGS...]\n");
        return 2;
    }
    for (const struct test *t = tests; t->name; t++)
        if (str_eq(t->name, argv[1])) return t->run(argc - 2, argv + 2);
    put_str(2, "unknown test: ");
    put_str(2, argv[1]);
    put_str(2, "\n");
    return 2;
}
