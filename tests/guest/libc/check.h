/* check.h - a tiny assertion helper for the C library tests: each failed check prints where and
 * what, and the program's status is the number of failures. */
#ifndef CHECK_H
#define CHECK_H
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static int check_failures __attribute__((unused));   /* a program may use on_windows() alone */

#define CHECK(cond) do { if (!(cond)) { check_failures++; \
    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); if (strcmp(g_, w_) != 0) { \
    check_failures++; fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); } } while (0)
/* Whether the program runs on the Windows host (uname's version says "Windows" there). A check of something
 * Windows cannot have expects the answer docs/hosts.md gives for it there, and Linux's everywhere else. */
static inline int on_windows(void)
{
    struct utsname u;
    return uname(&u) == 0 && strcmp(u.version, "Windows") == 0;
}

/* Writes `text` to the file at `path`, made or emptied first: 0, or -1. */
static inline int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    int written = fputs(text, f) >= 0;
    return fclose(f) == 0 && written ? 0 : -1;
}

#define CHECK_DONE() (printf("%s: %s\n", __FILE__, check_failures ? "FAILED" : "ok"), check_failures)
#endif
