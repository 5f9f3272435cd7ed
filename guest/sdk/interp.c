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
 * The CLI is found from where this file is, as the SDK lays them out in the build tree and in an
 * install (`make install PREFIX=DIR`): this file is SDK/lib/microcosm-interp and the CLI is
 * SDK/../bin/microcosm; in the dotnet tool's package, where the tool's executable lies beside the SDK, it is
 * SDK/../Microcosm.Cli (docs/install.md). Its own path is the program's PT_INTERP (read from the program headers the
 * kernel passes), or /proc/self/exe when it runs as a program. So nothing here names a build
 * directory, and an installed tree keeps working wherever it is moved (docs/install.md).
 *
 * It is a host-native static PIE with no C library and no relocations (the build checks: nothing
 * would apply them), so it uses only position-independent code, no initialized pointers, and the
 * raw Linux system calls below.
 */
#include <stddef.h>

#define SYS_write 1
#define ENOENT 2
#define SYS_readlink 89
#define SYS_execve 59
#define SYS_exit_group 231
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHNUM 5
#define AT_ENTRY 9
#define PT_INTERP 3
#define PT_PHDR 6
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

struct phdr { unsigned type, flags; unsigned long offset, vaddr, paddr, filesz, memsz, align; };

/* The program's PT_INTERP string (this file's path as the program names it), or NULL. */
static const char *interpreter_path(const struct phdr *phdrs, long count)
{
    long bias = -1;
    for (long i = 0; i < count; i++)
        if (phdrs[i].type == PT_PHDR) bias = (long)phdrs - (long)phdrs[i].vaddr;
    if (bias < 0) return NULL;
    for (long i = 0; i < count; i++)
        if (phdrs[i].type == PT_INTERP) return (const char *)(bias + phdrs[i].vaddr);
    return NULL;
}

/* SDK/lib/microcosm-interp -> SDK/../TAIL: three components off, then TAIL (bin/microcosm). */
static void cli_beside(const char *interp, const char *where, char *cli, long size)
{
    long n = (long)length(interp);
    if (n + 16 >= size) fail("the interpreter's path is too long: ", interp, 0);
    for (long i = 0; i < n; i++) cli[i] = interp[i];
    cli[n] = 0;
    for (int k = 0; k < 3; k++) {
        while (n > 0 && cli[n - 1] != '/') n--;         /* the last component */
        while (n > 1 && cli[n - 1] == '/') n--;         /* its slashes */
        cli[n] = 0;
    }
    if (n == 0) fail("cannot find the microcosm CLI from the interpreter's path ", interp, 0);
    if (!(n == 1 && cli[0] == '/')) cli[n++] = '/';
    for (long i = 0; where[i]; i++) cli[n++] = where[i];
    cli[n] = 0;
}

/* The kernel's initial stack: argc, argv[argc], NULL, envp..., NULL, auxv pairs. */
__attribute__((noreturn, used)) void interp_main(long *stack)
{
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;
    char **p = envp;
    while (*p) p++;
    long entry = 0, phnum = 0;
    const struct phdr *phdrs = NULL;
    const char *execfn = NULL;
    for (long *aux = (long *)(p + 1); aux[0] != AT_NULL; aux += 2) {
        if (aux[0] == AT_ENTRY) entry = aux[1];
        if (aux[0] == AT_EXECFN) execfn = (const char *)aux[1];
        if (aux[0] == AT_PHDR) phdrs = (const struct phdr *)aux[1];
        if (aux[0] == AT_PHNUM) phnum = aux[1];
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

    /* This file's path: run as a program, /proc/self/exe; as an interpreter, the program's PT_INTERP. */
    static char self[PATH_SIZE], cli[PATH_SIZE];
    const char *interp = NULL;
    if (direct) {
        long n = syscall3(SYS_readlink, (long)"/proc/self/exe", (long)self, sizeof self - 1);
        if (n > 0) {
            self[n] = 0;
            interp = self;
        }
    } else if (phdrs) {
        interp = interpreter_path(phdrs, phnum);
    }
    if (!interp) fail("cannot tell where the interpreter is, to find the microcosm CLI beside it", "", 0);
    cli_beside(interp, "bin/microcosm", cli, sizeof cli);

    static char *args[MAX_ARGS + 8];
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
    if (error == -ENOENT) {   /* not an install tree: the dotnet tool's layout, the CLI beside the SDK */
        static char tool[PATH_SIZE];
        cli_beside(interp, "Microcosm.Cli", tool, sizeof tool);
        args[0] = tool;
        long again = syscall3(SYS_execve, (long)tool, (long)args, (long)envp);
        if (again != -ENOENT) fail("cannot run the microcosm CLI ", tool, -again);
    }
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
