namespace Microcosm.Host.Posix;

/// <summary>
/// The signals the program ignores, ignored by the host process too (core syscall -26): each with the action the host
/// had before - the runtime's handler, which takes the signal for the program, or the default - which taking it again
/// puts back. The runtime's registration stays as it was and never learns of the change.
/// </summary>
internal static unsafe class IgnoredSignals
{
    private const nint SigIgn = 1;
    private static readonly Dictionary<int, Signals.SigAction> Before = [];
    private static readonly Lock Gate = new();

    /// <summary>False when the program stops ignoring a signal the process was started with ignored: nothing of the
    /// runtime's is there to put back (it installs no handler over an ignored signal), and the caller must register it
    /// again over its default (<see cref="SetDefault"/>).</summary>
    public static bool Set(int signal, bool ignored)
    {
        lock (Gate)
        {
            Signals.SigAction ignore = default, before;
            ignore.Handler = SigIgn;
            if (ignored)
            {
                if (!Before.ContainsKey(signal) && Signals.sigaction(signal, &ignore, &before) == 0) Before[signal] = before;
                return true;
            }
            if (Before.Remove(signal, out before))
            {
                Signals.sigaction(signal, &before, null);
                return true;
            }
            return Signals.sigaction(signal, null, &before) != 0 || before.Handler != SigIgn;
        }
    }

    public static void SetDefault(int signal)
    {
        Signals.SigAction dfl = default;
        Signals.sigaction(signal, &dfl, null);
    }

    /// <summary>The runtime may just have installed its handler for <paramref name="signal"/>: if the program ignores it,
    /// that handler becomes the one to put back, and the signal is ignored again.</summary>
    public static void HandlerInstalled(int signal)
    {
        lock (Gate)
        {
            if (!Before.ContainsKey(signal)) return;
            Signals.SigAction ignore = default, installed;
            ignore.Handler = SigIgn;
            if (Signals.sigaction(signal, &ignore, &installed) == 0 && installed.Handler != SigIgn) Before[signal] = installed;
        }
    }
}
