/* Thread blocks are reused: many rounds of spawn/join, in batches larger than the pool the core keeps
 * (so blocks are both reused and unmapped). Every thread must find a structure as fresh as a new one:
 * its header right, its regions zero although the last owner filled them and scribbled past them,
 * and the same after a later expansion that covers the scribbled bytes. Returns 0 on success. */
#include <microcosm.h>

#define ROUNDS 40
#define BATCH 100       /* above the core's pool of 64 blocks */
#define REGION 256

static intptr_t first, second = -1;

static intptr_t check_and_dirty(intptr_t i)
{
    struct mc_thread_header *self = mc_thread_self();
    if (!self || self->self != self || self->tid != mc_thread_id()) return 1000 + i;
    unsigned char *region = MC_THREAD_DATA(unsigned char, first);
    for (int k = 0; k < REGION; k++) if (region[k] != 0) return 2000 + i;
    if (second >= 0) {
        unsigned char *later = MC_THREAD_DATA(unsigned char, second);
        for (int k = 0; k < REGION; k++) if (later[k] != 0) return 3000 + i;
    }
    /* leave the structure dirty: the region, and past it where the next expansion will land */
    for (int k = 0; k < 2 * REGION + 64; k++) region[k] = 0xa5;
    if (second >= 0) for (int k = 0; k < 2 * REGION; k++) MC_THREAD_DATA(unsigned char, second)[k] = 0x5a;
    return i * 3;
}

static int round_of(int count)
{
    intptr_t tids[BATCH];
    for (int i = 0; i < count; i++) {
        tids[i] = mc_thread_spawn(check_and_dirty, i, 64 * 1024);
        if (tids[i] <= 1) return 1;
    }
    for (int i = 0; i < count; i++) {
        intptr_t value = -1;
        if (mc_thread_join(tids[i], &value) != 0) return 2;
        if (value != i * 3) return value >= 1000 ? (int)(value / 1000) + 2 : 6;
    }
    return 0;
}

int main(void)
{
    first = mc_thread_expand(REGION, 0);
    if (first < MC_THREAD_HEADER_SIZE) return 20;
    for (int r = 0; r < ROUNDS; r++) {
        int failure = round_of(r % 2 ? BATCH : 1 + r % 7);
        if (failure) return 20 + failure;
    }
    /* the pooled blocks were scribbled on past the first region: a new region there is zero in them too */
    second = mc_thread_expand(REGION, 0);
    if (second < first + REGION) return 40;
    for (int r = 0; r < ROUNDS / 4; r++) {
        int failure = round_of(BATCH);
        if (failure) return 40 + failure;
    }
    return 0;
}
