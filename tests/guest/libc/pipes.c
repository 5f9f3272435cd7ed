/* pipes: a write nobody will read - SIGPIPE first, as on Linux: a handler runs and the write fails
 * with EPIPE; ignored, only EPIPE; send with MSG_NOSIGNAL, only EPIPE. Mode "default": the default
 * action ends the program with 141, as `yes | head -1` expects. */
#include "check.h"
#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static void on_pipe(int sig) { if (sig == SIGPIPE) caught++; }

static int broken_pipe(void)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    close(fds[0]);
    return fds[1];
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "default") == 0) {
        write(broken_pipe(), "x", 1);
        return 1;   /* not reached: SIGPIPE's default action ends the program */
    }
    signal(SIGPIPE, on_pipe);
    int fd = broken_pipe();
    errno = 0;
    CHECK(write(fd, "x", 1) == -1 && errno == EPIPE && caught == 1);
    signal(SIGPIPE, SIG_IGN);
    CHECK(write(fd, "x", 1) == -1 && errno == EPIPE && caught == 1);
    signal(SIGPIPE, on_pipe);
    int pair[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    close(pair[1]);
    CHECK(send(pair[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE && caught == 1);
    CHECK(send(pair[0], "x", 1, 0) == -1 && errno == EPIPE && caught == 2);
    return CHECK_DONE();
}
