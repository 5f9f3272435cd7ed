using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>
/// Ends the host process by a signal, so that its parent sees what it would see of a native program the
/// signal killed (<c>WIFSIGNALED</c>; a shell's 128 + the signal): what the CLI does when its program ended
/// by one (Cosmos.TerminatingSignal). Signal numbers are Linux's, the target ABI's, which are
/// this host's own.
/// </summary>
internal static unsafe partial class SignalDeath
{
    private const string Lib = "libc.so.6";
    private const int RLIMIT_CORE = 4, SIG_UNBLOCK = 1, SIGKILL = 9;

    /// <summary>Whether a signal's default action ends a process (the others are ignored or stop it).</summary>
    public static bool Terminates(int signal) =>
        signal is >= 1 and <= Signals.MaxSignal and not (17 or 18 or 19 or 20 or 21 or 22 or 23 or 28); // CHLD CONT STOP TSTP TTIN TTOU URG WINCH

    /// <summary>
    /// Dies by <paramref name="signal"/>: no core file (the core of a .NET process that ran a guest is of no
    /// use, and a native program would have dumped its own), the default action restored over whatever
    /// handler the runtime or the core installed, the signal unblocked and raised on this thread. Returns
    /// only if that did not end the process (a signal that does not terminate, or one the host refuses).
    /// </summary>
    public static void Die(int signal)
    {
        if (!Terminates(signal)) return;
        RLimit limit;
        if (getrlimit(RLIMIT_CORE, &limit) == 0)
        {
            limit.Current = 0;
            setrlimit(RLIMIT_CORE, &limit);
        }
        Signals.SigAction action = default; // SIG_DFL, an empty mask, no flags
        if (signal != SIGKILL && Signals.sigaction(signal, &action, null) != 0) return; // SIGKILL has no handler to replace
        ulong* set = stackalloc ulong[16];
        Signals.sigemptyset(set);
        set[0] = 1UL << (signal - 1);
        pthread_sigmask(SIG_UNBLOCK, set, null);
        raise(signal);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current, Maximum;
    }

    [LibraryImport(Lib)]
    private static partial int getrlimit(int resource, RLimit* limit);

    [LibraryImport(Lib)]
    private static partial int setrlimit(int resource, RLimit* limit);

    [LibraryImport(Lib)]
    private static partial int pthread_sigmask(int how, ulong* set, ulong* old);

    [LibraryImport(Lib)]
    private static partial int raise(int signal);
}
