using System.Runtime.InteropServices;

namespace Microcosm.Host;

/// <summary>
/// Waiting on a 32-bit word in memory (Linux futex, process-private): what joins wait on, so that a
/// thread that ends in native code wakes its joiners without entering .NET.
/// </summary>
internal static unsafe partial class Futex
{
    private const long SYS_futex = 202;
    private const int FUTEX_WAIT_PRIVATE = 128, FUTEX_WAKE_PRIVATE = 129;

    [LibraryImport("libc.so.6")]
    private static partial nint syscall(nint number, nint word, nint operation, nint value, nint timeout, nint word2, nint value3);

    /// <summary>The system call number and operation the native start routine uses to wake waiters.</summary>
    public const int WakeSyscall = (int)SYS_futex, WakeOperation = FUTEX_WAKE_PRIVATE;

    /// <summary>Sleeps while <c>*word == expected</c>, at most <paramref name="timeout"/> (null: no limit). It may
    /// return early (a signal, a spurious wake-up): callers re-check their condition.</summary>
    public static void Wait(int* word, int expected, TimeSpan? timeout = null)
    {
        if (timeout is not { } limit)
        {
            syscall((nint)SYS_futex, (nint)word, FUTEX_WAIT_PRIVATE, expected, 0, 0, 0);
            return;
        }
        if (limit <= TimeSpan.Zero) return;
        long ticks = limit.Ticks;
        long* timespec = stackalloc long[2] { ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100 };
        syscall((nint)SYS_futex, (nint)word, FUTEX_WAIT_PRIVATE, expected, (nint)timespec, 0, 0);
    }

    /// <summary>Wakes every thread waiting on <paramref name="word"/>.</summary>
    public static void WakeAll(int* word) => syscall((nint)SYS_futex, (nint)word, FUTEX_WAKE_PRIVATE, int.MaxValue, 0, 0, 0);
}
