/* Expanding the thread structure while threads run: running threads see the new region zeroed in
 * their own structure, at the same offset, aligned as asked. Returns 0 on success. */
#include <microcosm.h>

#define THREADS 8

static volatile intptr_t offset2;   /* set by main after the threads are running */
static volatile int go;
static intptr_t offset1;

static intptr_t worker(intptr_t i)
{
    struct mc_thread_header *self = mc_thread_self();
    if (!self || self->self != self || self->tid != mc_thread_id()) return 1;
    *MC_THREAD_DATA(intptr_t, offset1) = i;             /* the first region is ours already */
    while (!go) mc_get(0);                              /* running, and making syscalls */
    intptr_t *region = MC_THREAD_DATA(intptr_t, offset2);
    if (((uintptr_t)region & 63) != 0) return 2;
    for (int k = 0; k < 32; k++) if (region[k] != 0) return 3;   /* zero-filled */
    for (int k = 0; k < 32; k++) region[k] = self->tid;
    if (*MC_THREAD_DATA(intptr_t, offset1) != i) return 4;      /* the structure did not move */
    return 0;
}

int main(void)
{
    if (mc_thread_id() != 1) return 10;
    offset1 = mc_thread_expand(sizeof(intptr_t), 0);
    if (offset1 < MC_THREAD_HEADER_SIZE || offset1 % 16) return 11;
    intptr_t tids[THREADS];
    for (int i = 0; i < THREADS; i++) tids[i] = mc_thread_spawn(worker, i, 0);
    intptr_t off = mc_thread_expand(32 * sizeof(intptr_t), 64);
    if (off <= offset1 || off % 64) return 12;
    offset2 = off;
    go = 1;
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        intptr_t value = -1;
        if (mc_thread_join(tids[i], &value) != 0 || value != 0) failures += 1 + (int)value * 16;
    }
    if (failures) return failures;
    /* a thread started after the expansions sees both regions zeroed as well */
    intptr_t tid = mc_thread_spawn(worker, 99, 0), value = -1;
    if (mc_thread_join(tid, &value) != 0 || value != 0) return 13;
    if (mc_thread_expand(MC_THREAD_STRUCTURE_MAX, 0) != -12) return 14;   /* -ENOMEM past the maximum */
    if (mc_thread_expand(8, 3) != -22) return 15;                         /* -EINVAL: not a power of two */
    return 0;
}
