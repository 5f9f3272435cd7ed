/* microcosm.h - the Microcosm guest ABI: syscalls, core syscall numbers, program start.
 *
 * Guest code reaches the syscall layer only through mc_syscall / mc_syscall6, exported by the
 * core's built-in library libmicrocosm.so. Errors come back as -errno in [-4095, -1] with Linux
 * x86-64 errno values; a number with no handler returns -ENOSYS (-38).
 */
#ifndef MICROCOSM_H
#define MICROCOSM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Core syscalls (numbers -1 .. -63 belong to the core; numbers >= 0 to modules), MC_SYS_*, and
 * Microcosm's own above Linux's (MC_SYS_ABI_VERSION 4000, MC_SYS_PROCESS_SPAWN 4001); and the errno
 * values of the target ABI (Linux x86-64's), MC_E*. Generated from abi/syscalls.tsv and abi/errno.tsv. */
#include "microcosm_syscalls.h"
#include "microcosm_errno.h"
#define MC_DL_ERROR_SIZE     512   /* the error buffer of MC_SYS_DLOPEN and MC_SYS_DLSYM */

/* The target ABI's version: what these headers describe, and what mc_abi_version() reports at run
 * time (syscall 4000, from the standard process module; -ENOSYS without the standard modules). */
#define MC_ABI_VERSION 2

/* ---- Host processes (syscall 4001, from the standard process module; since ABI version 2) -----
 * mc_syscall6(MC_SYS_PROCESS_SPAWN, path, argv, envp, request, 0, 0) starts the host executable
 * `path` (no PATH search) with argv and envp, after applying request->actions in order in the new
 * process, and returns its process id (wait for it with wait4, 61) or -errno. The new process starts
 * with the default disposition and an empty mask for every signal, or with MC_SPAWN_SIGNALS the signals
 * request->sig_ignore ignored and request->sig_mask blocked (a POSIX posix_spawn's child, and an exec's new
 * image, inherit those). With MC_SPAWN_EXEC the new program replaces the calling one instead, as execve
 * (59) does (no actions then): the C library's exec, which passes on its signals so. request may be NULL. */
#define MC_SYS_PROCESS_SPAWN 4001

enum mc_spawn_action_kind {
    MC_SPAWN_OPEN = 1,    /* open(path, flags, mode) as fd: flags are Linux O_* values */
    MC_SPAWN_CLOSE = 2,   /* close(fd) */
    MC_SPAWN_DUP2 = 3,    /* dup2(fd, newfd); fd == newfd clears its FD_CLOEXEC */
    MC_SPAWN_CHDIR = 4,   /* chdir(path) */
    MC_SPAWN_FCHDIR = 5,  /* fchdir(fd) */
};

struct mc_spawn_action {
    uint32_t kind;        /* enum mc_spawn_action_kind */
    int32_t fd;
    int32_t newfd;
    int32_t flags;
    uint32_t mode;
    uint32_t reserved;    /* 0 */
    const char *path;
};

#define MC_SPAWN_SETPGROUP 0x1   /* the new process joins process group request->pgroup (0: its own) */
#define MC_SPAWN_SETSID    0x2   /* the new process starts a session */
#define MC_SPAWN_RESETIDS  0x4   /* effective ids become the real ones */
#define MC_SPAWN_SIGNALS   0x8   /* the new program starts with sig_ignore ignored and sig_mask blocked */
#define MC_SPAWN_EXEC      0x10  /* replace the calling program, as execve: returns only on failure */

struct mc_spawn_request {
    size_t size;          /* sizeof(struct mc_spawn_request): fields are only appended */
    uint64_t flags;       /* MC_SPAWN_SETPGROUP | MC_SPAWN_SETSID | MC_SPAWN_RESETIDS */
    int64_t pgroup;
    size_t action_count;
    const struct mc_spawn_action *actions;
    uint64_t sig_ignore;  /* bit sig - 1 (Linux numbers); with MC_SPAWN_SIGNALS */
    uint64_t sig_mask;
};

/* A syscall handler receives the number too, so the dispatcher can jump to it untouched. */
typedef intptr_t (*mc_handler_t)(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d,
                                 intptr_t e, intptr_t f);

intptr_t mc_syscall(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d);
intptr_t mc_syscall6(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e,
                     intptr_t f);

/* Copies n bytes from src to dst and returns 0, or -EFAULT (-14) if reading src or writing dst faults
 * (an unmapped or read-only page, NULL, a non-canonical address, a file mapping past its end); the bytes
 * before the bad one may have been copied. For handlers that use a pointer a caller passed them, as
 * Linux's copy_from_user / copy_to_user: the pointer is checked by using it, so no other thread can unmap
 * it between a check and the access. Safe on any thread; the core's fault handler turns the fault into
 * the return value. Exported by the core's libmicrocosm.so (docs/abi.md). */
intptr_t mc_copy_checked(void *dst, const void *src, size_t n);

/* What the program's entry receives. Versioned by size: fields are only ever appended, and a
 * field is present when offsetof(field) + sizeof(field) <= size. */
struct mc_start {
    size_t size;           /* bytes of this structure the core filled in */
    intptr_t argc;
    char **argv;           /* argc pointers, then NULL */
    char **envp;           /* "NAME=value" pointers, then NULL */
    void *base;            /* the executable's load bias (0 for a non-PIE executable) */
    const void *phdr;      /* the executable's program headers in memory, or NULL */
    size_t phent;          /* size of one program header */
    size_t phnum;          /* number of program headers */
};

/* One loaded guest object, as MC_SYS_DL_OBJECT describes it (the C library's dl_iterate_phdr and _dl_find_object,
 * <link.h>). */
struct mc_dl_object {
    uintptr_t base;        /* load bias: run-time address = base + p_vaddr */
    const void *phdr;      /* its program headers in memory (Elf64_Phdr), NULL if they are not mapped */
    intptr_t phnum;        /* how many (0 with phdr NULL) */
    const char *name;      /* its path */
    intptr_t tls_module;   /* its TLS module id, 0 without PT_TLS */
    intptr_t tls_offset;   /* its TLS block lies this far below the thread pointer (docs/abi.md) */
};

/* Set by the start-up file before main runs (programs built with microcosm cc). */
extern const struct mc_start *mc_start_info;

static inline intptr_t mc_abi_version(void)
{
    return mc_syscall(MC_SYS_ABI_VERSION, 0, 0, 0, 0);
}

static inline mc_handler_t mc_register(intptr_t num, mc_handler_t fn)
{
    return (mc_handler_t)mc_syscall(MC_SYS_REGISTER, num, (intptr_t)fn, 0, 0);
}

static inline mc_handler_t mc_get(intptr_t num)
{
    return (mc_handler_t)mc_syscall(MC_SYS_GET, num, 0, 0, 0);
}

static inline void mc_deregister(intptr_t num)
{
    mc_syscall(MC_SYS_DEREGISTER, num, 0, 0, 0);
}

/* ---- Threads (core syscalls -8 .. -19; see docs/threads.md) ---------------------------------- */

typedef intptr_t (*mc_thread_fn)(intptr_t arg);

/* The thread structure header; module regions (mc_thread_expand) follow it. */
#define MC_THREAD_HEADER_SIZE 64
#define MC_THREAD_STRUCTURE_MAX (64 * 1024)  /* -8 returns -ENOMEM past this */
#define MC_THREAD_DEFAULT_STACK (8 * 1024 * 1024)

struct mc_thread_header {
    void *self;          /* offset 0: the structure's own address */
    intptr_t tid;        /* offset 8: the thread id (1 = main) */
    /* offset 16: the thread's alarms. The core adds one, then wakes the word's waiters (the host's futex, private;
     * WakeByAddressAll on Windows), each time it asks the thread to end (-18) or interrupts it for a signal (-13),
     * after it has recorded why; so a module that reads the word, passes a checkpoint and then sleeps on the word
     * together with what it waits for (Linux's futex_waitv) cannot miss an alarm that comes in between. */
    int32_t alarms;
    /* offset 20: the thread's own note of the alarms it has passed a checkpoint after (the futex module's), so that
     * a wait with none new makes no checkpoint call; the core never writes it. */
    int32_t alarms_seen;
    intptr_t reserved[5];
};

/* Starts fn(arg) on a new thread with stack_size bytes of stack (0 = MC_THREAD_DEFAULT_STACK) and a
 * guard page. Returns its tid (> 0), or -EAGAIN / -ENOMEM. */
static inline intptr_t mc_thread_spawn(mc_thread_fn fn, intptr_t arg, size_t stack_size)
{
    return mc_syscall(MC_SYS_SPAWN, (intptr_t)fn, arg, (intptr_t)stack_size, 0);
}

/* Waits for thread tid to end and stores its exit value (if value is not NULL). Returns 0, -ESRCH
 * (unknown or already joined) or -EDEADLK (tid is the caller). */
static inline intptr_t mc_thread_join(intptr_t tid, intptr_t *value)
{
    return mc_syscall(MC_SYS_JOIN, tid, (intptr_t)value, 0, 0);
}

/* Ends the calling thread with exit value `value`. On a thread adopted with mc_thread_adopt, this
 * releases it instead and returns. */
static inline void mc_thread_exit(intptr_t value)
{
    mc_syscall(MC_SYS_KILL, 0, value, 0, 0);
}

/* Asks thread tid to end with `value`: it does at its next syscall, or at once if it is waiting in
 * a core syscall. Returns 0 or -ESRCH. Killing tid 1 ends the program with status `value`. */
static inline intptr_t mc_thread_kill(intptr_t tid, intptr_t value)
{
    return mc_syscall(MC_SYS_KILL, tid, value, 0, 0);
}

/* Ends the program as if signal `sig` (Linux's numbers) killed it, from any thread: as exit_group, the
 * main thread is killed and so is the caller, but the status is 128 + sig and the instance records the
 * signal (Cosmos.TerminatingSignal), so that the CLI ends by it; the program's own finalizers do not run,
 * as a process a signal kills runs no destructors. The C library's abort() and signals' default actions
 * end a program this way. Returns -EINVAL for a number outside 1..64 (and, as mc_thread_exit, returns on
 * an adopted thread, which it releases). */
static inline intptr_t mc_exit_signal(intptr_t sig)
{
    return mc_syscall(MC_SYS_EXIT_SIGNAL, sig, 0, 0, 0);
}

/* Signals sent to the program from outside (another process's kill, the terminal): mc_signal_next(0) makes
 * them the program's from now on - every one the host lets a guest take, kept pending by the core - and
 * returns 0; mc_signal_next(1) returns the next one (Linux's numbers), waiting for it. Until the first call,
 * SIGHUP, SIGINT, SIGQUIT and SIGTERM end the program as their default actions do, and the others keep the
 * host's. -EOPNOTSUPP where the embedder keeps the process's signals (CosmosOptions.ProcessSignals). The C
 * library calls it once the program sets an action for a signal or blocks one (docs/processes.md). */
static inline intptr_t mc_signal_next(int wait)
{
    return mc_syscall(MC_SYS_SIGNAL_NEXT, wait, 0, 0, 0);
}

/* Who sent a signal from outside, as the host's siginfo says: code is Linux's si_code (SI_USER for kill, SI_QUEUE for
 * sigqueue, SI_KERNEL, a CLD_ code for a child's SIGCHLD), pid and uid the sender's, value sigqueue's value or, for a
 * child's SIGCHLD, its exit status or signal. SI_USER and pid 0 where the host does not say (Windows). */
struct mc_signal_sender {
    int32_t code;
    int32_t pid;
    uint32_t uid;
    int32_t reserved;
    int64_t value;
};

/* mc_signal_next(1) with who sent the signal: the next one (1..64), waiting for it, and *sender. Standard signals sent
 * again while pending are one, with the first one's sender; real-time ones are queued, each with its own. */
static inline intptr_t mc_signal_next_sent(struct mc_signal_sender *sender)
{
    return mc_syscall(MC_SYS_SIGNAL_NEXT_SENT, (intptr_t)sender, 0, 0, 0);
}

/* A program's own handlers for the faults of its code (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP; docs/processes.md).
 * mc_fault_entry(entry, offset, handled): from now on, a fault in guest code on a thread whose fault area - the
 * MC_FAULT_AREA_SIZE bytes at `offset` (from mc_thread_expand, 64-aligned) in its thread structure - is not busy
 * and does not block the signal, of a signal set in *handled (bit sig - 1), is not the core's: the core marks
 * the area busy, writes an mc_fault_context at its end and resumes the thread at entry(context) on the stack
 * below it, as if entry had been called there. The entry makes the area free again once it has moved off it
 * (a fault while it is busy, or one that *handled does not name or `blocked` blocks, is the core's: reported,
 * the program ends by the signal). entry 0 stops it. Returns 0 or -EINVAL. The C library calls it when the
 * program sets a handler for one of these signals. */
#define MC_FAULT_AREA_SIZE 12288

struct mc_fault_area {
    volatile uint64_t busy;     /* not 0 from the fault until the entry has left the area */
    volatile uint64_t blocked;  /* the thread's blocked signals, bit sig - 1 */
    unsigned char space[MC_FAULT_AREA_SIZE - 16];
};

/* What the core writes at the end of the area (at MC_FAULT_AREA_SIZE - sizeof(struct mc_fault_context)):
 * Linux's siginfo (si_signo at 0, si_code at 8, si_addr at 16, the rest 0), the thread's general registers
 * in the order of Linux's mcontext gregs (r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags,
 * csgsfs, err, trapno, oldmask, cr2) and its FPU/SSE state as fxsave writes it. */
struct mc_fault_context {
    unsigned char info[128];
    uint64_t gregs[23];
    uint64_t reserved;
    unsigned char fpregs[512] __attribute__((aligned(64)));
};

static inline intptr_t mc_fault_entry(void (*entry)(struct mc_fault_context *), intptr_t offset,
                                      const volatile uint64_t *handled)
{
    return mc_syscall(MC_SYS_FAULT_ENTRY, (intptr_t)entry, offset, (intptr_t)handled, 0);
}

/* Makes the calling host thread (e.g. one a host library created) a Microcosm thread; idempotent.
 * Returns its tid. */
static inline intptr_t mc_thread_adopt(void)
{
    return mc_syscall(MC_SYS_THREAD_INIT, 0, 0, 0, 0);
}

/* The calling thread's structure, or NULL on a host thread that is not a Microcosm thread (or on a thread its
 * instance no longer serves: a thread still running after the instance was disposed gets -ENOSYS for every call). */
static inline void *mc_thread_self(void)
{
    intptr_t self = mc_syscall(MC_SYS_THREAD_SELF, 0, 0, 0, 0);
    return self < 0 && self > -4096 ? (void *)0 : (void *)self;
}

/* The calling thread's tid, or 0 if it is not a Microcosm thread. */
static inline intptr_t mc_thread_id(void)
{
    struct mc_thread_header *self = (struct mc_thread_header *)mc_thread_self();
    return self ? self->tid : 0;
}

/* Reserves `size` bytes aligned to `align` (0 = 16) in every thread's structure, existing and future,
 * zero-filled. Returns the region's offset, or -ENOMEM / -EINVAL. */
static inline intptr_t mc_thread_expand(size_t size, size_t align)
{
    return mc_syscall(MC_SYS_EXPAND_THREAD, (intptr_t)size, (intptr_t)align, 0, 0);
}

/* The calling thread's copy of the region at `offset` (from mc_thread_expand), as a `type *`. */
#define MC_THREAD_DATA(type, offset) ((type *)((char *)mc_thread_self() + (offset)))

#ifdef __cplusplus
}
#endif

#endif
