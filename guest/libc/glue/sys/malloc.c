/* malloc.c - malloc and free (newlib's stdlib/malloc.c replaced), with a cache per thread in front of newlib's
 * allocator once the program has threads, as glibc's tcache: newlib has one heap under one lock, on which threads
 * that allocate at once queue (two threads in a malloc/free churn took 60 times glibc's time, nearly all of it waiting
 * for the lock and waking each other). A freed block of up to CACHE_LIMIT bytes goes to a list of its size in the
 * freeing thread's cache (at most CACHE_DEPTH a size), and a malloc of that size takes it back from there, neither
 * taking the lock. The cached blocks stay allocated to newlib; the cache is given back to it when the thread ends.
 *
 * Which threads cache: the main thread and those pthread_create made (thread/pthread.c), whose end gives the cache
 * back. Others - an embedder's host thread adopted with -17, the C library's own timer and listener threads - go to
 * newlib directly, so that nothing stays cached when such a thread goes. While the program has one thread, nothing
 * is cached: that path is newlib's, without a lock (sys/lock.c) - a block a cache holds is never freed there.
 *
 * The heap is newlib's allocator, its entry points renamed __mc_heap_*_r when the library is built (Makefile, HEAP).
 * newlib's other functions allocate with _malloc_r, _free_r, ...: here, calls of the public functions, which the
 * library's link leaves interposable (interposable.list), so that a program with its own malloc and free gets every
 * block the library hands it (strdup's, getline's, scandir's) from its own malloc, and frees only its own. */
#include "libc_internal.h"
#include <malloc.h>
#include <stdlib.h>

void *__mc_heap_malloc_r(struct _reent *r, size_t n);
void __mc_heap_free_r(struct _reent *r, void *block);
void *__mc_heap_realloc_r(struct _reent *r, void *block, size_t n);
void *__mc_heap_calloc_r(struct _reent *r, size_t count, size_t n);
void *__mc_heap_memalign_r(struct _reent *r, size_t alignment, size_t n);
void *__mc_heap_valloc_r(struct _reent *r, size_t n);
void *__mc_heap_pvalloc_r(struct _reent *r, size_t n);
size_t __mc_heap_malloc_usable_size_r(struct _reent *r, void *block);

/* newlib's chunks (stdlib/mallocr.c): the size, with its two flag bits, lies in the word before the memory; a request
 * of n bytes takes the chunk of size max(32, n + 8 rounded up to 16), whose first word after the header is free to
 * use while the block is cached. */
#define CHUNK_SIZE_BITS(mem) (((size_t *)(mem))[-1])
#define CHUNK_FLAGS 0x7               /* PREV_INUSE, IS_MMAPPED, and the unused third bit */
#define IS_MMAPPED 0x2
#define CHUNK_MIN 32
#define CHUNK_STEP 16
#define CACHE_LIMIT 1040              /* the largest chunk cached (1032 bytes asked for, glibc's tcache's limit) */
#define CACHE_SIZES ((CACHE_LIMIT - CHUNK_MIN) / CHUNK_STEP + 1)
#define CACHE_DEPTH 7                 /* glibc's tcache_count */
_Static_assert(CACHE_SIZES == MC_MALLOC_CACHE_SIZES, "a list per chunk size");

static size_t chunk_for(size_t request)
{
    size_t size = (request + 8 + CHUNK_STEP - 1) & ~(size_t)(CHUNK_STEP - 1);
    return size < CHUNK_MIN ? CHUNK_MIN : size;
}

/* The calling thread's cache, or NULL when it keeps none. The main thread's starts with its first use. */
static struct __mc_malloc_cache *my_cache(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (!t) return NULL;
    if (t->malloc_cache.state == MC_CACHE_OFF && t == __atomic_load_n(&__mc_main_libc, __ATOMIC_RELAXED))
        t->malloc_cache.state = MC_CACHE_ON;
    return t->malloc_cache.state == MC_CACHE_ON ? &t->malloc_cache : NULL;
}

void *malloc(size_t n)
{
    if (__atomic_load_n(&__mc_threaded, __ATOMIC_RELAXED) && n <= CACHE_LIMIT - 8) {
        struct __mc_malloc_cache *c = my_cache();
        size_t at = (chunk_for(n) - CHUNK_MIN) / CHUNK_STEP;
        if (c && c->head[at]) {
            void *block = c->head[at];
            c->head[at] = *(void **)block;
            c->count[at]--;
            return block;
        }
    }
    return __mc_heap_malloc_r(_REENT, n);
}

void free(void *block)
{
    if (!block) return;
    size_t bits = CHUNK_SIZE_BITS(block), size = bits & ~(size_t)CHUNK_FLAGS;
    if (__atomic_load_n(&__mc_threaded, __ATOMIC_RELAXED) && !(bits & IS_MMAPPED) && size >= CHUNK_MIN &&
        size <= CACHE_LIMIT) {
        struct __mc_malloc_cache *c = my_cache();
        size_t at = (size - CHUNK_MIN) / CHUNK_STEP;
        if (c && c->count[at] < CACHE_DEPTH) {
            *(void **)block = c->head[at];
            c->head[at] = block;
            c->count[at]++;
            return;
        }
    }
    __mc_heap_free_r(_REENT, block);
}

void __mc_malloc_cache_start(struct __mc_thread_libc *t)
{
    if (t->malloc_cache.state == MC_CACHE_OFF) t->malloc_cache.state = MC_CACHE_ON;
}

void __mc_malloc_cache_end(void)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (!t || t->malloc_cache.state != MC_CACHE_ON) return;
    t->malloc_cache.state = MC_CACHE_ENDED;   /* what the thread frees from now on goes to newlib */
    for (size_t at = 0; at < CACHE_SIZES; at++)
        while (t->malloc_cache.head[at]) {
            void *block = t->malloc_cache.head[at];
            t->malloc_cache.head[at] = *(void **)block;
            __mc_heap_free_r(_REENT, block);
        }
}

/* The public functions the cache does not serve go to the heap. */
void *calloc(size_t count, size_t n) { return __mc_heap_calloc_r(_REENT, count, n); }
void *realloc(void *block, size_t n) { return __mc_heap_realloc_r(_REENT, block, n); }
void *memalign(size_t alignment, size_t n) { return __mc_heap_memalign_r(_REENT, alignment, n); }
void *valloc(size_t n) { return __mc_heap_valloc_r(_REENT, n); }
void *pvalloc(size_t n) { return __mc_heap_pvalloc_r(_REENT, n); }
size_t malloc_usable_size(void *block) { return __mc_heap_malloc_usable_size_r(_REENT, block); }

/* newlib's own allocations, through the public functions (above: a program may have replaced them). */
void *_malloc_r(struct _reent *r, size_t n) { return malloc(n); }
void _free_r(struct _reent *r, void *block) { free(block); }
void *_realloc_r(struct _reent *r, void *block, size_t n) { return realloc(block, n); }
void *_calloc_r(struct _reent *r, size_t count, size_t n) { return calloc(count, n); }
void *_memalign_r(struct _reent *r, size_t alignment, size_t n) { return memalign(alignment, n); }
void *_valloc_r(struct _reent *r, size_t n) { return valloc(n); }
void *_pvalloc_r(struct _reent *r, size_t n) { return pvalloc(n); }
size_t _malloc_usable_size_r(struct _reent *r, void *block) { return malloc_usable_size(block); }
