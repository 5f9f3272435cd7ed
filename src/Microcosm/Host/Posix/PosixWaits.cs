using System.Runtime.InteropServices;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>Waits on a word with Linux's futex, process-private.</summary>
internal sealed unsafe partial class PosixWaits : HostWaits
{
    private const int SYS_futex = 202;
    private const int FUTEX_WAIT_PRIVATE = 128, FUTEX_WAKE_PRIVATE = 129;

    [LibraryImport("libc.so.6")]
    private static partial nint syscall(nint number, nint word, nint operation, nint value, nint timeout, nint word2, nint value3);

    public override void Wait(int* word, int expected, TimeSpan? timeout = null)
    {
        if (timeout is not { } limit)
        {
            syscall(SYS_futex, (nint)word, FUTEX_WAIT_PRIVATE, expected, 0, 0, 0);
            return;
        }
        if (limit <= TimeSpan.Zero) return;
        long ticks = limit.Ticks;
        long* timespec = stackalloc long[2] { ticks / TimeSpan.TicksPerSecond, ticks % TimeSpan.TicksPerSecond * 100 };
        syscall(SYS_futex, (nint)word, FUTEX_WAIT_PRIVATE, expected, (nint)timespec, 0, 0);
    }

    public override void WakeAll(int* word) => syscall(SYS_futex, (nint)word, FUTEX_WAKE_PRIVATE, int.MaxValue, 0, 0, 0);

    /// <summary>The system call instruction itself: registers only, nothing of the caller's memory.</summary>
    public override void EmitWakeAll(Assembler a)
    {
        a.mov(esi, FUTEX_WAKE_PRIVATE);
        a.mov(edx, int.MaxValue);
        a.xor(r10d, r10d);
        a.mov(eax, SYS_futex);
        a.syscall();
    }
}
