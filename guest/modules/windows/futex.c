/* libmc-futex.so for Windows: futex (202) - FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET and
 * FUTEX_WAKE_BITSET on WaitOnAddress / WakeByAddressSingle / WakeByAddressAll. WaitOnAddress compares the
 * word itself before it sleeps, so no wake-up between the guest's check and the wait is lost. Waits go
 * in slices (module.h) with the checkpoint between; a wake-up of a wait with a bitset wakes every waiter
 * of the address (Windows has no bitsets): waiters only re-check their condition, as after any wake-up. */
#include "windows.h"

MC_HANDLER(sys_futex)
{
    int32_t *address = (int32_t *)a;
    intptr_t op = b;
    int32_t value = (int32_t)c;
    int command = (int)(op & LINUX_FUTEX_CMD_MASK);
    int realtime = (op & LINUX_FUTEX_CLOCK_REALTIME) != 0;
    uint32_t bitset = (uint32_t)f;
    if (((uintptr_t)address & 3) != 0) return -LINUX_EINVAL;
    switch (command) {
    case LINUX_FUTEX_WAIT:
    case LINUX_FUTEX_WAIT_BITSET: {
        int32_t word;
        if (LX_COPY_IN(word, address) != 0) return -LINUX_EFAULT;
        if (command == LINUX_FUTEX_WAIT_BITSET && bitset == 0) return -LINUX_EINVAL;
        int64_t deadline = INT64_MAX;
        if (d != 0) {
            struct linux_timespec given;
            if (LX_COPY_IN(given, (const void *)d) != 0) return -LINUX_EFAULT;
            int64_t ns = lx_timespec_ns(&given);
            if (ns < 0) return -LINUX_EINVAL;
            /* FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's absolute on its clock. */
            if (command == LINUX_FUTEX_WAIT) deadline = lx_add_ns(monotonic_ns(), ns);
            else deadline = realtime ? monotonic_ns() + (ns - realtime_ns()) : ns;
        }
        if (word != value) return -LINUX_EAGAIN;
        for (;;) {
            int64_t left = deadline == INT64_MAX ? LX_SLICE_NS : deadline - monotonic_ns();
            if (left <= 0) return -LINUX_ETIMEDOUT;
            DWORD ms = left >= LX_SLICE_NS ? LX_SLICE_MS : (DWORD)((left + 999999) / 1000000);
            if (WaitOnAddress(address, &value, sizeof value, ms)) return 0;   /* woken (or the word changed) */
            if (GetLastError() != ERROR_TIMEOUT) return lx_last_error();
            if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
            if (__atomic_load_n(address, __ATOMIC_SEQ_CST) != value) return 0;
        }
    }
    case LINUX_FUTEX_WAKE:
    case LINUX_FUTEX_WAKE_BITSET:
        if (realtime) return -LINUX_ENOSYS;
        if (command == LINUX_FUTEX_WAKE_BITSET && bitset == 0) return -LINUX_EINVAL;
        /* Windows does not say how many it woke: one for a count of 1 (or less, as Linux), else all. */
        if (value <= 1 && command == LINUX_FUTEX_WAKE) WakeByAddressSingle(address);
        else WakeByAddressAll(address);
        return 0;
    default:
        return -LINUX_ENOSYS;
    }
}

/* The futex family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry futex_syscalls[] = { MC_FAMILY_futex(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void futex_module_init(void)
{
    MC_REGISTER_TABLE(futex_syscalls);
}
