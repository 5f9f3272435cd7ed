/* edges.c - edge cases gnulib's tests check, as glibc answers them: calloc whose size overflows
 * fails with ENOMEM (it returned a small block), strerror and perror of an unknown number say
 * "Unknown error N" (they said nothing), and fcntl reports EBADF for a bad descriptor whatever the
 * command, with F_GETOWN/F_SETOWN. */
#define _GNU_SOURCE   /* the GNU strerror_r, as glibc declares it */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"

static size_t identity(size_t n) { return n; }

int main(void)
{
    for (size_t n = 2; n != 0; n <<= 1) {
        errno = 0;
        void *volatile p = calloc(SIZE_MAX / n + 1, identity(n));
        CHECK(p == NULL && errno == ENOMEM);
        errno = 0;
        p = calloc(PTRDIFF_MAX / n + 1, identity(n));
        CHECK(p == NULL && errno == ENOMEM);
    }
    void *p = calloc(1000, 1000);
    CHECK(p != NULL && ((char *)p)[999999] == 0);
    free(p);

    CHECK_STR(strerror(-3), "Unknown error -3");
    CHECK_STR(strerror(9999), "Unknown error 9999");
    char buf[64];
    CHECK_STR(strerror_r(4242, buf, sizeof buf), "Unknown error 4242");
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (f) {
        int saved = dup(2);
        CHECK(dup2(fileno(f), 2) == 2);
        errno = 777;
        perror("x");
        fflush(stderr);
        CHECK(dup2(saved, 2) == 2);
        close(saved);
        rewind(f);
        CHECK(fgets(buf, sizeof buf, f) != NULL);
        CHECK_STR(buf, "x: Unknown error 777\n");
        fclose(f);
    }

    errno = 0;
    CHECK(fcntl(-1, F_GETOWN) == -1 && errno == EBADF);
    errno = 0;
    CHECK(fcntl(-1, 12345) == -1 && errno == EBADF);
    errno = 0;
    CHECK(fcntl(0, 12345) == -1 && errno == EINVAL);
    int fds[2];
    CHECK(pipe(fds) == 0);
    if (on_windows())   /* no signals for I/O there */
        CHECK(fcntl(fds[0], F_SETOWN, getpid()) == -1 && errno == EINVAL && fcntl(fds[0], F_GETOWN) == 0);
    else
        CHECK(fcntl(fds[0], F_SETOWN, getpid()) == 0 && fcntl(fds[0], F_GETOWN) == getpid());
    close(fds[0]);
    close(fds[1]);
    return CHECK_DONE();
}
