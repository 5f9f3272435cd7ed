using System.Runtime.CompilerServices;

namespace Microcosm.Host.Posix;

/// <summary>
/// The signals the host process was started with ignored and blocked - by <c>nohup</c>, a shell's background job, the
/// exec of a program that ignored or blocked them - read before anything of Microcosm's installs a handler, so that a
/// program that stands for the process inherits them as POSIX's exec passes them on (core syscall -25; docs/processes.md,
/// "What a new program inherits"). Read by a module initializer, which runs before the CLI's Main. SIGPIPE is left out:
/// the .NET runtime ignores it itself, so whether the parent did cannot be told.
/// </summary>
internal static unsafe class InheritedSignals
{
    private const int SigPipe = 13, SigKill = 9, SigStop = 19;

    public static ulong Ignored { get; private set; }
    public static ulong Blocked { get; private set; }

    // A module initializer: the read must come before the first handler anything installs, and only the start of the
    // process is early enough (an embedder's process reads its own start too, which it never reports: -25).
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "what the process inherited is only visible before anything installs a handler")]
    internal static void Read()
    {
        if (OperatingSystem.IsWindows()) return;
        ulong ignored = 0;
        for (int signal = 1; signal <= 64; signal++)
        {
            if (signal is SigPipe or SigKill or SigStop or 32 or 33) continue;   // 32, 33: glibc's own
            Signals.SigAction old;
            if (Signals.sigaction(signal, null, &old) == 0 && old.Handler == 1 /* SIG_IGN */) ignored |= 1UL << (signal - 1);
        }
        ulong* mask = stackalloc ulong[16];
        Blocked = Signals.pthread_sigmask(0 /* SIG_BLOCK */, null, mask) == 0 ? mask[0] & ~((1UL << (SigKill - 1)) | (1UL << (SigStop - 1))) : 0;
        Ignored = ignored;
    }
}
