using Iced.Intel;
using System.Text;

namespace Microcosm.Host.Posix;

/// <summary>
/// A process's arguments and environment as the bytes they are. .NET decodes them as UTF-8 and turns
/// every byte that is not part of valid UTF-8 into U+FFFD, but a guest must see what it was given (a
/// Latin-1 file name, a grep pattern with high bytes). As Python's "surrogateescape" (PEP 383) does, such
/// a byte (0x80-0xFF) is carried in a .NET string as the lone surrogate U+DC80-U+DCFF, which no valid
/// UTF-8 decodes to, and <see cref="EncodeTerminated"/> writes it back as the byte. The raw bytes come from
/// /proc/self/cmdline and /proc/self/environ, read only when .NET's strings show a replaced byte.
/// A signal's death is <see cref="SignalDeath"/>'s.
/// </summary>
internal sealed class PosixProcess : HostProcess
{
    private const char Replacement = '\uFFFD';
    private const char EscapeBase = '\uDC00';   // + the byte, for bytes 0x80-0xFF

    /// <summary>UTF-8 to a string, each byte of an invalid sequence kept as U+DC80-U+DCFF.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        Span<char> units = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out int consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(units[..rune.EncodeToUtf16(units)]);
                bytes = bytes[consumed..];
            }
            else
            {
                text.Append((char)(EscapeBase + bytes[0]));
                bytes = bytes[1..];
            }
        }
        return text.ToString();
    }

    /// <summary>A string to UTF-8 and a terminating NUL; U+DC80-U+DCFF on its own is its byte again.</summary>
    public override byte[] EncodeTerminated(string text)
    {
        var bytes = new List<byte>(text.Length + 1);
        Span<byte> utf8 = stackalloc byte[4];
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out int consumed) == System.Buffers.OperationStatus.Done)
            {
                foreach (byte b in utf8[..rune.EncodeToUtf8(utf8)]) bytes.Add(b);
            }
            else if (rest[0] is >= '\uDC80' and <= '\uDCFF')
            {
                bytes.Add((byte)(rest[0] - EscapeBase));
            }
            else
            {
                foreach (byte b in "\uFFFD"u8) bytes.Add(b);   // any other lone surrogate, as Encoding.UTF8 writes it
            }
            rest = rest[Math.Max(consumed, 1)..];
        }
        bytes.Add(0);
        return bytes.ToArray();
    }

    /// <summary>
    /// <paramref name="arguments"/> (argv[<paramref name="first"/>] on, as .NET decoded them) with each
    /// one that shows a replaced byte decoded again from the process's own argv.
    /// </summary>
    public override string[] RepairArguments(string[] arguments, int first)
    {
        if (!arguments.Any(a => a.Contains(Replacement))) return arguments;
        var raw = ReadEntries("/proc/self/cmdline");
        if (raw == null || raw.Count != arguments.Length + first) return arguments;
        var repaired = (string[])arguments.Clone();
        for (int i = 0; i < repaired.Length; i++)
            if (repaired[i].Contains(Replacement) && Encoding.UTF8.GetString(raw[i + first]) == repaired[i])
                repaired[i] = Decode(raw[i + first]);
        return repaired;
    }

    /// <summary>The process's environment as .NET has it now, with the bytes that are not UTF-8 as they are.</summary>
    public override Dictionary<string, string> Environment()
    {
        var result = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            result[(string)e.Key] = (string?)e.Value ?? "";
        RepairEnvironment(result);
        return result;
    }

    /// <summary>
    /// Replaces, in an environment read from .NET, each variable that shows a replaced byte with the
    /// process's own bytes for it; variables .NET has since changed or removed stay as they are.
    /// </summary>
    private static void RepairEnvironment(Dictionary<string, string> environment)
    {
        if (!environment.Any(e => e.Key.Contains(Replacement) || e.Value.Contains(Replacement))) return;
        var raw = ReadEntries("/proc/self/environ");
        if (raw == null) return;
        foreach (var entry in raw)
        {
            string lossy = Encoding.UTF8.GetString(entry);
            int equals = lossy.IndexOf('=');
            if (!lossy.Contains(Replacement) || equals <= 0) continue;
            string key = lossy[..equals];
            if (!environment.TryGetValue(key, out var value) || value != lossy[(equals + 1)..]) continue;
            string exact = Decode(entry);
            int exactEquals = exact.IndexOf('=');   // '=' is ASCII: the same variable splits the same way
            environment.Remove(key);
            environment[exact[..exactEquals]] = exact[(exactEquals + 1)..];
        }
    }

    /// <summary>The NUL-terminated entries of a /proc file, or null when it cannot be read.</summary>
    private static List<byte[]>? ReadEntries(string path)
    {
        byte[] all;
        try
        {
            all = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var entries = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
            if (all[i] == 0)
            {
                entries.Add(all[start..i]);
                start = i + 1;
            }
        if (start < all.Length) entries.Add(all[start..]);
        return entries;
    }

    public override void DieBySignal(int signal) => SignalDeath.Die(signal);

    /// <summary>
    /// SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGCHLD, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU,
    /// SIGURG, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO and SIGPWR. The stop signals reach a program's handler (an editor
    /// restores the terminal before it stops); at their default the C library stops the process with SIGSTOP, so a
    /// shell's job control keeps working. Not the faults (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP: the core's),
    /// SIGPIPE (the modules report a broken pipe to the program itself). The real-time ones but SIGRTMIN (the .NET
    /// runtime's) and the core's interrupt signal (<see cref="InterruptSignal.Number"/>, SIGRTMIN + 6): from outside
    /// they reach a handler with the sender's siginfo (<see cref="SignalSenders"/>), queued as Linux queues them. Those
    /// two reach it as well, by another way, since the runtime must keep its handler (<see cref="ListenForSignals"/>).
    /// </summary>
    public override IReadOnlyList<int> CatchableSignals { get; } =
        [1, 2, 3, 10, 12, 14, 15, 17, 18, 20, 21, 22, 23, 26, 27, 28, 29, 30,
         .. Enumerable.Range(35, 30).Where(signal => signal != InterruptSignal.Number)];

    public override (ulong Ignored, ulong Blocked) InheritedSignals => (Posix.InheritedSignals.Ignored, Posix.InheritedSignals.Blocked);

    public override bool SetIgnored(int signal, bool ignored) => IgnoredSignals.Set(signal, ignored);

    public override void SetDefault(int signal) => IgnoredSignals.SetDefault(signal);

    public override unsafe void BlockJobSignals(ulong blocked)
    {
        const ulong jobSignals = (1UL << (21 - 1)) | (1UL << (22 - 1));   // SIGTTIN, SIGTTOU
        const int SIG_BLOCK = 0, SIG_UNBLOCK = 1;
        ulong* set = stackalloc ulong[16];   // glibc's sigset_t, zeroed: signals 1-64 are its first word
        if ((set[0] = blocked & jobSignals) != 0) Signals.pthread_sigmask(SIG_BLOCK, set, null);
        if ((set[0] = ~blocked & jobSignals) != 0) Signals.pthread_sigmask(SIG_UNBLOCK, set, null);
    }

    /// <summary>The recorder of senders goes in front of the runtime's new handler first, so that a signal the program
    /// ignores puts back the two of them when it is taken again.</summary>
    public override void HandlerInstalled(int signal)
    {
        SignalSenders.Chain(signal);
        IgnoredSignals.HandlerInstalled(signal);
    }

    public override bool EmitSenderRecorder(Assembler a) => SignalSenders.EmitRecorder(a);

    public override void UseSenderRecorder(nint recorder) => SignalSenders.UseRecorder(recorder);

    public override SignalSender SenderOf(int signal) => SignalSenders.Take(signal);

    public override void ForgetSenders() => SignalSenders.Forget();

    /// <summary>SIGRTMIN and the core's interrupt signal, which the process keeps for itself, when another process sends
    /// them (<see cref="SignalSenders.Forward"/>).</summary>
    public override void ListenForSignals(Action<int, SignalSender> arrived) => SignalSenders.Forward(arrived);
}
