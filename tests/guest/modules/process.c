/* Tests of libmc-process.so: ids, uname, random bytes, the ABI version, and ending a thread or the
 * whole program (exit, exit_group) from any thread - also while other threads wait in the modules. */
#include <linux/futex.h>
#include <linux/utsname.h>
#include "check.h"

#ifndef GRND_NONBLOCK
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#endif

/* info: prints the ids and uname fields for the C# test to compare with the host. */
static int info(int argc, char **argv)
{
    put_line(1, "pid", sys(__NR_getpid));
    put_line(1, "ppid", sys(__NR_getppid));
    put_line(1, "uid", sys(__NR_getuid));
    put_line(1, "euid", sys(__NR_geteuid));
    put_line(1, "gid", sys(__NR_getgid));
    put_line(1, "egid", sys(__NR_getegid));
    put_line(1, "tid", sys(__NR_gettid));
    put_line(1, "abi", mc_abi_version());
    put_line(1, "abi_header", MC_ABI_VERSION);
    struct new_utsname u;
    memset(&u, 0x55, sizeof u);
    CHECK_EQ(sys(__NR_uname, &u), 0);
    const char *names[] = { "sysname", "nodename", "release", "machine" };
    const char *values[] = { u.sysname, u.nodename, u.release, u.machine };
    for (int i = 0; i < 4; i++) {
        put_str(1, names[i]);
        put_str(1, "=");
        put_str(1, values[i]);
        put_str(1, "\n");
    }
    CHECK(str_len(u.version) < sizeof u.version && str_len(u.domainname) < sizeof u.domainname);
    CHECK_EQ(sys(__NR_sched_yield), 0);
    return 0;
}

static intptr_t report_tid(intptr_t unused)
{
    return sys(__NR_gettid);
}

/* random: getrandom fills what it is asked, with bytes that differ between calls. */
static int random(int argc, char **argv)
{
    static unsigned char a[100000], b[100000];
    CHECK_EQ(sys(__NR_getrandom, a, sizeof a, 0), (long)sizeof a);
    CHECK_EQ(sys(__NR_getrandom, b, sizeof b, GRND_NONBLOCK), (long)sizeof b);
    /* all 256 byte values appear in 100000 random bytes, and the two buffers differ almost everywhere */
    int seen[256] = { 0 }, same = 0;
    for (unsigned i = 0; i < sizeof a; i++) seen[a[i]] = 1, same += a[i] == b[i];
    for (int v = 0; v < 256; v++) CHECK_EQ(seen[v], 1);
    CHECK(same < 1000);                                   /* about 390 expected */
    /* a short request, an empty one, and a buffer edge that must not be overrun */
    unsigned char c[8] = { 0 };
    CHECK_EQ(sys(__NR_getrandom, c, 3, GRND_RANDOM), 3);
    CHECK_EQ(c[3], 0);
    CHECK_EQ(sys(__NR_getrandom, c, 0, 0), 0);
    CHECK_EQ(sys(__NR_getrandom, c, 8, 0x40), -EINVAL);
    CHECK_EQ(sys(__NR_getrandom, c, 8, GRND_RANDOM | GRND_INSECURE), -EINVAL);

    /* while here: gettid is the Microcosm thread id */
    CHECK_EQ(sys(__NR_gettid), mc_thread_id());
    long tid = mc_thread_spawn(report_tid, 0, 0);
    intptr_t reported = 0;
    CHECK_EQ(mc_thread_join(tid, &reported), 0);
    CHECK_EQ(reported, tid);
    return 0;
}

/* ---- ending ---------------------------------------------------------------------------------------- */

static intptr_t exits_thread(intptr_t status)
{
    sys(__NR_exit, status);
    return -1;                                            /* never reached */
}

/* exit: exit(60) ends only the calling thread; its status (low 8 bits, as on Linux) is the join value. */
static int exit_thread(int argc, char **argv)
{
    long tid = mc_thread_spawn(exits_thread, 300, 0);
    intptr_t value = 0;
    CHECK_EQ(mc_thread_join(tid, &value), 0);
    CHECK_EQ(value, 300 & 0xff);
    return 0;
}

static int32_t never = 0;

static intptr_t waits_forever(intptr_t unused)
{
    return sys(__NR_futex, &never, FUTEX_WAIT_PRIVATE, 0, 0);
}

static intptr_t sleeps_long(intptr_t unused)
{
    struct timespec d = { 60, 0 };
    return sys(__NR_nanosleep, &d, 0);
}

static intptr_t reads_forever(intptr_t fd)
{
    struct pollfd { int fd; short events, revents; } p = { (int)fd, 1, 0 };
    return sys(__NR_poll, &p, 1, -1);
}

static intptr_t ends_program(intptr_t status)
{
    struct timespec d = { 0, 50000000 };                  /* let the others start waiting */
    sys(__NR_nanosleep, &d, 0);
    sys(__NR_exit_group, status);
    return -1;                                            /* never reached */
}

/* exitgroup STATUS: a thread calls exit_group(STATUS) while main waits in join and three threads wait
 * in the modules (a futex, a 60 s sleep, a poll on an empty pipe). The program's status is STATUS,
 * and it ends at once - the waits pass a checkpoint where the core ends them. */
static int exit_group(int argc, char **argv)
{
    long status = 0;
    for (const char *p = argv[0]; *p; p++) status = status * 10 + (*p - '0');
    int fds[2];
    CHECK_EQ(sys(__NR_pipe2, fds, 0), 0);
    CHECK(mc_thread_spawn(waits_forever, 0, 0) > 0);
    CHECK(mc_thread_spawn(sleeps_long, 0, 0) > 0);
    CHECK(mc_thread_spawn(reads_forever, fds[0], 0) > 0);
    long tid = mc_thread_spawn(ends_program, status, 0);
    CHECK(tid > 0);
    intptr_t value;
    mc_thread_join(tid, &value);
    return 99;                                            /* never reached: main was killed in join */
}

/* exitmain STATUS: exit_group from the main thread itself, with another thread asleep. */
static int exit_main(int argc, char **argv)
{
    long status = 0;
    for (const char *p = argv[0]; *p; p++) status = status * 10 + (*p - '0');
    CHECK(mc_thread_spawn(sleeps_long, 0, 0) > 0);
    sys(__NR_exit_group, status);
    return 98;
}

const struct test tests[] = {
    { "info", info },
    { "random", random },
    { "exit", exit_thread },
    { "exitgroup", exit_group },
    { "exitmain", exit_main },
    { 0, 0 },
};
