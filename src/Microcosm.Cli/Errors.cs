using Microcosm.Loading;

namespace Microcosm.Cli;

/// <summary>How the CLI reports a file it cannot load: <c>microcosm: PROGRAM: reason</c>, exit 126 (127 when missing).</summary>
internal static class Errors
{
    public const int CannotExecute = 126, NotFound = 127;

    /// <summary>
    /// Opens microcosm's stderr before any guest runs: a close-on-exec duplicate of 2 at or above
    /// <see cref="InheritedDescriptors.HighDescriptor"/>, which no guest can reach (its descriptors are
    /// its own table's) and no process it starts inherits. Started with 2 closed, microcosm reports
    /// nothing rather than failing (the exit status still says what happened): a 2 that is close-on-exec
    /// now was taken by the runtime before Main. On Windows the guest's descriptors are handles the modules
    /// duplicate, so microcosm's stderr is its own as it is.
    /// </summary>
    public static void OpenStderr()
    {
        if (!OperatingSystem.IsLinux()) return;
        if (InheritedDescriptors.IsInherited(2) && InheritedDescriptors.DuplicateHigh(2) is int high)
            Console.SetError(new DescriptorWriter(high));
        else
            Console.SetError(TextWriter.Null);
    }

    public static int Report(string program, LoadException ex)
    {
        string reason = SamePath(ex.File, program) ? ex.Reason : $"{ex.File}: {ex.Reason}";
        Console.Error.WriteLine($"microcosm: {program}: {reason}");
        return ex.NotFound && SamePath(ex.File, program) ? NotFound : CannotExecute;
    }

    /// <summary>
    /// Guest code faulted: <c>microcosm: PROGRAM: fault SIGSEGV at OBJECT+0xOFFSET (SYMBOL), ...</c> (docs/faults.md),
    /// exit 128 + the signal, as a shell reports a process the signal killed.
    /// </summary>
    public static int Fault(string program, GuestFaultException ex)
    {
        Console.Error.WriteLine($"microcosm: {program}: {ex.Fault}");
        return ex.ExitStatus;
    }

    /// <summary>A failure inside Microcosm itself (a bug, not bad input): said plainly, exit 70 (EX_SOFTWARE).</summary>
    public static int Internal(string program, Exception ex)
    {
        Console.Error.WriteLine($"microcosm: {program}: internal error: {ex.GetType().Name}: {ex.Message}");
        return 70;
    }

    public static int Fail(string message, int status = 1)
    {
        Console.Error.WriteLine($"microcosm: {message}");
        return status;
    }

    private static bool SamePath(string a, string b) => Path.GetFullPath(a) == Path.GetFullPath(b);
}
