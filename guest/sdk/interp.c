/*
 * microcosm-interp: the program interpreter (PT_INTERP) that `microcosm cc` writes into every
 * executable it links, so that a Microcosm program also starts when the host runs it directly
 * (`./prog`, a shell script, a test suite, autoconf's conftest). The host kernel maps the program
 * and this file and jumps here; nothing of the program runs natively: this execs
 *
 *     microcosm run --argv0 ARGV0 -- PROGRAM ARGS...
 *
 * with the same environment, where PROGRAM is /proc/self/exe (the file the kernel executed, as
 * ld.so's $ORIGIN sees it; AT_EXECFN if /proc is not mounted). Run as a program itself
 * (`microcosm-interp PROGRAM ARGS...`, like `ld.so PROGRAM`), it runs PROGRAM.
 *
 * It is a host-native static PIE with no C library and no relocations (the build checks: nothing
 * would apply them), so it uses only position-independent code, no initialized pointers, and the
 * raw Linux system calls below. MICROCOSM_CLI is the CLI's absolute path, set by the build.
 */
#include <stddef.h>

#ifndef MICROCOSM_CLI
#error "MICROCOSM_CLI (the microcosm CLI's absolute path) must be defined by the build"
#endif

#define SYS_write 1
#define SYS_readlink 89
#define SYS_execve 59
#define SYS_exit_group 231
#define AT_NULL 0
#define AT_ENTRY 9
#define AT_EXECFN 31
#define PATH_SIZE 4096
#define MAX_ARGS 4096

static long syscall3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}

static size_t length(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

static void say(const char *s) { syscall3(SYS_write, 2, (long)s, (long)length(s)); }

static void say_number(long v)
{
    char digits[24];
    int i = sizeof digits - 1;
    digits[i] = 0;
    do digits[--i] = (char)('0' + v % 10); while ((v /= 10) && i > 0);
    say(digits + i);
}

static __attribute__((noreturn)) void fail(const char *what, const char *name, long error)
{
    say("microcosm-interp: ");
    say(what);
    say(name);
    if (error) { say(" (errno "); say_number(error); say(")"); }
    say("\n");
    syscall3(SYS_exit_group, 127, 0, 0);
    __builtin_unreachable();
}

void _start(void);

/* The kernel's initial stack: argc, argv[argc], NULL, envp..., NULL, auxv pairs. */
__attribute__((noreturn, used)) void interp_main(long *stack)
{
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    char **p = envp;
    while (*p) p++;
    long entry = 0;
    const char *execfn = NULL;
    for (long *aux = (long *)(p + 1); aux[0] != AT_NULL; aux += 2) {
        if (aux[0] == AT_ENTRY) entry = aux[1];
        if (aux[0] == AT_EXECFN) execfn = (const char *)aux[1];
    }

    /* Started as the program itself: argv[1] is the program to run. */
    int direct = entry == (long)&_start;
    if (direct && argc < 2) fail("usage: microcosm-interp PROGRAM [ARGS...]", "", 0);
    char *program0 = direct ? argv[1] : argv[0];
    char **rest = direct ? argv + 2 : argv + 1;
    long nrest = direct ? argc - 2 : argc - 1;

    static char exe[PATH_SIZE];
    char *program;
    if (direct) {
        program = argv[1];
    } else {
        long n = syscall3(SYS_readlink, (long)"/proc/self/exe", (long)exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = 0;
            program = exe;
        } else if (execfn) {
            program = (char *)execfn;
        } else {
            fail("cannot tell which program the kernel started", "", 0);
        }
    }
    if (nrest > MAX_ARGS) fail("too many arguments", "", 0);

    static char *args[MAX_ARGS + 8];
    static char cli[] = MICROCOSM_CLI;
    static char run[] = "run", argv0[] = "--argv0", separator[] = "--";
    long i = 0;
    args[i++] = cli;
    args[i++] = run;
    args[i++] = argv0;
    args[i++] = program0 ? program0 : program;
    args[i++] = separator;
    args[i++] = program;
    for (long j = 0; j < nrest; j++) args[i++] = rest[j];
    args[i] = NULL;
    long error = syscall3(SYS_execve, (long)cli, (long)args, (long)envp);
    fail("cannot run the microcosm CLI ", cli, -error);
}

/* Entry from the kernel: rsp points at argc; align the stack for the C call. */
__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    mov %rsp, %rdi\n"
        "    and $-16, %rsp\n"
        "    call interp_main\n"
        "    hlt\n");
