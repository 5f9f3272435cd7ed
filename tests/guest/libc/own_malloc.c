/* own_malloc: a program that brings its own malloc, free, calloc and realloc (as one linked with jemalloc, or with a
 * pool of its own, does) gets every block the C library hands it from its own malloc, and the library frees its blocks
 * with its own free: a block of another allocator given to the program's free is what crashes such a program. Built
 * natively too: the output must be glibc's. The pool never reuses a block; free only checks that the block is its own. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned char pool[4 << 20] __attribute__((aligned(16)));
static size_t used;
static long mallocs, frees, foreign;

static int ours(const void *p) { return (const unsigned char *)p >= pool && (const unsigned char *)p < pool + sizeof pool; }

void *malloc(size_t n)
{
    size_t step = (n + 31) & ~(size_t)15;
    if (n > sizeof pool || used + step > sizeof pool) return NULL;
    unsigned char *p = pool + used + 16;
    *(size_t *)(p - 16) = n;
    used += step;
    mallocs++;
    return p;
}

void free(void *p)
{
    if (!p) return;
    if (ours(p)) frees++;
    else foreign++;
}

void *calloc(size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n) return NULL;
    void *p = malloc(count * n);
    if (p) memset(p, 0, count * n);
    return p;
}

void *realloc(void *p, size_t n)
{
    if (p && !ours(p)) { foreign++; return NULL; }
    void *q = malloc(n);
    if (p && q) {
        size_t old = *(size_t *)((unsigned char *)p - 16);
        memcpy(q, p, old < n ? old : n);
        free(p);
    }
    return q;
}

static void say(const char *what, int yes) { printf("%s: %s\n", what, yes ? "yes" : "no"); }

int main(void)
{
    char *s = strdup("a string");
    say("strdup's copy is the program's block", ours(s) && strcmp(s, "a string") == 0);
    free(s);
    char *t = strndup("a longer string", 8);
    say("strndup's copy is the program's block", ours(t) && strcmp(t, "a longer") == 0);
    free(t);

    char *formatted = NULL;
    say("asprintf's string is the program's block", asprintf(&formatted, "%d and %s", 42, "more") > 0 && ours(formatted));
    free(formatted);

    int ends[2];
    if (pipe(ends) != 0 || write(ends[1], "first line\nsecond line\n", 23) != 23) return 2;
    close(ends[1]);
    long before = mallocs, freed = frees;
    FILE *f = fdopen(ends[0], "r");
    char *line = NULL;
    size_t capacity = 0;
    say("getline's buffer is the program's block", getline(&line, &capacity, f) == 11 && ours(line));
    free(line);
    fclose(f);
    say("a stream's buffer came from the program's malloc and went back to its free", mallocs > before && frees > freed + 1);

    char *memory = NULL;
    size_t length = 0;
    FILE *m = open_memstream(&memory, &length);
    fprintf(m, "%s", "written to memory");
    fclose(m);
    say("open_memstream's buffer is the program's block", ours(memory) && length == 17);
    free(memory);

    char *path = realpath(".", NULL);
    say("realpath's answer is the program's block", path && ours(path));
    free(path);

    struct dirent **names;
    int n = scandir("/", &names, NULL, alphasort);
    int all = n > 0 && ours(names);
    for (int i = 0; i < n; i++) {
        all &= ours(names[i]);
        free(names[i]);
    }
    free(names);
    say("scandir's list and entries are the program's blocks", all);

    printf("blocks of another allocator given to the program's free or realloc: %ld\n", foreign);
    return foreign != 0;
}
