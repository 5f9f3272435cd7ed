using System.Diagnostics;

namespace Microcosm.Tests;

/// <summary>Where things are: the repository, the built CLI and SDK, and the guest test programs.</summary>
public static class TestPaths
{
    public static string Root { get; } = FindRoot();
    public static string Build => Path.Combine(Root, "build");
    public static string Cli => Path.Combine(Build, "bin", "microcosm");
    public static string Sdk => Path.Combine(Build, "sdk");
    /// <summary>Guest programs and libraries built from tests/guest by <see cref="GuestBuild"/>.</summary>
    public static string Guests => Path.Combine(Build, "tests", "guest");

    public static string Guest(string name) => Path.Combine(Guests, name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Microcosm.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root from " + AppContext.BaseDirectory);
    }
}

/// <summary>Builds the guest test programs (tests/guest/Makefile, with `microcosm cc`) once per test run.</summary>
public static class GuestBuild
{
    private static readonly Lazy<string?> Failure = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Call before using any guest program; throws with make's output if the build failed.</summary>
    public static void Ensure()
    {
        if (Failure.Value is { } error) throw new InvalidOperationException("building the guest test programs failed:\n" + error);
    }

    private static string? Build()
    {
        if (!File.Exists(TestPaths.Cli)) return $"{TestPaths.Cli} is missing: run ./build.sh (test.sh does) first";
        Directory.CreateDirectory(TestPaths.Guests);
        var result = Run.Process("flock", [Path.Combine(TestPaths.Guests, ".lock"), "make", "-s", "-j2", "-C", Path.Combine(TestPaths.Root, "tests", "guest"),
            $"OUT={TestPaths.Guests}", $"MICROCOSM={TestPaths.Cli}"], environment: new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
        return result.ExitCode == 0 ? null : result.StandardOutput + result.StandardError;
    }
}

/// <summary>The outcome of a subprocess.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

public static class Run
{
    /// <summary>Runs a command to completion (killing it after <paramref name="timeoutSeconds"/>) and captures its output.</summary>
    public static ProcessResult Process(string file, IEnumerable<string> args, Dictionary<string, string>? environment = null,
        int timeoutSeconds = 120, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? TestPaths.Root,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment != null) foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the built CLI (<c>build/bin/microcosm</c>) with the SDK set.</summary>
    public static ProcessResult Cli(params string[] args) => Cli(args, null);

    public static ProcessResult Cli(IEnumerable<string> args, Dictionary<string, string>? environment, int timeoutSeconds = 60)
    {
        var env = new Dictionary<string, string> { ["MICROCOSM_SDK"] = TestPaths.Sdk };
        if (environment != null) foreach (var (k, v) in environment) env[k] = v;
        return Process(TestPaths.Cli, args, env, timeoutSeconds);
    }

    /// <summary>Runs a guest test program through <c>microcosm run</c>.</summary>
    public static ProcessResult Guest(string name, params string[] args) =>
        Cli(["run", TestPaths.Guest(name), .. args], null);
}

/// <summary>Tests that measure the whole process (mappings, host threads) run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
