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
        return Run.Process(Script, ["cli", .. args], environment, timeoutSeconds, workingDirectory, input);
    }

    /// <summary>Runs another Windows program (a test tool built for win-x64) under the same Wine. Its lines end in
    /// "\r\n", .NET's Console.WriteLine on Windows; they are given back ending in "\n", as the Linux build's.</summary>
    public static ProcessResult Exe(string program, IEnumerable<string> args, int timeoutSeconds = 240)
    {
        SkipUnlessAvailable();
        var result = Run.Process(Script, ["exe", program, .. args], timeoutSeconds: timeoutSeconds);
        return result with
        {
            StandardOutput = result.StandardOutput.Replace("\r\n", "\n"),
            StandardError = result.StandardError.Replace("\r\n", "\n"),
        };
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
