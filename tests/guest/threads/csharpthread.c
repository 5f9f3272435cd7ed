/* C# handlers called from threads the core started natively (no .NET until then). The C# test registers
 *   1010: returns the calling thread's structure as C# sees it (-9 through the table);
 *   1011: ends the calling thread with a (mc_kill(0, a) through the table), never returning.
 * Each of 50 threads checks the first and ends through the second; main joins them. Returns 0. */
#include <microcosm.h>

static intptr_t asks_csharp(intptr_t value)
{
    if (mc_syscall(1010, 0, 0, 0, 0) != (intptr_t)mc_thread_self()) return 1;
    mc_syscall(1011, value, 0, 0, 0);
    return 2; /* never: the thread ended inside 1011 */
}

int main(void)
{
    for (intptr_t i = 0; i < 50; i++) {
        intptr_t value = -1;
        if (mc_thread_join(mc_thread_spawn(asks_csharp, 40 + i, 0), &value) != 0) return 3;
        if (value != 40 + i) return value == 1 || value == 2 ? (int)value : 4;
    }
    return 0;
}
