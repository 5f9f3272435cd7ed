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
        const ulong never = (1UL << (SigPipe - 1)) | (1UL << (SigKill - 1)) | (1UL << (SigStop - 1)) | (3UL << 31);   // 32, 33: glibc's own
        var (ignored, blocked) = FromStatus() ?? FromCalls();
        Ignored = ignored & ~never;
        Blocked = blocked & ~((1UL << (SigKill - 1)) | (1UL << (SigStop - 1)));
    }

    /// <summary>The kernel's own summary of the process (its first thread's mask): one file read, where asking for each
    /// signal's action is 60 system calls of every start.</summary>
    private static (ulong Ignored, ulong Blocked)? FromStatus()
    {
        string text;
        try { text = File.ReadAllText("/proc/self/status"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        ulong? ignored = null, blocked = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal)) ignored = Hex(line["SigIgn:".Length..]);
            else if (line.StartsWith("SigBlk:", StringComparison.Ordinal)) blocked = Hex(line["SigBlk:".Length..]);
        }
        return ignored is { } i && blocked is { } b ? (i, b) : null;
    }

    private static ulong? Hex(string digits) =>
        ulong.TryParse(digits.Trim(), System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong value) ? value : null;

    /// <summary>Where /proc is not mounted: each signal's action, and the calling thread's mask.</summary>
    private static (ulong Ignored, ulong Blocked) FromCalls()
    {
        ulong ignored = 0;
        for (int signal = 1; signal <= 64; signal++)
        {
            if (signal is SigPipe or SigKill or SigStop or 32 or 33) continue;
            Signals.SigAction old;
            if (Signals.sigaction(signal, null, &old) == 0 && old.Handler == 1 /* SIG_IGN */) ignored |= 1UL << (signal - 1);
        }
        ulong* mask = stackalloc ulong[16];
        return (ignored, Signals.pthread_sigmask(0 /* SIG_BLOCK */, null, mask) == 0 ? mask[0] : 0);
    }
}
