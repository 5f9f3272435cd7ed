/* The clocks (windows.h). */
#include "windows.h"

int64_t monotonic_ns(void)
{
    static LONGLONG frequency;
    if (frequency == 0) QueryPerformanceFrequency(&frequency);
    LONGLONG count;
    QueryPerformanceCounter(&count);
    /* Split so that count * 1e9 cannot overflow: the performance counter runs at MHz rates. */
    return (int64_t)(count / frequency) * LX_NSEC_PER_SEC + (int64_t)(count % frequency) * LX_NSEC_PER_SEC / frequency;
}

int64_t realtime_ns(void)
{
    struct win_filetime now;
    GetSystemTimePreciseAsFileTime(&now);
    return filetime_ns(now);
}
