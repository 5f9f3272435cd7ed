namespace Microcosm.Tests.Infrastructure;

/// <summary>
/// The Windows build of Microcosm (build/windows, made by ./build.sh) run under Wine: the same guest files as the
/// Linux lane, the same expectations. How Wine is set up and run (its prefix under build/, a persistent wineserver,
/// no crash debugger) is tests/windows-lane.sh's, which the third-party scripts use too.
/// </summary>
public static class WindowsLane
{
    /// <summary>tests/windows-lane.sh: <c>prepare</c>, <c>cli ARGS...</c>, <c>stop</c>.</summary>
    public static string Script => Path.Combine(TestPaths.Root, "tests", "windows-lane.sh");

    private static readonly Lazy<string?> Unavailable = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Skips the calling test, saying why, when the lane cannot run here (no Wine, no Windows build).</summary>
    public static void SkipUnlessAvailable() => Skip.If(Unavailable.Value != null, Unavailable.Value);

    /// <summary>Runs <c>microcosm.exe</c> with <paramref name="args"/> under Wine.</summary>
    public static ProcessResult Cli(IEnumerable<string> args, Dictionary<string, string>? environment = null, int timeoutSeconds = 60,
        string? workingDirectory = null, string? input = null)
    {
        SkipUnlessAvailable();
        return StartedByWine(() => Run.Process(Script, ["cli", .. args], environment, timeoutSeconds, workingDirectory, input),
            $"cli {string.Join(' ', args)}");
    }

    /// <summary>Runs another Windows program (a test tool built for win-x64) under the same Wine. Its lines end in
    /// "\r\n", .NET's Console.WriteLine on Windows; they are given back ending in "\n", as the Linux build's.</summary>
    public static ProcessResult Exe(string program, IEnumerable<string> args, int timeoutSeconds = 240)
    {
        SkipUnlessAvailable();
        var result = StartedByWine(() => Run.Process(Script, ["exe", program, .. args], timeoutSeconds: timeoutSeconds),
            $"exe {Path.GetFileName(program)} {string.Join(' ', args)}");
        return result with
        {
            StandardOutput = result.StandardOutput.Replace("\r\n", "\n"),
            StandardError = result.StandardError.Replace("\r\n", "\n"),
        };
    }

    /// <summary>
    /// Runs <paramref name="run"/> once more if Wine did not start the program. In full runs, a few times in some dozens,
    /// one test's `wine PROGRAM` exited 1 within 30 ms with nothing on stdout or stderr (never reproduced alone, nor in 540
    /// runs of the fault host under load, 2026-12-08): Wine not starting the process, since the start of a .NET program
    /// under Wine takes hundreds of milliseconds (the fault host's, a Microcosm program's). Such an end is not the
    /// program's; it is tried once more, and said on stderr.
    /// </summary>
    private static ProcessResult StartedByWine(Func<ProcessResult> run, string what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = run();
        if (result.ExitCode == 1 && result.StandardOutput.Length == 0 && result.StandardError.Length == 0 && started.ElapsedMilliseconds < 150)
        {
            Console.Error.WriteLine($"windows lane: wine exited 1 at once ({started.ElapsedMilliseconds} ms, no output) for {what}; once more");
            result = run();
        }
        return result;
    }

    /// <summary>The command line the third-party scripts run a guest with (their MICROCOSM_RUN): <c>microcosm.exe run</c>.</summary>
    public static string RunCommand => $"{Script} cli run";

    /// <summary>Null when the lane can run (Wine's prefix made, once: some seconds), else why not.</summary>
    private static string? Prepare()
    {
        var prepare = Run.Process(Script, ["prepare"], timeoutSeconds: 400);
        return prepare.ExitCode == 0 ? null : prepare.StandardOutput.Trim() + prepare.StandardError.Trim();
    }
}
