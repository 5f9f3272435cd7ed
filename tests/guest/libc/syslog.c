/* syslog.c - the system log: LOG_PERROR's copy on stderr ("IDENT[PID]: TEXT\n", %m, the mask,
 * a default identity), and, where this process can stand in for the daemon (no /dev/log yet and
 * the right to create it), the messages the daemon receives on a datagram socket and on a stream
 * one ("<PRI>Mmm dd hh:mm:ss IDENT: TEXT", facility and priority, a NUL after each on a stream). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <sysexits.h>
#include <unistd.h>
#include "check.h"

/* Runs syslog with stderr sent to a file; returns what stderr received. */
static const char *captured_stderr(int priority, const char *text)
{
    static char got[512];
    char path[] = "/tmp/mc-syslog-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    unlink(path);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    syslog(priority, "%s", text);
    dup2(saved, STDERR_FILENO);
    close(saved);
    ssize_t n = pread(fd, got, sizeof got - 1, 0);
    got[n > 0 ? n : 0] = '\0';
    close(fd);
    return got;
}

static void perror_copy(void)
{
    char want[256];
    openlog("mctest", LOG_PID | LOG_PERROR, LOG_LOCAL3);
    snprintf(want, sizeof want, "mctest[%d]: value 42\n", (int)getpid());
    CHECK_STR(captured_stderr(LOG_WARNING, "value 42"), want);

    /* A trailing newline is not doubled; %m is strerror of errno at the call. */
    snprintf(want, sizeof want, "mctest[%d]: line\n", (int)getpid());
    CHECK_STR(captured_stderr(LOG_NOTICE, "line\n"), want);
    char path[] = "/tmp/mc-syslog-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    errno = ENOENT;
    syslog(LOG_ERR, "open %s: %m", "x");
    CHECK(errno == ENOENT);   /* syslog keeps errno */
    dup2(saved, STDERR_FILENO);
    close(saved);
    char got[256] = "";
    CHECK(pread(fd, got, sizeof got - 1, 0) > 0);
    close(fd);
    snprintf(want, sizeof want, "mctest[%d]: open x: No such file or directory\n", (int)getpid());
    CHECK_STR(got, want);

    /* The mask: LOG_UPTO(LOG_NOTICE) drops LOG_INFO and LOG_DEBUG; 0 only reads it. */
    int old = setlogmask(LOG_UPTO(LOG_NOTICE));
    CHECK(old == 0xff);
    CHECK(setlogmask(0) == LOG_UPTO(LOG_NOTICE));
    CHECK_STR(captured_stderr(LOG_DEBUG, "hidden"), "");
    CHECK_STR(captured_stderr(LOG_INFO, "hidden"), "");
    CHECK(strstr(captured_stderr(LOG_ERR, "shown"), "shown\n") != NULL);
    setlogmask(old);

    /* Without an identity, the program's name; without LOG_PID, no [pid]. */
    closelog();
    openlog(NULL, LOG_PERROR, 0);
    CHECK_STR(captured_stderr(LOG_INFO, "plain"), "syslog: plain\n");
    closelog();
}

/* Stands in for the daemon: a socket of TYPE bound at /dev/log. Returns -1 when it cannot be. */
static int daemon_socket(int type)
{
    struct sockaddr_un address = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
    int fd = socket(AF_UNIX, type, 0);
    if (fd < 0) return -1;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0 ||
        (type == SOCK_STREAM && listen(fd, 1) != 0)) { close(fd); return -1; }
    return fd;
}

/* "<PRI>Mmm dd hh:mm:ss TEXT": the header's shape, then the rest. */
static void check_message(const char *message, const char *pri, const char *rest)
{
    size_t pri_length = strlen(pri);
    CHECK(strncmp(message, pri, pri_length) == 0);
    const char *stamp = message + pri_length;
    CHECK(strlen(stamp) > 16 && stamp[3] == ' ' && stamp[6] == ' ' && stamp[9] == ':' &&
          stamp[12] == ':' && stamp[15] == ' ');
    CHECK_STR(stamp + 16, rest);
}

static void daemon_messages(void)
{
    if (access("/dev/log", F_OK) == 0) {
        puts("daemon socket: not checked (/dev/log is the host's)");
        return;
    }
    int daemon = daemon_socket(SOCK_DGRAM);
    if (daemon < 0) {
        printf("daemon socket: not checked (cannot create /dev/log: %s)\n", strerror(errno));
        return;
    }
    char got[512];
    openlog("mctest", LOG_NDELAY, LOG_DAEMON);
    syslog(LOG_INFO, "to the %s", "daemon");
    ssize_t n = recv(daemon, got, sizeof got - 1, 0);
    CHECK(n > 0);
    got[n > 0 ? n : 0] = '\0';
    check_message(got, "<30>", "mctest: to the daemon");          /* LOG_DAEMON | LOG_INFO */
    syslog(LOG_LOCAL7 | LOG_CRIT, "own facility");
    n = recv(daemon, got, sizeof got - 1, 0);
    got[n > 0 ? n : 0] = '\0';
    check_message(got, "<186>", "mctest: own facility");         /* LOG_LOCAL7 | LOG_CRIT */
    closelog();
    close(daemon);
    unlink("/dev/log");

    /* A daemon listening on a stream socket: the datagram connection fails, the stream one is
     * used, and each message ends with a NUL. */
    daemon = daemon_socket(SOCK_STREAM);
    CHECK(daemon >= 0);
    openlog("mctest", 0, LOG_USER);
    syslog(LOG_NOTICE, "on a stream");
    int peer = accept(daemon, NULL, NULL);
    CHECK(peer >= 0);
    n = recv(peer, got, sizeof got - 1, 0);
    CHECK(n > 0 && got[n - 1] == '\0');
    got[n > 0 ? n : 0] = '\0';
    check_message(got, "<13>", "mctest: on a stream");
    closelog();
    close(peer);
    close(daemon);
    unlink("/dev/log");
    puts("daemon socket: checked");
}

int main(void)
{
    CHECK(EX_USAGE == 64 && EX_CONFIG == 78);
    perror_copy();
    daemon_messages();
    return CHECK_DONE();
}
