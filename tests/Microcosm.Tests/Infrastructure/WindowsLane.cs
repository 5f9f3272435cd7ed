namespace Microcosm.Tests.Infrastructure;

/// <summary>
/// The Windows build of Microcosm (build/windows, made by ./build.sh) run under Wine: the same guest files as the
/// Linux lane, the same expectations. Wine gets a prefix of its own under build/ (made once, on first use) and a
/// persistent wineserver (<see cref="EnsureServer"/>), so that a run costs the .NET start-up, not Wine's. Wine's crash
/// debugger is disabled: with it a crashed process would exit 0, and a crash must fail its test.
/// </summary>
public static class WindowsLane
{
    public static string Executable => Path.Combine(TestPaths.Build, "windows", "bin", "microcosm.exe");
    public static string Prefix => Path.Combine(TestPaths.Build, "wine");

    private static readonly Lazy<string?> Wine = new(() =>
        new[] { "/usr/lib/wine/wine64", "/usr/bin/wine64" }.FirstOrDefault(File.Exists));

    private static readonly string[] Unset = ["MICROCOSM_SDK", "MICROCOSM_MODULES"];

    private static readonly Lazy<string?> Unavailable = new(Prepare, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Skips the calling test, saying why, when the lane cannot run here (no Wine, no Windows build).</summary>
    public static void SkipUnlessAvailable() => Skip.If(Unavailable.Value != null, Unavailable.Value);

    /// <summary>The environment of every run: Wine's settings, and none of the variables that would point the
    /// Windows build at the Linux build's SDK or modules (<see cref="Unset"/>).</summary>
    private static Dictionary<string, string> Environment(Dictionary<string, string>? extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["WINEPREFIX"] = Prefix, ["WINEDEBUG"] = "-all", ["WINEDLLOVERRIDES"] = "winedbg.exe=d",
        };
        if (extra != null) foreach (var (k, v) in extra) environment[k] = v;
        return environment;
    }

    /// <summary>Runs <c>microcosm.exe</c> with <paramref name="args"/> under Wine.</summary>
    public static ProcessResult Cli(IEnumerable<string> args, Dictionary<string, string>? environment = null, int timeoutSeconds = 60,
        string? workingDirectory = null, string? input = null)
    {
        SkipUnlessAvailable();
        EnsureServer();
        return Run.Process(Wine.Value!, [Executable, .. args], Environment(environment), timeoutSeconds, workingDirectory, input, Unset);
    }

    private static string? Prepare()
    {
        if (Wine.Value == null) return "Wine is not installed (apt-get install wine wine64; ./build.sh installs it when run as root)";
        if (!File.Exists(Executable)) return $"{Executable} is missing: ./build.sh makes it";
        Directory.CreateDirectory(Prefix);
        EnsureServer();
        // The prefix, once (Wine makes it at first use: some seconds). Its services (winedevice.exe...) stay up with
        // the server: their output goes nowhere, or a run's output would stay open as long as they run.
        var boot = Run.Process("flock", [Path.Combine(TestPaths.Build, ".wine.lock"), "sh", "-c", "exec \"$0\" wineboot --init </dev/null >/dev/null 2>&1", Wine.Value],
            Environment(null), timeoutSeconds: 300, unset: Unset);
        return boot.ExitCode == 0 ? null : $"Wine could not make its prefix in {Prefix} (wineboot exited {boot.ExitCode})";
    }

    /// <summary>
    /// Starts the prefix's wineserver, persistent, with its output on /dev/null, unless it runs already (then the new
    /// one exits at once). Every run needs one there first: a wineserver that a run starts itself inherits that
    /// run's output pipes and keeps them open after the run, so its output would never end. ./test.sh stops the
    /// server at the end (wineserver -k).
    /// </summary>
    private static void EnsureServer()
    {
        string server = Path.Combine(Path.GetDirectoryName(Wine.Value!)!, "wineserver");
        Run.Process("sh", ["-c", "exec \"$0\" -p </dev/null >/dev/null 2>&1", server], Environment(null), timeoutSeconds: 30, unset: Unset);
    }
}
