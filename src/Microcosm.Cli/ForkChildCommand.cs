using Microcosm.Host;
using Microcosm.Processes;
using Microsoft.Win32.SafeHandles;

namespace Microcosm.Cli;

/// <summary>
/// <c>microcosm fork-child CHANNEL [CLOEXEC,...] [SIGNAL-EXIT-BASE]</c>: not for people - a program's fork starts it
/// (the process module, docs/processes.md). It reads the parent's image from CHANNEL (a descriptor on Linux, an
/// inherited handle on Windows, whose other end the parent holds), holds every address range the program needs
/// before anything else can take one (on Windows the parent reserved them in it before it ran), runs the program's
/// copy with the parent's descriptors (the listed numbers close-on-exec, as they were), and answers one byte on the
/// channel once the copy is in place. Its exit is the program's, as <c>run</c>'s is, with SIGNAL-EXIT-BASE as run's
/// <c>--signal-exit-base</c>.
/// </summary>
internal static class ForkChildCommand
{
    public const string Verb = "fork-child";

    /// <summary>An address range the program needs was taken here: the parent tries again with a new child (EX_TEMPFAIL).</summary>
    public const int AddressTaken = 75;

    /// <summary>The fault a test injects to see the parent try again (the real one is rare: a range the host's runtime
    /// placed something of its own in, about one fork in a thousand on Linux): a child that removes the file
    /// MICROCOSM_FORK_TAKEN_ONCE names answers as if a range were taken - one child, the first to remove it.</summary>
    private static bool TakenOnce()
    {
        string? token = Environment.GetEnvironmentVariable("MICROCOSM_FORK_TAKEN_ONCE");
        if (string.IsNullOrEmpty(token)) return false;
        try
        {
            if (!File.Exists(token)) return false;
            string mine = $"{token}.{Environment.ProcessId}";
            File.Move(token, mine);   // a rename: only one child wins it
            File.Delete(mine);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int Execute(string[] args)
    {
        if (args.Length is < 1 or > 3 || !long.TryParse(args[0], out long channel) || channel < 0)
            return Errors.Fail($"{Verb}: started by a program's fork, not by hand", 2);
        uint? signalExitBase = null;
        if (args.Length == 3)
            if (uint.TryParse(args[2], out uint b)) signalExitBase = b;
            else return Errors.Fail($"{Verb}: '{args[2]}' is not a signal exit base", 2);
        List<int> cloexec = [];
        if (args.Length >= 2 && args[1].Length > 0)
            foreach (string n in args[1].Split(','))
                if (int.TryParse(n, out int fd)) cloexec.Add(fd);
                else return Errors.Fail($"{Verb}: '{n}' is not a descriptor number", 2);
        if (OperatingSystem.IsLinux()) InheritedDescriptors.Keep((int)channel);
        // Unbuffered, for the answer; the image is read through a buffer of its own.
        using var stream = new FileStream(new SafeFileHandle((nint)channel, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
        using var reader = new BinaryReader(new BufferedStream(stream, 1 << 16));
        ForkImage image;
        try
        {
            image = ForkImage.Read(reader);
        }
        catch (EndOfStreamException)
        {
            return Errors.Fail($"{Verb}: the parent's image ends early (the parent stopped writing it)", 2);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return Errors.Fail($"{Verb}: cannot read the parent's image: {ex.Message}", 2);
        }
        foreach (var (start, length) in image.Reserved)
            if (!HostPlatform.Memory.Claim(start, length)) return AddressTaken;
        if (TakenOnce()) return AddressTaken;

        // A parent that traces to FILE has its children trace to FILE.PID, each to its own (strace -ff -o).
        string? traceFile = image.Trace && image.TraceFile.Length > 0 ? $"{image.TraceFile}.{Environment.ProcessId}" : null;
        using var trace = traceFile == null ? null : RunCommand.OpenTrace(traceFile, out _);
        var options = new CosmosOptions
        {
            ModuleDirectory = image.ModuleDirectory, UseEnvironmentLibraryPath = image.UseEnvironmentLibraryPath,
            ProgramName = image.ProgramName, MainStackSize = image.MainStackSize, ProgramIsProcess = true,
            Trace = image.Trace ? (TextWriter?)trace ?? Console.Error : null, TracePrefix = $"[pid {Environment.ProcessId}] ",
            TraceCalls = image.TraceCalls.Length > 0 ? image.TraceCalls : null, TraceFile = traceFile == null ? null : image.TraceFile,
        };
        options.LibraryPath.AddRange(image.LibraryPath);
        options.SystemLibraryPath.Clear();
        options.SystemLibraryPath.AddRange(image.SystemLibraryPath);
        options.ProgramHostLibraries.Allow.AddRange(image.ProgramHostAllow);
        options.ProgramHostLibraries.Deny.AddRange(image.ProgramHostDeny);
        options.ModuleHostLibraries.Allow.AddRange(image.ModuleHostAllow);
        options.ModuleHostLibraries.Deny.AddRange(image.ModuleHostDeny);
        return RunCommand.Execute(image.ProgramPath, options, signalExitBase, cosmos => cosmos.RunForked(image, reader, cloexec, () =>
        {
            try
            {
                stream.WriteByte(1);
                return true;
            }
            catch (IOException)
            {
                return false;   // the parent gave up on this child (its fork failed): the copy must not run
            }
        }));
    }
}
