/* c11: the C11 library headers that have no POSIX counterpart - <threads.h> (threads, mutexes plain
 * and recursive and timed, condition variables with timed waits, call_once, thread-specific storage
 * with destructors), <stdatomic.h> (the compiler's, lock-free counters from 8 threads), <uchar.h>
 * (UTF-8 to UTF-16 with surrogate pairs and back, UTF-32), timespec_get, aligned_alloc, quick_exit. */
#include "check.h"
#include <errno.h>
#include <locale.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>
#include <time.h>
#include <uchar.h>

#define THREADS 8
#define ROUNDS 20000

static atomic_long counter = 0;
static atomic_flag flag = ATOMIC_FLAG_INIT;
static long plain_counter;              /* guarded by the mutex */
static mtx_t mutex;

static int adder(void *arg)
{
    for (int i = 0; i < ROUNDS; i++) {
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
        CHECK(mtx_lock(&mutex) == thrd_success);
        plain_counter++;
        CHECK(mtx_unlock(&mutex) == thrd_success);
    }
    return (int)(intptr_t)arg * 10;
}

static int once_count;
static once_flag once = ONCE_FLAG_INIT;
static void init_once(void) { once_count++; }

static tss_t key;
static atomic_int destroyed;
static void destroy(void *value) { CHECK(value != NULL); atomic_fetch_add(&destroyed, 1); }

static int tss_user(void *arg)
{
    call_once(&once, init_once);
    CHECK(tss_get(key) == NULL);
    CHECK(tss_set(key, arg) == thrd_success);
    CHECK(tss_get(key) == arg);
    thrd_exit(7);                       /* the thread's result, as a return would give */
}

static mtx_t cv_mutex;
static cnd_t cv;
static int ready;

static int signaller(void *arg)
{
    (void)arg;
    struct timespec pause = { 0, 20 * 1000 * 1000 };
    CHECK(thrd_sleep(&pause, NULL) == 0);
    mtx_lock(&cv_mutex);
    ready = 1;
    cnd_broadcast(&cv);
    mtx_unlock(&cv_mutex);
    return 0;
}

static void threads(void)
{
    CHECK(mtx_init(&mutex, mtx_plain) == thrd_success);
    thrd_t t[THREADS];
    for (int i = 0; i < THREADS; i++) CHECK(thrd_create(&t[i], adder, (void *)(intptr_t)i) == thrd_success);
    for (int i = 0; i < THREADS; i++) {
        int result = -1;
        CHECK(thrd_join(t[i], &result) == thrd_success);
        CHECK(result == i * 10);
    }
    CHECK(atomic_load(&counter) == THREADS * ROUNDS);
    CHECK(plain_counter == THREADS * ROUNDS);
    mtx_destroy(&mutex);
    CHECK(thrd_equal(thrd_current(), thrd_current()));

    /* Recursive and timed mutexes; a bad type is refused. */
    mtx_t r;
    CHECK(mtx_init(&r, mtx_plain | mtx_recursive) == thrd_success);
    CHECK(mtx_lock(&r) == thrd_success && mtx_lock(&r) == thrd_success && mtx_trylock(&r) == thrd_success);
    CHECK(mtx_unlock(&r) == thrd_success && mtx_unlock(&r) == thrd_success && mtx_unlock(&r) == thrd_success);
    mtx_destroy(&r);
    mtx_t timed;
    CHECK(mtx_init(&timed, mtx_timed) == thrd_success);
    CHECK(mtx_lock(&timed) == thrd_success);
    CHECK(mtx_trylock(&timed) == thrd_busy);
    struct timespec soon;
    CHECK(timespec_get(&soon, TIME_UTC) == TIME_UTC);
    soon.tv_nsec += 30 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) { soon.tv_sec++; soon.tv_nsec -= 1000000000; }
    CHECK(mtx_timedlock(&timed, &soon) == thrd_timedout);
    CHECK(mtx_unlock(&timed) == thrd_success);
    mtx_destroy(&timed);
    CHECK(mtx_init(&timed, 0x40) == thrd_error);

    /* call_once, thread-specific storage with a destructor, thrd_exit's result. */
    CHECK(tss_create(&key, destroy) == thrd_success);
    for (int i = 0; i < 4; i++) {
        thrd_t u;
        int result = 0;
        CHECK(thrd_create(&u, tss_user, &result) == thrd_success);
        CHECK(thrd_join(u, &result) == thrd_success);
        CHECK(result == 7);
    }
    CHECK(once_count == 1);
    CHECK(atomic_load(&destroyed) == 4);
    tss_delete(key);

    /* A condition variable: a timed wait that expires, then a wait a broadcast ends. */
    CHECK(mtx_init(&cv_mutex, mtx_plain) == thrd_success && cnd_init(&cv) == thrd_success);
    CHECK(mtx_lock(&cv_mutex) == thrd_success);
    CHECK(timespec_get(&soon, TIME_UTC) == TIME_UTC);
    soon.tv_nsec += 10 * 1000 * 1000;
    if (soon.tv_nsec >= 1000000000) { soon.tv_sec++; soon.tv_nsec -= 1000000000; }
    CHECK(cnd_timedwait(&cv, &cv_mutex, &soon) == thrd_timedout);
    thrd_t s;
    CHECK(thrd_create(&s, signaller, NULL) == thrd_success);
    while (!ready) CHECK(cnd_wait(&cv, &cv_mutex) == thrd_success);
    CHECK(mtx_unlock(&cv_mutex) == thrd_success);
    CHECK(thrd_join(s, NULL) == thrd_success);
    cnd_destroy(&cv);
    mtx_destroy(&cv_mutex);

    /* A detached thread; thrd_yield. */
    thrd_t d;
    CHECK(thrd_create(&d, signaller, NULL) == thrd_success);
    CHECK(thrd_detach(d) == thrd_success);
    thrd_yield();
}

static void atomics(void)
{
    CHECK(!atomic_flag_test_and_set(&flag));
    CHECK(atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    _Atomic(uint64_t) wide = 0;
    CHECK(atomic_is_lock_free(&wide));
    uint64_t expected = 0;
    CHECK(atomic_compare_exchange_strong(&wide, &expected, 42));
    CHECK(!atomic_compare_exchange_strong(&wide, &expected, 43) && expected == 42);
    CHECK(atomic_exchange(&wide, 5) == 42 && atomic_load_explicit(&wide, memory_order_acquire) == 5);
    atomic_thread_fence(memory_order_seq_cst);
}

static void characters(void)
{
    CHECK(setlocale(LC_CTYPE, "C.UTF-8") != NULL);
    /* "aé€😀": 1, 2, 3 and 4 UTF-8 bytes; the last is a surrogate pair in UTF-16. */
    const char *text = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    const char *p = text, *end = text + strlen(text) + 1;
    char16_t units[8];
    int count = 0;
    mbstate_t state = { 0 };
    for (;;) {
        size_t r = mbrtoc16(&units[count], p, (size_t)(end - p), &state);
        CHECK(r != (size_t)-1 && r != (size_t)-2);
        if (r == (size_t)-1 || r == (size_t)-2 || count == 7) break;
        if (r == 0) break;               /* the terminating NUL */
        count++;
        if (r != (size_t)-3) p += r;
    }
    CHECK(count == 5);
    CHECK(units[0] == 'a' && units[1] == 0xe9 && units[2] == 0x20ac && units[3] == 0xd83d && units[4] == 0xde00);

    char back[32];
    size_t length = 0;
    mbstate_t out = { 0 };
    for (int i = 0; i < count; i++) {
        size_t r = c16rtomb(back + length, units[i], &out);
        CHECK(r != (size_t)-1);
        if (r != (size_t)-1) length += r;
    }
    back[length] = 0;
    CHECK_STR(back, text);
    CHECK(c16rtomb(back, 0xdc00, &out) == (size_t)-1 && errno == EILSEQ);   /* a lone low surrogate */

    char32_t c32;
    mbstate_t s32 = { 0 };
    CHECK(mbrtoc32(&c32, "\xf0\x9f\x98\x80", 4, &s32) == 4 && c32 == 0x1f600);
    CHECK(c32rtomb(back, 0x20ac, &s32) == 3 && memcmp(back, "\xe2\x82\xac", 3) == 0);
    CHECK(mbrtoc32(&c32, "\xe2\x82", 2, &s32) == (size_t)-2);             /* incomplete: more bytes needed */
    CHECK(mbrtoc32(&c32, "\xac", 1, &s32) == 1 && c32 == 0x20ac);
}

static void library(void)
{
    struct timespec now, mono;
    CHECK(timespec_get(&now, TIME_UTC) == TIME_UTC && now.tv_sec > 1600000000);
    CHECK(timespec_get(&mono, 2) == 0);
    void *p = aligned_alloc(256, 1024);
    CHECK(p != NULL && ((uintptr_t)p & 255) == 0);
    free(p);
    CHECK(alignof(max_align_t) >= 16);
}

static void bye(void) { printf("quick_exit handler\n"); fflush(stdout); }

int main(void)
{
    threads();
    atomics();
    characters();
    library();
    int failures = CHECK_DONE();
    fflush(stdout);
    at_quick_exit(bye);
    quick_exit(failures);
}
