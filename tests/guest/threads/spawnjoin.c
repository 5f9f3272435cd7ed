/* 10,000 spawn/join pairs: every thread's exit value comes back through join. Returns 0 when all do. */
#include <microcosm.h>

static intptr_t twice(intptr_t arg) { return arg * 2; }

int main(void)
{
    for (intptr_t i = 0; i < 10000; i++) {
        intptr_t tid = mc_thread_spawn(twice, i, 64 * 1024);
        if (tid <= 1) return 1;
        intptr_t value = -1;
        if (mc_thread_join(tid, &value) != 0) return 2;
        if (value != i * 2) return 3;
    }
    return 0;
}
