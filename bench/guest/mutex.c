/* mutex.c - threads synchronizing through the C library's mutexes and condition variables, timed by
 * the program itself: built twice by bench/workloads.sh, natively (glibc) and with `microcosm cc` (the
 * guest C library, whose locks are futex words served by the futex module), and run in the same session.
 * Prints one line per case: NAME NS-PER-OPERATION (the best of 3 rounds).
 *
 * The ping-pong makes a thread sleep and the other wake it at every turn, so what it measures is the futex
 * underneath: what a wait and a wake cost in host system calls and context switches. The contended mutex
 * sleeps only when a thread finds it taken, which also says how the lock's fast path compares. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* ---- ping-pong: the turn passes back and forth under one mutex, each side waiting on a condition ---- */

enum { ROUND_TRIPS = 50000 };
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed = PTHREAD_COND_INITIALIZER;
static int turn;

/* Takes the turn `me` ROUND_TRIPS times, each time handing it to the other side. */
static void *player(void *me)
{
    int side = (int)(long)me;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ROUND_TRIPS; i++) {
        while (turn != side) pthread_cond_wait(&turn_changed, &lock);
        turn = !side;
        pthread_cond_signal(&turn_changed);
    }
    pthread_mutex_unlock(&lock);
    return NULL;
}

static double ping_pong(void)
{
    turn = 0;
    pthread_t other;
    double start = now_ns();
    pthread_create(&other, NULL, player, (void *)1L);
    player((void *)0L);
    pthread_join(other, NULL);
    return (now_ns() - start) / ROUND_TRIPS;
}

/* ---- contended: more threads than the development VM's two cores take one mutex, each holding it for a
 * little work, so that a thread that finds it taken sleeps until the holder wakes it ---- */

enum { CONTENDERS = 4, LOCKS = 100000, WORK = 50 };
static volatile long counter;
static pthread_barrier_t start_together;   /* a thread's creation takes longer than many rounds */

static void *contender(void *unused)
{
    pthread_barrier_wait(&start_together);
    for (int i = 0; i < LOCKS; i++) {
        pthread_mutex_lock(&lock);
        for (int w = 0; w < WORK; w++) counter = counter + 1;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static double contended(void)
{
    counter = 0;
    pthread_barrier_init(&start_together, NULL, CONTENDERS);
    pthread_t others[CONTENDERS - 1];
    double start = now_ns();
    for (int i = 0; i < CONTENDERS - 1; i++) pthread_create(&others[i], NULL, contender, NULL);
    contender(NULL);
    for (int i = 0; i < CONTENDERS - 1; i++) pthread_join(others[i], NULL);
    pthread_barrier_destroy(&start_together);
    if (counter != (long)CONTENDERS * LOCKS * WORK) printf("contended: increments were lost\n");
    return (now_ns() - start) / ((double)CONTENDERS * LOCKS);
}

#define BEST_OF_3(NAME, CASE)                                                \
    do {                                                                     \
        double best = 1e300;                                                 \
        for (int round = 0; round < 3; round++) {                            \
            double t = CASE();                                               \
            if (t < best) best = t;                                          \
        }                                                                    \
        printf("%-28s %9.2f\n", NAME, best);                                 \
    } while (0)

int main(void)
{
    BEST_OF_3("mutex ping-pong round trip", ping_pong);
    BEST_OF_3("contended lock + unlock", contended);
    return 0;
}
