/* syslog.c - the system log as glibc writes it: each message is "<PRI>Mmm dd hh:mm:ss IDENT[PID]: TEXT"
 * sent to the host's syslog daemon on its socket, /dev/log (a datagram socket, or a stream one
 * where the daemon listens so, each message then ending with a NUL); LOG_PERROR writes
 * "IDENT[PID]: TEXT\n" to stderr too, and LOG_CONS writes to /dev/console when the daemon cannot
 * be reached. With no daemon (and no LOG_CONS), a message goes nowhere, as on Linux. The state is
 * the process's, behind one lock: the identity, options, facility, mask and the socket. */
#include "libc_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

extern char *program_invocation_short_name;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *log_ident;        /* NULL: the program's short name */
static int log_options;
static int log_facility = LOG_USER;
static int log_mask = 0xff;
static int log_fd = -1;
static int log_type;                 /* SOCK_DGRAM or SOCK_STREAM, once connected */

/* Connects to the daemon's socket: datagram first, stream when the daemon's socket is one. */
static void connect_log(void)
{
    if (log_fd >= 0) return;
    struct sockaddr_un address = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };
    const int types[] = { SOCK_DGRAM, SOCK_STREAM };
    for (unsigned i = 0; i < 2; i++) {
        int fd = socket(AF_UNIX, types[i] | SOCK_CLOEXEC, 0);
        if (fd < 0) return;
        if (connect(fd, (struct sockaddr *)&address, sizeof address) == 0) {
            log_fd = fd;
            log_type = types[i];
            return;
        }
        int error = errno;
        close(fd);
        if (error != EPROTOTYPE) return;
    }
}

static void disconnect_log(void)
{
    if (log_fd >= 0) close(log_fd);
    log_fd = -1;
}

/* Connects if need be and sends; a stream socket carries the terminating NUL, which separates
 * messages there. Returns whether the daemon took it. */
static int send_log(const char *message, size_t length)
{
    connect_log();
    size_t size = log_type == SOCK_STREAM ? length + 1 : length;
    return log_fd >= 0 && send(log_fd, message, size, MSG_NOSIGNAL) >= 0;
}

static void write_console(const char *text, size_t length)
{
    int fd = open("/dev/console", O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return;
    (void)!write(fd, text, length);
    (void)!write(fd, "\r\n", 2);
    close(fd);
}

void openlog(const char *ident, int option, int facility)
{
    pthread_mutex_lock(&log_lock);
    log_ident = ident;
    log_options = option;
    if (facility != 0 && (facility & ~LOG_FACMASK) == 0) log_facility = facility;
    if (option & LOG_NDELAY) connect_log();
    pthread_mutex_unlock(&log_lock);
}

void closelog(void)
{
    pthread_mutex_lock(&log_lock);
    disconnect_log();
    log_ident = NULL;
    pthread_mutex_unlock(&log_lock);
}

int setlogmask(int mask)
{
    pthread_mutex_lock(&log_lock);
    int old = log_mask;
    if (mask != 0) log_mask = mask;
    pthread_mutex_unlock(&log_lock);
    return old;
}

/* Formats the whole message into one buffer: the header, then the caller's text (errno restored
 * for its %m), without a trailing newline. *text_start is where the part stderr gets begins. */
static char *format_message(int priority, const char *format, va_list ap, int saved_errno,
                            size_t *length, size_t *text_start)
{
    char *buffer = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buffer, &size);
    if (!out) return NULL;
    time_t now = time(NULL);
    struct tm local;
    char stamp[32];
    strftime(stamp, sizeof stamp, "%b %e %T ", localtime_r(&now, &local));
    fprintf(out, "<%d>%s", priority, stamp);
    fflush(out);
    *text_start = size;
    const char *ident = log_ident ? log_ident : program_invocation_short_name;
    if (ident) fputs(ident, out);
    if (log_options & LOG_PID) fprintf(out, "[%d]", (int)getpid());
    if (ident) fputs(": ", out);
    errno = saved_errno;
    vfprintf(out, format, ap);
    if (fclose(out) != 0) { free(buffer); return NULL; }
    while (size > *text_start && buffer[size - 1] == '\n') buffer[--size] = '\0';
    *length = size;
    return buffer;
}

void vsyslog(int priority, const char *format, va_list ap)
{
    int saved_errno = errno;
    if (priority & ~(LOG_PRIMASK | LOG_FACMASK)) {   /* as glibc: say so, then log what is valid */
        syslog(LOG_ERR | LOG_CONS | LOG_PERROR | LOG_PID, "syslog: unknown facility/priority: %x", priority);
        priority &= LOG_PRIMASK | LOG_FACMASK;
    }
    pthread_mutex_lock(&log_lock);
    if ((LOG_MASK(LOG_PRI(priority)) & log_mask) == 0) {
        pthread_mutex_unlock(&log_lock);
        errno = saved_errno;
        return;
    }
    if ((priority & LOG_FACMASK) == 0) priority |= log_facility;
    size_t length = 0, text_start = 0;
    va_list copy;
    va_copy(copy, ap);
    char *message = format_message(priority, format, copy, saved_errno, &length, &text_start);
    va_end(copy);
    if (message) {
        if (log_options & LOG_PERROR) {
            struct iovec parts[2] = { { message + text_start, length - text_start }, { "\n", 1 } };
            (void)!writev(STDERR_FILENO, parts, 2);
        }
        int sent = send_log(message, length);
        if (!sent && log_fd >= 0) {           /* the daemon restarted: one new connection */
            disconnect_log();
            sent = send_log(message, length);
        }
        if (!sent && (log_options & LOG_CONS)) write_console(message + text_start, length - text_start);
        free(message);
    }
    pthread_mutex_unlock(&log_lock);
    errno = saved_errno;
}

void syslog(int priority, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsyslog(priority, format, ap);
    va_end(ap);
}
