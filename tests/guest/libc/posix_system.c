/* posix_system: the POSIX and Linux process and system functions - select/pselect, getrusage,
 * resource limits, sysinfo and processor counts, process groups and sessions, timegm, clearenv,
 * sigsetjmp/siglongjmp, the CPU-time interval timers a guest cannot have, dlopen's failures, pthread names
 * and pthread_atfork, scheduling priority, the user and group databases, printf's %m and fopen's
 * "e", sigaltstack. */
#define _GNU_SOURCE
#include "check.h"
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Programs look for these to know they are on a POSIX system with its options. */
#if !defined(_POSIX_VERSION) || _POSIX_VERSION < 200809L || !defined(_POSIX_SEMAPHORES) || !defined(_XOPEN_VERSION)
#error "_POSIX_VERSION, _POSIX_SEMAPHORES or _XOPEN_VERSION is missing"
#endif

/* Another process than this one, for the calls that must answer ESRCH for it. Not simply the parent:
   started as a pid namespace's first process, the parent is 0, which these calls take to mean "self". */
static pid_t other_process(void)
{
    pid_t parent = getppid();
    return parent != 0 ? parent : getpid() + 1;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void test_select(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    fd_set readable, writable;

    /* Nothing to read: the timeout passes (not early), and Linux's select reports none left. */
    FD_ZERO(&readable);
    FD_SET(p[0], &readable);
    struct timeval timeout = { 0, 150000 };
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    CHECK(select(p[0] + 1, &readable, NULL, NULL, &timeout) == 0);
    clock_gettime(CLOCK_MONOTONIC, &end);
    CHECK(seconds_between(&start, &end) >= 0.15 && seconds_between(&start, &end) < 5);
    CHECK(!FD_ISSET(p[0], &readable));
    CHECK(timeout.tv_sec == 0 && timeout.tv_usec == 0);

    /* Readable once written; the write end is writable; a long timeout keeps what is left. */
    CHECK(write(p[1], "x", 1) == 1);
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    FD_SET(p[0], &readable);
    FD_SET(p[1], &readable);
    FD_SET(p[1], &writable);
    timeout = (struct timeval){ 10, 0 };
    CHECK(select(p[1] + 1, &readable, &writable, NULL, &timeout) == 2);
    CHECK(FD_ISSET(p[0], &readable) && !FD_ISSET(p[1], &readable) && FD_ISSET(p[1], &writable));
    CHECK(timeout.tv_sec >= 9 && timeout.tv_sec <= 10);

    /* A zero timeout polls; NULL sets only wait. */
    timeout = (struct timeval){ 0, 0 };
    FD_ZERO(&readable);
    FD_SET(p[0], &readable);
    CHECK(select(p[0] + 1, &readable, NULL, NULL, &timeout) == 1);
    CHECK(select(0, NULL, NULL, NULL, &(struct timeval){ 0, 20000 }) == 0);

    /* The write end closed: the read end is readable (end of file) after the byte is read. */
    char c;
    CHECK(read(p[0], &c, 1) == 1);
    close(p[1]);
    FD_ZERO(&readable);
    FD_SET(p[0], &readable);
    CHECK(select(p[0] + 1, &readable, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &readable));

    /* A closed descriptor in a set: EBADF. Bad arguments: EINVAL. */
    FD_ZERO(&readable);
    FD_SET(p[1], &readable);
    CHECK(select(p[1] + 1, &readable, NULL, NULL, &(struct timeval){ 0, 0 }) == -1 && errno == EBADF);
    CHECK(select(-1, NULL, NULL, NULL, &(struct timeval){ 0, 0 }) == -1 && errno == EINVAL);
    CHECK(select(1, NULL, NULL, NULL, &(struct timeval){ 0, 1000000 }) == -1 && errno == EINVAL);

    /* pselect: a timespec timeout, left unchanged. */
    FD_ZERO(&readable);
    FD_SET(p[0], &readable);
    struct timespec ts = { 0, 1000000 };
    sigset_t mask;
    sigemptyset(&mask);
    CHECK(pselect(p[0] + 1, &readable, NULL, NULL, &ts, &mask) == 1 && ts.tv_nsec == 1000000);
    close(p[0]);

    /* Descriptors beyond newlib's old FD_SETSIZE of 64. */
    CHECK(FD_SETSIZE >= 1024);
    int q[2];
    CHECK(pipe(q) == 0);
    int high = dup2(q[1], 700);
    CHECK(high == 700);
    FD_ZERO(&writable);
    FD_SET(700, &writable);
    CHECK(select(701, NULL, &writable, NULL, &(struct timeval){ 1, 0 }) == 1 && FD_ISSET(700, &writable));
    close(700);
    close(q[0]);
    close(q[1]);
}

static double cpu_seconds(const struct rusage *u)
{
    return (double)u->ru_utime.tv_sec + (double)u->ru_utime.tv_usec / 1e6 +
           (double)u->ru_stime.tv_sec + (double)u->ru_stime.tv_usec / 1e6;
}

static void test_rusage_and_limits(void)
{
    /* 0.3 s of this thread's CPU time (measured by its clock, so a busy machine only makes it
     * slower) shows in the process's and the thread's usage. */
    struct rusage before, after, thread_before, thread;
    CHECK(getrusage(RUSAGE_SELF, &before) == 0 && getrusage(RUSAGE_THREAD, &thread_before) == 0);
    volatile double x = 0;
    struct timespec start, now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    do {
        for (int i = 0; i < 100000; i++) x += i * 0.5;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    } while (seconds_between(&start, &now) < 0.3);
    CHECK(getrusage(RUSAGE_THREAD, &thread) == 0 && getrusage(RUSAGE_SELF, &after) == 0);
    CHECK(cpu_seconds(&thread) - cpu_seconds(&thread_before) >= 0.25);
    CHECK(cpu_seconds(&after) - cpu_seconds(&before) >= 0.25);
    CHECK(cpu_seconds(&thread) <= cpu_seconds(&after) + 0.01);
    CHECK(after.ru_maxrss > 1000);   /* KiB: a .NET process is tens of MiB */
    CHECK(after.ru_utime.tv_usec >= 0 && after.ru_utime.tv_usec < 1000000);
    CHECK(getrusage(RUSAGE_CHILDREN, &thread) == 0);
    CHECK(getrusage(5, &thread) == -1 && errno == EINVAL);

    struct rlimit files, changed, back;
    CHECK(getrlimit(RLIMIT_NOFILE, &files) == 0);
    CHECK(files.rlim_cur >= 64 && files.rlim_cur <= files.rlim_max);
    CHECK(sysconf(_SC_OPEN_MAX) == (long)files.rlim_cur);
    changed = files;
    changed.rlim_cur = files.rlim_cur - 1;
    CHECK(setrlimit(RLIMIT_NOFILE, &changed) == 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &back) == 0 && back.rlim_cur == files.rlim_cur - 1 && back.rlim_max == files.rlim_max);
    CHECK(prlimit(0, RLIMIT_NOFILE, &files, &back) == 0 && back.rlim_cur == files.rlim_cur - 1);
    CHECK(getrlimit(RLIMIT_NOFILE, &back) == 0 && back.rlim_cur == files.rlim_cur);
    changed.rlim_cur = files.rlim_max;
    changed.rlim_max = files.rlim_max;
    if (files.rlim_max != RLIM_INFINITY) {
        changed.rlim_cur = files.rlim_max + 1;
        CHECK(setrlimit(RLIMIT_NOFILE, &changed) == -1 && errno == EINVAL);   /* soft above hard */
    }
    CHECK(getrlimit(RLIMIT_NLIMITS, &back) == -1 && errno == EINVAL);
    CHECK(prlimit(getpid(), RLIMIT_STACK, NULL, &back) == 0 && back.rlim_cur > 0);
    CHECK(prlimit(other_process(), RLIMIT_STACK, NULL, &back) == -1 && errno == ESRCH);
    CHECK(getrlimit(RLIMIT_AS, &back) == 0);
}

static void test_priority(void)
{
    /* The nice value of the calling thread (as on Linux), moved by nice() and setpriority(). */
    errno = 0;
    int start = getpriority(PRIO_PROCESS, 0);
    CHECK(errno == 0 && start >= -20 && start <= 19);
    if (start < 19) {
        CHECK(nice(1) == start + 1 && getpriority(PRIO_PROCESS, 0) == start + 1);
        CHECK(getpriority(PRIO_PROCESS, getpid()) == start + 1);
        /* Lowering it again needs privilege: it works as root, and is EACCES otherwise. */
        int r = setpriority(PRIO_PROCESS, 0, start);
        CHECK(r == 0 ? getpriority(PRIO_PROCESS, 0) == start : errno == EACCES && geteuid() != 0);
    }
    CHECK(setpriority(PRIO_PROCESS, 0, 100) == 0 && getpriority(PRIO_PROCESS, 0) == 19);   /* clamped */
    CHECK(getpriority(PRIO_PROCESS, other_process()) == -1 && errno == ESRCH);
    CHECK(getpriority(42, 0) == -1 && errno == EINVAL);
    CHECK(getpriority(PRIO_USER, getuid()) >= -20);
}

static void test_users_and_groups(void)
{
    /* The host's /etc/passwd and /etc/group: root is user and group 0 on every Linux system. */
    struct passwd *pw = getpwuid(0);
    CHECK(pw != NULL && strcmp(pw->pw_name, "root") == 0 && pw->pw_gid == 0 && pw->pw_dir[0] == '/');
    pw = getpwnam("root");
    CHECK(pw != NULL && pw->pw_uid == 0 && pw->pw_shell != NULL);
    errno = 0;
    CHECK(getpwnam("no-such-user-microcosm") == NULL && errno == 0);
    CHECK(getpwuid(4000000000u) == NULL);
    struct passwd entry, *found;
    char small[8], large[4096];
    CHECK(getpwnam_r("root", &entry, small, sizeof small, &found) == ERANGE && found == NULL);
    CHECK(getpwuid_r(0, &entry, large, sizeof large, &found) == 0 && found == &entry && strcmp(entry.pw_name, "root") == 0);
    CHECK(getpwnam_r("no-such-user-microcosm", &entry, large, sizeof large, &found) == 0 && found == NULL);
    int users = 0, saw_root = 0;
    setpwent();
    while ((pw = getpwent()) != NULL) {
        users++;
        saw_root |= pw->pw_uid == 0;
    }
    endpwent();
    CHECK(users >= 1 && saw_root);

    struct group *gr = getgrgid(0);
    CHECK(gr != NULL && strcmp(gr->gr_name, "root") == 0 && gr->gr_mem != NULL);
    CHECK(getgrnam("root") != NULL && getgrnam("root")->gr_gid == 0);
    struct group gentry, *gfound;
    CHECK(getgrgid_r(0, &gentry, small, sizeof small, &gfound) == ERANGE);
    CHECK(getgrnam_r("root", &gentry, large, sizeof large, &gfound) == 0 && gfound == &gentry && gentry.gr_gid == 0);
    int groups_seen = 0;
    while ((gr = getgrent()) != NULL) groups_seen++;
    endgrent();
    CHECK(groups_seen >= 1);
    gid_t list[64];
    int count = 64;
    CHECK(getgrouplist("root", 0, list, &count) >= 1 && list[0] == 0);
    count = 0;
    CHECK(getgrouplist("root", 0, list, &count) == -1 && count >= 1);

    int n = getgroups(0, NULL);
    CHECK(n >= 0 && n <= 64 && getgroups(64, list) == n);
    if (n > 0) CHECK(getgroups(n - 1 > 0 ? n - 1 : 0, list) == (n - 1 > 0 ? -1 : n));
}

static void test_glibc_extensions(void)
{
    /* printf's %m is strerror(errno); fopen's "e" is close-on-exec. */
    char text[128];
    errno = ENOENT;
    snprintf(text, sizeof text, "<%m>");
    CHECK_STR(text, "<No such file or directory>");
    FILE *f = fopen("/dev/null", "re");
    CHECK(f != NULL && (fcntl(fileno(f), F_GETFD) & FD_CLOEXEC));
    if (f) fclose(f);
    f = fopen("/dev/null", "r");
    CHECK(f != NULL && !(fcntl(fileno(f), F_GETFD) & FD_CLOEXEC));
    if (f) fclose(f);

    /* sigaltstack: remembered and reported back (no signal ever runs on it). */
    static char stack_memory[1 << 16];
    stack_t stack = { .ss_sp = stack_memory, .ss_size = sizeof stack_memory, .ss_flags = 0 }, old;
    CHECK(sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE));
    CHECK(sigaltstack(&stack, NULL) == 0);
    CHECK(sigaltstack(NULL, &old) == 0 && old.ss_sp == stack_memory && old.ss_size == sizeof stack_memory);
    stack.ss_size = 16;
    CHECK(sigaltstack(&stack, NULL) == -1 && errno == ENOMEM);
    stack.ss_flags = SS_DISABLE;
    CHECK(sigaltstack(&stack, NULL) == 0 && sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE));
}

static void test_system_information(void)
{
    struct sysinfo info;
    CHECK(sysinfo(&info) == 0);
    CHECK(info.uptime > 0 && info.mem_unit > 0 && info.totalram > 0 && info.freeram <= info.totalram);
    CHECK(info.procs > 0);
    long pages = sysconf(_SC_PHYS_PAGES);
    CHECK(pages > 0 && (unsigned long long)pages * 4096 / info.mem_unit <= info.totalram + 4096);
    CHECK(get_phys_pages() == pages && get_avphys_pages() <= pages);

    int online = get_nprocs(), configured = get_nprocs_conf();
    CHECK(online >= 1 && configured >= online);
    CHECK(sysconf(_SC_NPROCESSORS_ONLN) == online && sysconf(_SC_NPROCESSORS_CONF) == configured);
    cpu_set_t set;
    CHECK(sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) == online);
    CHECK(sched_getaffinity(getpid(), sizeof set, &set) == 0);
    CHECK(sched_getaffinity(0, 3, &set) == -1 && errno == EINVAL);
    CHECK(sched_getaffinity(other_process(), sizeof set, &set) == -1 && errno == ESRCH);
    int cpu = sched_getcpu();
    CHECK(cpu >= 0 && cpu < configured);
}

/* The host's own account of this process's group and session: fields 5 and 6 of /proc/self/stat
   (after the parenthesised command name, which may itself hold spaces or parentheses). */
static void host_group_and_session(pid_t *group, pid_t *session)
{
    char text[1024];
    int fd = open("/proc/self/stat", O_RDONLY);
    CHECK(fd >= 0);
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    CHECK(n > 0);
    text[n] = 0;
    char *after_name = strrchr(text, ')');
    CHECK(after_name != NULL);
    int parent, g, s;
    CHECK(sscanf(after_name + 1, " %*c %d %d %d", &parent, &g, &s) == 3);
    *group = g, *session = s;
}

static void test_process_groups(void)
{
    pid_t group = getpgrp(), session = getsid(0);
    /* Not "> 0": in a container whose session leader is outside its pid namespace, the host says 0. */
    if (!on_windows()) {   /* Linux's /proc/self/stat; Windows has none (a program started from outside Microcosm leads its own group and session) */
        pid_t host_group, host_session;
        host_group_and_session(&host_group, &host_session);
        CHECK(group == host_group && session == host_session);
    } else {
        CHECK(group == getpid() && session == getpid());
    }
    CHECK(getpgid(0) == group && getpgid(getpid()) == group && getsid(getpid()) == session);
    CHECK(getpgid(other_process()) >= 0 && getsid(other_process()) >= 0);   /* any process's */
    CHECK(getpgid(0x3ffffff0) == -1 && errno == ESRCH && getsid(0x3ffffff0) == -1 && errno == ESRCH);   /* no such process */
    CHECK(setpgid(other_process(), 0) == -1 && errno == ESRCH);
    CHECK(setpgid(0, -1) == -1 && errno == EINVAL);
    /* A process group leader cannot start a session (the host process is left as it is otherwise). */
    if (group == getpid()) CHECK(setsid() == -1 && errno == EPERM);
}

static void test_timegm(void)
{
    struct tm tm = { .tm_year = 100, .tm_mon = 0, .tm_mday = 1 };
    CHECK(timegm(&tm) == 946684800);
    CHECK(tm.tm_wday == 6 && tm.tm_yday == 0 && tm.tm_isdst == 0);   /* a Saturday */
    tm = (struct tm){ .tm_year = 70, .tm_mday = 1 };
    CHECK(timegm(&tm) == 0);
    tm = (struct tm){ .tm_year = 69, .tm_mon = 11, .tm_mday = 31, .tm_hour = 23, .tm_min = 59, .tm_sec = 59 };
    CHECK(timegm(&tm) == -1);
    tm = (struct tm){ .tm_year = 138, .tm_mon = 0, .tm_mday = 19, .tm_hour = 3, .tm_min = 14, .tm_sec = 8 };
    CHECK(timegm(&tm) == 2147483648LL);
    tm = (struct tm){ .tm_year = 124, .tm_mon = 1, .tm_mday = 29 };   /* a leap day */
    CHECK(timegm(&tm) == 1709164800 && tm.tm_yday == 59);
    /* Out-of-range fields carry: month 13 of 2020 is February 2021; day 0 is the month's eve. */
    tm = (struct tm){ .tm_year = 120, .tm_mon = 13, .tm_mday = 0, .tm_hour = 25, .tm_isdst = 1 };
    time_t t = timegm(&tm);
    CHECK(t == 1612141200);   /* 2021-02-01 01:00:00 */
    CHECK(tm.tm_year == 121 && tm.tm_mon == 1 && tm.tm_mday == 1 && tm.tm_hour == 1 && tm.tm_isdst == 0);
    tm = (struct tm){ .tm_year = 100, .tm_mon = -1, .tm_mday = 1, .tm_sec = -1 };
    CHECK(timegm(&tm) == 944006399);   /* 1999-11-30 23:59:59 */
    struct tm back;
    time_t now = time(NULL);
    CHECK(gmtime_r(&now, &back) != NULL && timegm(&back) == now);
}

static void test_clearenv(void)
{
    CHECK(setenv("MC_CLEARENV_A", "1", 1) == 0 && getenv("MC_CLEARENV_A") != NULL);
    CHECK(clearenv() == 0);
    CHECK(getenv("MC_CLEARENV_A") == NULL && getenv("PATH") == NULL);
    CHECK(environ != NULL && environ[0] == NULL);
    CHECK(setenv("MC_CLEARENV_B", "two", 1) == 0 && setenv("MC_CLEARENV_C", "three", 1) == 0);
    CHECK(getenv("MC_CLEARENV_B") && strcmp(getenv("MC_CLEARENV_B"), "two") == 0);
    CHECK(environ[0] != NULL && environ[2] == NULL);
    CHECK(clearenv() == 0 && getenv("MC_CLEARENV_B") == NULL);
}

static sigjmp_buf jump;
static jmp_buf plain_jump;

static void jump_back(int value) { siglongjmp(jump, value); }

static void test_sigsetjmp(void)
{
    sigset_t usr1, current;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    CHECK(sigprocmask(SIG_SETMASK, &usr1, NULL) == 0);

    volatile int rounds = 0;
    int r = sigsetjmp(jump, 1);   /* saves the mask {SIGUSR1} */
    rounds++;
    if (r == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        jump_back(7);
    }
    CHECK(r == 7 && rounds == 2);
    CHECK(sigprocmask(SIG_BLOCK, NULL, &current) == 0 && sigismember(&current, SIGUSR1));

    /* Without savemask the mask stays as changed; siglongjmp(env, 0) returns 1. */
    rounds = 0;
    r = sigsetjmp(jump, 0);
    rounds++;
    if (r == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        jump_back(0);
    }
    CHECK(r == 1 && rounds == 2);
    CHECK(sigprocmask(SIG_BLOCK, NULL, &current) == 0 && !sigismember(&current, SIGUSR1));

    rounds = 0;
    r = _setjmp(plain_jump);
    rounds++;
    if (r == 0) _longjmp(plain_jump, 3);
    CHECK(r == 3 && rounds == 2);
}

static void test_cpu_timers_and_loading(void)
{
    struct itimerval value, old;
    CHECK(getitimer(ITIMER_REAL, &value) == 0 && value.it_value.tv_sec == 0 && value.it_interval.tv_usec == 0);
    memset(&value, 0, sizeof value);
    CHECK(setitimer(ITIMER_REAL, &value, &old) == 0);   /* disarming works */
    value.it_value.tv_sec = 1;
    CHECK(setitimer(ITIMER_VIRTUAL, &value, NULL) == -1 && errno == ENOSYS);   /* the real timer works: timers.c */
    CHECK(setitimer(42, &value, NULL) == -1 && errno == EINVAL);
    CHECK(getitimer(42, &value) == -1 && errno == EINVAL);
    CHECK(alarm(0) == 0);

    /* dlopen's failures (what works: tests/guest/libc/dynload.c). */
    CHECK(dlerror() == NULL);
    CHECK(dlopen("libno-such-library.so.1", RTLD_NOW) == NULL);
    const char *message = dlerror();
    CHECK(message != NULL && strstr(message, "libno-such-library.so.1: cannot open shared object file"));
    CHECK(dlerror() == NULL);   /* read once */
    CHECK(dlsym(RTLD_DEFAULT, "no_such_symbol_anywhere") == NULL && (message = dlerror()) && strstr(message, "undefined symbol: no_such_symbol_anywhere"));
    CHECK(dlclose(NULL) != 0 && dlerror() != NULL);
}

static void nothing(void) {}

static void *named_worker(void *arg)
{
    char name[16];
    CHECK(pthread_getname_np(pthread_self(), name, sizeof name) == 0);
    CHECK_STR(name, "main-renamed");   /* a new thread starts with its creator's name */
    CHECK(pthread_setname_np(pthread_self(), (const char *)arg) == 0);
    CHECK(pthread_getname_np(pthread_self(), name, sizeof name) == 0);
    CHECK_STR(name, (const char *)arg);
    return NULL;
}

static void test_threads(const char *program)
{
    CHECK(pthread_atfork(nothing, nothing, nothing) == 0);
    char name[32];
    CHECK(pthread_getname_np(pthread_self(), name, sizeof name) == 0);
    const char *slash = strrchr(program, '/');
    char expected[16];
    snprintf(expected, sizeof expected, "%s", slash ? slash + 1 : program);
    CHECK_STR(name, expected);
    CHECK(pthread_getname_np(pthread_self(), name, 15) == ERANGE);
    CHECK(pthread_setname_np(pthread_self(), "0123456789abcdef") == ERANGE);
    CHECK(pthread_setname_np(pthread_self(), "main-renamed") == 0);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, named_worker, "worker-1") == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(pthread_getname_np(pthread_self(), name, sizeof name) == 0);
    CHECK_STR(name, "main-renamed");
}

int main(int argc, char **argv)
{
    (void)argc;
    test_select();
    test_rusage_and_limits();
    test_system_information();
    test_process_groups();
    test_timegm();
    test_sigsetjmp();
    test_cpu_timers_and_loading();
    test_threads(argv[0]);
    test_users_and_groups();
    test_glibc_extensions();
    test_priority();   /* leaves this thread at nice 19 */
    test_clearenv();   /* last: the environment is gone afterwards */
    return CHECK_DONE();
}
