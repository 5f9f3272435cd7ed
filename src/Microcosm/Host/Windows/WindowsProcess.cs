using System.Collections;
using System.Text;

namespace Microcosm.Host.Windows;

/// <summary>
/// The process as a guest sees it on Windows: its arguments and environment are UTF-16 there, so .NET's strings
/// hold them exactly and a guest gets them as UTF-8. Windows has no signals: a program a signal ends makes the CLI
/// exit with 128 + the signal, as a shell reports a native program the signal killed (<see cref="DieBySignal"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class WindowsProcess : HostProcess
{
    /// <summary>The process's environment, with the search path as a Linux program reads it (<see cref="WindowsSearchPath.ForGuest"/>)
    /// under the name it looks for, PATH (Windows names it Path and finds it by any case).</summary>
    public override Dictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            if (entry.Key is string name && entry.Value is string value)
            {
                if (name.Equals("PATH", StringComparison.OrdinalIgnoreCase))
                    environment["PATH"] = WindowsSearchPath.ForGuest(value, Path.GetPathRoot(System.Environment.CurrentDirectory));
                else
                    environment[name] = value;
            }
        return environment;
    }

    public override string[] RepairArguments(string[] arguments, int first) => arguments;

    /// <summary>UTF-8 and a NUL; a lone surrogate (possible in a Windows name) becomes U+FFFD, as Encoding.UTF8 writes it.</summary>
    public override byte[] EncodeTerminated(string text)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    /// <summary>Nothing to do: there is no signal to end by, and the caller then exits with 128 + the signal.</summary>
    public override void DieBySignal(int signal) { }

    /// <summary>The console's control events as .NET gives them: Ctrl-C SIGINT, Ctrl-Break SIGQUIT, the console
    /// closing SIGHUP, logoff and shutdown SIGTERM. Windows has no other signals between processes.</summary>
    public override IReadOnlyList<int> CatchableSignals { get; } = [1, 2, 3, 15];

    public override void ListenForSignals(Action<int, SignalSender> arrived) => SignalMailbox.Open(arrived);

    public override bool RelaysSignals => true;

    public override void RelaySignal(int pid, int signal, SignalSender sender) => SignalMailbox.Send(pid, signal, sender);

    /// <summary>The child, created suspended, runs nothing yet (its .NET runtime least of all): the program's ranges
    /// reserved in it now are free there, as they are in this process, which started the same way.</summary>
    public override unsafe string? StartSuspendedChild(nint process, nint thread, IReadOnlyList<(nint Start, ulong Length)> reservations)
    {
        foreach (var (start, length) in reservations)
            if (Kernel32.VirtualAllocEx(process, start, (nuint)length, Kernel32.MEM_RESERVE, Kernel32.PAGE_NOACCESS) != start)
                return $"cannot reserve 0x{start:x}+0x{length:x} in the child: {Kernel32.LastError()}";
        return Kernel32.ResumeThread(thread) == uint.MaxValue ? $"cannot start the child: {Kernel32.LastError()}" : null;
    }
}
