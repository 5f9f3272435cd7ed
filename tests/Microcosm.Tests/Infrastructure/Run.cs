using System.Diagnostics;

namespace Microcosm.Tests.Infrastructure;

/// <summary>Runs subprocesses: any command, the built CLI, a guest test program through <c>microcosm run</c>.</summary>
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
