using System.Runtime.InteropServices;
using Iced.Intel;

namespace Microcosm.Host.Posix;

/// <summary>
/// Wakes a killed thread out of a blocking host call. A thread ends when it is killed at its next
/// syscall, but one that waits inside a module (a read of a pipe, an accept, a wait for a child)
/// would make none until the host call returned. The core sends the killed thread this signal: its
/// handler is installed without SA_RESTART, so the host call fails with EINTR, and
/// the modules' retry of an interrupted call (LX_RETRY) passes a checkpoint first, where the thread
/// ends. Guest code and .NET's own code see nothing (an interrupted call that is restarted is the
/// same call) - except a thread of an ending program that computes in the program's own code, which the
/// fault route stops there (the handler is the fault handler's code: <see cref="SignalFaultHandler"/>; anything
/// the route does not take is ignored). The signal is glibc's first real-time signal + 6, clear of the ones glibc
/// and the .NET runtime take for themselves.
/// </summary>
internal static unsafe partial class InterruptSignal
{
    public static readonly int Number = Signals.FirstRealTimeSignal() + 6;

    [LibraryImport("libc.so.6")]
    private static partial int tgkill(int process, int thread, int signal);

    /// <summary>What the handler passes on to, by signal number (the fault handler's table): this signal is ignored.</summary>
    private static readonly nint* Previous = Ignoring(Number);

    private static nint* Ignoring(int signal)
    {
        var table = (nint*)NativeMemory.AllocZeroed((nuint)(Signals.MaxSignal + 1), (nuint)sizeof(nint));
        table[signal] = 1;   // SIG_IGN: a sent signal is simply returned from
        return table;
    }

    public static void EmitHandler(Assembler a, nint route) => SignalFaultHandler.Emit(a, route, (nint)Previous);

    public static void Install(nint handler)
    {
        Signals.SigAction action = default;
        action.Handler = handler;
        Signals.sigemptyset(action.Mask);
        action.Flags = Signals.SA_SIGINFO | Signals.SA_ONSTACK;   // no SA_RESTART: that is what makes the call return
        if (Signals.sigaction(Number, &action, null) != 0)
            throw new InvalidOperationException($"cannot install the thread interrupt signal {Number}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Interrupts whatever host call thread <paramref name="hostTid"/> (a kernel thread id) is making.</summary>
    public static void Send(int hostTid)
    {
        if (hostTid > 0) tgkill(Environment.ProcessId, hostTid, Number);
    }
}
