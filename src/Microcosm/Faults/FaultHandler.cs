using System.Runtime.InteropServices;
using Microcosm.Host.Posix;
using Microcosm.Native;

namespace Microcosm.Faults;

/// <summary>
/// Installs <see cref="FaultHandlerStub"/> for SIGSEGV, SIGBUS, SIGILL and SIGFPE, once per process,
/// the first time an instance is created — after the .NET runtime has installed its own handlers, which
/// stay in place behind ours: every fault that is not a guest fault is passed on to them unchanged.
/// The stub, its table of previous handlers and the installation are never undone (a signal may be in
/// flight on some thread at any moment).
/// </summary>
internal static unsafe class FaultHandler
{
    public static readonly int[] Handled = [Signals.SIGSEGV, Signals.SIGBUS, Signals.SIGILL, Signals.SIGFPE];

    private static readonly Lock Gate = new();
    private static ExecutableCode? _stub;

    /// <summary>Installs the handler if that has not been done yet. Idempotent and thread-safe.</summary>
    public static void EnsureInstalled()
    {
        if (Volatile.Read(ref _stub) != null) return;
        lock (Gate)
        {
            if (_stub != null) return;
            nint* previous = (nint*)NativeMemory.AllocZeroed((nuint)(Signals.MaxSignal + 1), (nuint)sizeof(nint));
            var stub = FaultHandlerStub.Emit((nint)previous);
            // The table is filled before ours is installed, so that the stub never reads an empty entry
            // for a handler that exists; a runtime that changed its handler in between would be missed.
            foreach (int signal in Handled)
            {
                Signals.SigAction old;
                Check(Signals.sigaction(signal, null, &old), signal);
                previous[signal] = old.Handler;
            }
            foreach (int signal in Handled)
            {
                Signals.SigAction action = default;
                action.Handler = stub[FaultHandlerStub.Entry];
                Signals.sigemptyset(action.Mask);
                // SA_ONSTACK: a stack overflow leaves no stack to run a handler on; guest threads have an
                // alternate one (SignalStack). SA_NODEFER is not set: the signal is blocked while we decide.
                action.Flags = Signals.SA_SIGINFO | Signals.SA_ONSTACK | Signals.SA_RESTART;
                Signals.SigAction old;
                Check(Signals.sigaction(signal, &action, &old), signal);
                previous[signal] = old.Handler;
            }
            Volatile.Write(ref _stub, stub);
        }
    }

    private static void Check(int result, int signal)
    {
        if (result != 0)
            throw new InvalidOperationException($"cannot install the fault handler for {Signals.Name(signal)}: {PosixError.Last()}");
    }
}
