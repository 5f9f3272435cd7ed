using Microcosm.Loading;

namespace Microcosm.Cli;

/// <summary>How the CLI reports a file it cannot load: <c>microcosm: PROGRAM: reason</c>, exit 126 (127 when missing).</summary>
internal static class Errors
{
    public const int CannotExecute = 126, NotFound = 127;

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
