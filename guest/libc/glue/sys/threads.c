/* threads.c - whether the program may have more than one thread, so that newlib's locks (malloc,
 * stdio, ...: sys/lock.c) can skip their atomic operations while it has one.
 *
 * Every way a second thread comes to run guest code through the core passes the syscall table: a new
 * thread is spawned with -16 (pthread_create, C11 threads, the signal listener, a program calling
 * mc_thread_spawn itself) and a host thread becomes a Microcosm thread with -17. libc.so's
 * constructor puts a handler in front of each that marks the program threaded and then passes the
 * call on, so the mark is made on the creating thread before the new thread exists: whatever the
 * creator did with plain stores is ordered before it (the spawn is a full barrier), and every lock
 * operation after it is atomic. The mark is never cleared: a thread that ended may still have left
 * its stores in flight, and glibc does not go back either.
 *
 * Not covered: a host thread that runs guest code without becoming a Microcosm thread (an embedder's
 * Syscalls.Invoke reaching a guest handler). It must call -17 first (mc_thread_adopt) to use the C
 * library (docs/embedding.md). */
#include "libc_internal.h"

/* Until the constructor has its handlers in place, the program counts as threaded (the safe side). */
int __mc_threaded = 1;

static mc_handler_t spawn_next, adopt_next;

static void mark_threaded(void)
{
    __atomic_store_n(&__mc_threaded, 1, __ATOMIC_SEQ_CST);
}

static intptr_t on_spawn(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    mark_threaded();
    return spawn_next(num, a, b, c, d, e, f);
}

static intptr_t on_adopt(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    mark_threaded();
    return adopt_next(num, a, b, c, d, e, f);
}

/* Puts the handlers in front of -16 and -17; 0 if the core lacks one of them (not this one), which is then put back. */
static int watch(void)
{
    spawn_next = mc_register(MC_SYS_SPAWN, on_spawn);
    adopt_next = mc_register(MC_SYS_THREAD_INIT, on_adopt);
    if (spawn_next && adopt_next) return 1;
    if (spawn_next) mc_register(MC_SYS_SPAWN, spawn_next);
    if (adopt_next) mc_register(MC_SYS_THREAD_INIT, adopt_next);
    return 0;
}

/* libc.so's initializers run before those of the objects that need it, so a thread another library's
 * constructor starts is seen. */
__attribute__((constructor)) static void watch_for_threads(void)
{
    if (watch()) __atomic_store_n(&__mc_threaded, 0, __ATOMIC_SEQ_CST);
}

/* fork's child (thread/fork.c): its syscall table is its own, without these handlers, and spawn_next and adopt_next
 * hold the parent's addresses: the handlers go in front again. The mark stays as the parent left it (a child of a
 * threaded parent keeps the atomic path: its lock words were written by it). */
void __mc_threads_fork_child(void)
{
    if (!watch()) mark_threaded();
}
