/* signal_internal.h - what signal/ offers the glue above it: signals the C library itself sends
 * (SIGPIPE from a write, kill() of the program itself, a timer's SIGALRM) and the wait a signal ends
 * (the sleeps of time/). */
#ifndef MICROCOSM_SIGNAL_INTERNAL_H
#define MICROCOSM_SIGNAL_INTERNAL_H

#include "libc_internal.h"
#include <signal.h>

/* A signal the program sends itself, with its siginfo si_code (SI_USER for kill, SI_TKILL for raise), and one it
 * queues with a value (sigqueue: SI_QUEUE). */
HIDDEN int __mc_raise(int sig, int code);
union sigval;
HIDDEN int __mc_queue(int sig, union sigval value);

/* Signals from timers: a wait that a signal not blocked ends (delivered on the waiting thread; returns
 * EINTR, or 0 at the absolute deadline, NULL = none), and the timers' way to send one. */
HIDDEN int __mc_signal_wait(const struct timespec *deadline, int realtime);
HIDDEN void __mc_signal_async(int sig);

/* The calling thread's signal mask (pthread_create hands it to the new thread, which sets it first), and the
 * mask of a thread of the C library's own (a timer's: every signal blocked, so it runs none but the one it
 * sends). */
HIDDEN unsigned long __mc_signal_mask(void);
/* The signals the program ignores (SIG_IGN), which a new program it starts or execs starts with ignored. */
HIDDEN unsigned long __mc_signal_ignored(void);
HIDDEN void __mc_signal_set_mask(unsigned long mask);
#define MC_ALL_SIGNALS (~0UL)

/* pthread_kill of another thread (its libc region): pending for it alone; 0 or EAGAIN. The thread layer interrupts it
 * where it blocks. And a thread's end, which drops what was queued for it alone. */
HIDDEN int __mc_signal_send_thread(struct __mc_thread_libc *t, int sig);
HIDDEN void __mc_signal_thread_ends(struct __mc_thread_libc *t);

/* Set by the thread layer once the program has threads of its own: finds a thread other than the caller that does
 * not block the signals of `bit`, interrupts it and wakes the futex word it waits on, as a signal for it would, so
 * that it takes a pending one; its tid, or 0. */
HIDDEN extern intptr_t (*__mc_signal_pick)(unsigned long bit);

/* The thread's alternate stack as sigaltstack and a handler's uc_stack show it: SS_ONSTACK when `sp` is on it (fault.c). */
HIDDEN stack_t __mc_alternate_stack(const struct __mc_thread_libc *t, uintptr_t sp);

/* Delivers the signals pending for the calling thread that it no longer blocks. */
HIDDEN void __mc_signal_deliver_pending(void);

/* fork's child (thread/fork.c): nothing pending, and its own listener if the parent took signals from outside. */
HIDDEN void __mc_signal_fork_child(void);

/* A program's own handlers for faults (fault.c): sigaction tells it whether sig's action is now a handler, under
 * the table's lock; the fault entry takes the action as delivery does (SA_RESETHAND), and says if it is a handler. */
struct sigaction;
HIDDEN void __mc_fault_action_set(int sig, int is_handler);
/* The same entry takes a signal for a thread that computes in the program's own code: registered once a signal may wait
 * for a thread. */
HIDDEN void __mc_fault_entry_ensure(void);
HIDDEN int __mc_signal_take_handler(int sig, struct sigaction *action);

/* The vector state of an interrupted thread, whole (xstate.c). The probe (before the fault entry is registered) sets
 * what the entry saves with xsave: __mc_xstate_mask, and __mc_xstate_size, 0 without AVX. finish makes the entry's
 * xsave image (NULL: none) a whole one as Linux lays it out, fxsave's part taken from the core's `fxsave`, and returns
 * the image to resume with; room is what a frame keeps for a copy of it (0: none); place puts it in a handler's
 * ucontext, copied to `room` (64-aligned, `room` bytes) when it is an xsave image. */
struct ucontext_t;
HIDDEN extern uint64_t __mc_xstate_mask;
HIDDEN extern uint32_t __mc_xstate_size;
HIDDEN void __mc_xstate_probe(void);
HIDDEN unsigned char *__mc_xstate_finish(unsigned char *fxsave, unsigned char *xsaved);
HIDDEN size_t __mc_xstate_room(void);
HIDDEN void __mc_xstate_place(struct ucontext_t *uc, const unsigned char *image, unsigned char *room);

#endif
