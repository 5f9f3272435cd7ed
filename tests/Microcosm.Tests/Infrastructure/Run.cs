using System.Diagnostics;

namespace Microcosm.Tests.Infrastructure;

/// <summary>Runs subprocesses: any command, the built CLI, a guest test program through <c>microcosm run</c>.</summary>
public static class Run
{
    /// <summary>Runs a command to completion (killing it after <paramref name="timeoutSeconds"/>) and captures its output.</summary>
    /// <param name="input">What the command reads on its standard input; none when null (it sees the end at once).</param>
    public static ProcessResult Process(string file, IEnumerable<string> args, Dictionary<string, string>? environment = null,
        int timeoutSeconds = 120, string? workingDirectory = null, string? input = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? TestPaths.Root,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        if (environment != null) foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        if (input != null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        var (stdoutSoFar, stdout) = Collect(process.StandardOutput);
        var (stderrSoFar, stderr) = Collect(process.StandardError);
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            // What it printed before it stopped is what tells where it stopped (a hang seen once in a full run); a process
            // it left may hold its output open, so what came so far is shown, not the end.
            try { Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s; its output:\n{stdoutSoFar()}\n--- its stderr:\n{stderrSoFar()}");
        }
        // Its output ends when every process holding it has closed it: a child it left running may hold it for good.
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"{file} {string.Join(' ', args)} exited {process.ExitCode}, but a process it left running kept its output open");
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Reads <paramref name="output"/> to its end on a task, and says at any moment what came so far. With
    /// <paramref name="endsWithError"/>, a read error is the end too: a pseudo-terminal's master gives EIO once every holder
    /// of its slave side has closed it.</summary>
    private static (Func<string> SoFar, Task<string> All) Collect(TextReader output, bool endsWithError = false)
    {
        var text = new System.Text.StringBuilder();
        var all = Task.Run(() =>
        {
            var buffer = new char[4096];
            try
            {
                int n;
                while ((n = output.Read(buffer, 0, buffer.Length)) > 0) lock (text) text.Append(buffer, 0, n);
            }
            catch (IOException) when (endsWithError) { }
            lock (text) return text.ToString();
        });
        return (() => { lock (text) return text.ToString(); }, all);
    }

    /// <summary>Runs the built CLI (<c>build/bin/microcosm</c>) with the SDK set.</summary>
    public static ProcessResult Cli(params string[] args) => Cli(args, null);

    public static ProcessResult Cli(IEnumerable<string> args, Dictionary<string, string>? environment, int timeoutSeconds = 60)
    {
        return Process(TestPaths.Cli, args, WithSdk(environment), timeoutSeconds);
    }

    /// <summary>Runs a guest test program through <c>microcosm run</c>.</summary>
    public static ProcessResult Guest(string name, params string[] args) =>
        Cli(["run", TestPaths.Guest(name), .. args], null);

    /// <summary>The words that start <paramref name="file"/> with the terminal's signals (SIGINT, SIGQUIT) at their defaults, as
    /// an interactive shell starts a program: where the tests run as a background job of a shell without job control, they
    /// are ignored, and a process inherits that (microcosm, as any program, then leaves them ignored: docs/libc.md).</summary>
    public static string[] WithTerminalSignalsAtDefault(string file) => ["env", "--default-signal=INT,QUIT", file];

    /// <summary>The Linux CLI, started with the terminal's signals at their defaults (<see cref="WithTerminalSignalsAtDefault"/>).</summary>
    public static ProcessResult CliWithTerminalSignalsAtDefault(IEnumerable<string> args, int timeoutSeconds = 60)
    {
        string[] words = WithTerminalSignalsAtDefault(TestPaths.Cli);
        return Process(words[0], [.. words[1..], .. args], WithSdk(null), timeoutSeconds);
    }

    /// <summary>Runs the CLI of <paramref name="host"/>'s build: the Linux one, or the Windows one under Wine.</summary>
    public static ProcessResult Cli(TargetHost host, IEnumerable<string> args, Dictionary<string, string>? environment = null,
        int timeoutSeconds = 60, string? input = null, string? workingDirectory = null) => host switch
    {
        TargetHost.Windows => WindowsLane.Cli(args, environment, timeoutSeconds * 2, workingDirectory, input), // Wine starts slower
        _ => Process(TestPaths.Cli, args, WithSdk(environment), timeoutSeconds, workingDirectory, input),
    };

    /// <summary>Runs a guest test program through <c>microcosm run</c> on <paramref name="host"/>.</summary>
    public static ProcessResult Guest(TargetHost host, string name, params string[] args) =>
        Cli(host, ["run", TestPaths.Guest(name), .. args]);

    /// <summary>
    /// Runs the CLI of <paramref name="host"/>'s build on a terminal: a pseudo-terminal of the test's own (of which Wine
    /// makes a Windows console), the program's controlling terminal in a session of its own. Once the output holds
    /// <paramref name="prompt"/> and, on Windows, the console waits for input (<see cref="PseudoTerminal"/>),
    /// <paramref name="typed"/> is typed. Gives back the exit status and what the terminal showed, without the escape
    /// sequences a console draws with and with "\r\n" as "\n".
    /// </summary>
    public static ProcessResult OnTerminal(TargetHost host, IEnumerable<string> args, string prompt, string typed, int timeoutSeconds = 120)
    {
        if (host == TargetHost.Windows) WindowsLane.SkipUnlessAvailable();
        string[] words = host == TargetHost.Windows ? [WindowsLane.Script, "cli", .. args] : [TestPaths.Cli, .. args];
        using var terminal = new PseudoTerminal();
        // exec all the way down, so the program's status is the process's; setsid -c makes the terminal the new
        // session's controlling terminal, and the program its foreground group.
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = TestPaths.Root,
        };
        foreach (var a in (string[])["-c", "exec setsid -c \"$@\" <>\"$TERMINAL\" >&0 2>&0", "sh", .. WithTerminalSignalsAtDefault(words[0]), .. words[1..]])
            start.ArgumentList.Add(a);
        foreach (var (k, v) in WithSdk(null)) start.Environment[k] = v;
        start.Environment["TERMINAL"] = terminal.SlavePath;
        string command = string.Join(' ', start.ArgumentList.Skip(3));
        using var process = System.Diagnostics.Process.Start(start)!;
        var (shown, output) = Collect(new StreamReader(terminal.Stream, System.Text.Encoding.UTF8), endsWithError: true);
        var stderr = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        bool Shows() => shown().Contains(prompt, StringComparison.Ordinal);
        while (DateTime.UtcNow < deadline && !output.IsCompleted && !Shows()) Thread.Sleep(20);
        while (host == TargetHost.Windows && DateTime.UtcNow < deadline && !process.HasExited && terminal.IsCanonical) Thread.Sleep(5);
        terminal.Stream.Write(System.Text.Encoding.UTF8.GetBytes(typed));
        bool finished = process.WaitForExit((int)Math.Max(1000, (deadline - DateTime.UtcNow).TotalMilliseconds));
        if (!finished) process.Kill(entireProcessTree: true);
        Task.WaitAll([output, stderr], TimeSpan.FromSeconds(30));
        string text = System.Text.RegularExpressions.Regex.Replace(shown(), @"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "").Replace("\r", "");
        if (!finished) throw new TimeoutException($"{command} on a terminal did not finish in {timeoutSeconds} s; it showed: {text}");
        return new ProcessResult(process.ExitCode, text, stderr.Result);
    }

    private static Dictionary<string, string> WithSdk(Dictionary<string, string>? environment)
    {
        var env = new Dictionary<string, string> { ["MICROCOSM_SDK"] = TestPaths.Sdk };
        if (environment != null) foreach (var (k, v) in environment) env[k] = v;
        return env;
    }
}
