/* sys/syslog.h - the system log (glibc's values, which the BSDs share): priorities, facilities,
 * openlog's options, and the functions (glue/log/syslog.c). Messages go to the host's syslog daemon
 * through its socket, /dev/log, as glibc sends them. */
#ifndef _SYS_SYSLOG_H_
#define _SYS_SYSLOG_H_
#include <stdarg.h>
#include <sys/cdefs.h>

/* Priorities (the low three bits of a priority). */
#define LOG_EMERG   0   /* system is unusable */
#define LOG_ALERT   1   /* action must be taken immediately */
#define LOG_CRIT    2   /* critical conditions */
#define LOG_ERR     3   /* error conditions */
#define LOG_WARNING 4   /* warning conditions */
#define LOG_NOTICE  5   /* normal but significant condition */
#define LOG_INFO    6   /* informational */
#define LOG_DEBUG   7   /* debug-level messages */

#define LOG_PRIMASK 0x07
#define LOG_PRI(p) ((p) & LOG_PRIMASK)
#define LOG_MAKEPRI(fac, pri) ((fac) | (pri))

/* Facilities (the bits above them). */
#define LOG_KERN     (0 << 3)
#define LOG_USER     (1 << 3)
#define LOG_MAIL     (2 << 3)
#define LOG_DAEMON   (3 << 3)
#define LOG_AUTH     (4 << 3)
#define LOG_SYSLOG   (5 << 3)
#define LOG_LPR      (6 << 3)
#define LOG_NEWS     (7 << 3)
#define LOG_UUCP     (8 << 3)
#define LOG_CRON     (9 << 3)
#define LOG_AUTHPRIV (10 << 3)
#define LOG_FTP      (11 << 3)
#define LOG_LOCAL0   (16 << 3)
#define LOG_LOCAL1   (17 << 3)
#define LOG_LOCAL2   (18 << 3)
#define LOG_LOCAL3   (19 << 3)
#define LOG_LOCAL4   (20 << 3)
#define LOG_LOCAL5   (21 << 3)
#define LOG_LOCAL6   (22 << 3)
#define LOG_LOCAL7   (23 << 3)

#define LOG_NFACILITIES 24
#define LOG_FACMASK 0x03f8
#define LOG_FAC(p) (((p) & LOG_FACMASK) >> 3)

/* setlogmask's masks. */
#define LOG_MASK(pri) (1 << (pri))
#define LOG_UPTO(pri) ((1 << ((pri) + 1)) - 1)

/* openlog's options. */
#define LOG_PID    0x01   /* the process id with each message */
#define LOG_CONS   0x02   /* to the console when the daemon cannot be reached */
#define LOG_ODELAY 0x04   /* connect on the first message (the default) */
#define LOG_NDELAY 0x08   /* connect now */
#define LOG_NOWAIT 0x10   /* (no effect: there are no child processes to wait for) */
#define LOG_PERROR 0x20   /* to stderr as well */

__BEGIN_DECLS
void openlog(const char *ident, int option, int facility);
void closelog(void);
int setlogmask(int mask);
void syslog(int priority, const char *format, ...) __attribute__((__format__(__printf__, 2, 3)));
void vsyslog(int priority, const char *format, va_list ap) __attribute__((__format__(__printf__, 2, 0)));
__END_DECLS
#endif
