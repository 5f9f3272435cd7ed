using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;

namespace Microcosm.Tests.Modules;

/// <summary>
/// The standard modules (guest/modules, loaded by <c>microcosm run</c> from build/modules): Linux x86-64
/// syscalls used by -nolibc guest programs (tests/guest/modules) against real files in a temporary
/// directory that each test creates. Values the guest prints are compared with what the host says.
/// </summary>
[SupportedOSPlatform("linux")] // the modules' tests run on a Linux host (they compare with /proc and POSIX modes)
public sealed class ModuleSyscallTests : IDisposable
{
    private readonly string _dir;

    public ModuleSyscallTests()
    {
        GuestBuild.Ensure();
        _dir = Directory.CreateTempSubdirectory("microcosm-modules-").FullName;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temporary directory is harmless
        }
    }

    private string At(string name) => Path.Combine(_dir, name);

    private static string StandardModules => Path.Combine(TestPaths.Build, "modules");

    private static ProcessResult Guest(string program, params string[] args) => Run.Guest("modules/" + program, args);

    /// <summary>Runs a test subcommand and requires it to pass; its FAIL lines are the message otherwise.</summary>
    private static ProcessResult Passes(string program, params string[] args) => Passes(TargetHost.Linux, program, args);

    /// <summary>As <see cref="Passes(string, string[])"/>, on <paramref name="host"/>: the subcommands that check their
    /// own answers (not the host's /proc) run the same on both hosts.</summary>
    private static ProcessResult Passes(TargetHost host, string program, params string[] args)
    {
        var result = Run.Guest(host, "modules/" + program, args);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {result.ExitCode}\n{result.StandardError}{result.StandardOutput}");
        return result;
    }

    /// <summary>"name=value" lines printed by a guest.</summary>
    private static Dictionary<string, string> Values(ProcessResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);

    /// <summary>Deterministic printable text of the given length (lines of letters).</summary>
    private static string Text(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++) text.Append(i % 61 == 60 ? '\n' : (char)('a' + random.Next(26)));
        return text.ToString();
    }

    // ---- files and descriptors (libmc-fd.so) ------------------------------------------------------

    [Fact]
    public void ReadReturnsTheFileContentsAndAdvancesTheOffset()
    {
        string content = Text(100_000, 1);
        File.WriteAllText(At("in.txt"), content);
        var result = Passes("fd", "cat", At("in.txt"));
        Assert.Equal(content, result.StandardOutput);
    }

    [Fact]
    public void WriteVectoredAndPositionalCallsProduceTheFile()
    {
        Passes("fd", "rw", _dir);
        Assert.Equal("HELLO, vectors!<positional>", File.ReadAllText(At("rw.txt")));
    }

    [Fact]
    public void DupAndFcntlShareOffsetsAndFlags()
    {
        Passes("fd", "dup", _dir);
        Assert.Equal("0123456789!", File.ReadAllText(At("dup.txt"))); // the O_APPEND write went to the end
    }

    [SkippableTheory, OnBothHosts]
    public void DescriptorErrorsAreLinuxErrnos(TargetHost host) => Passes(host, "fd", "errors", _dir);

    [SkippableTheory, OnBothHosts]
    public void PipeCarriesAMegabyteBetweenTwoThreads(TargetHost host) => Passes(host, "fd", "pipe");

    [SkippableTheory, OnBothHosts]
    public void NonBlockingPipesFionreadAndPollTimeouts(TargetHost host) => Passes(host, "fd", "nonblock");

    [Fact]
    public void FstatReportsWhatTheHostKnows()
    {
        string file = At("stat.txt");
        File.WriteAllText(file, Text(12_345, 2));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var mtime = new DateTime(2001, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, mtime);

        var v = Values(Passes("fd", "fstat", file));
        Assert.Equal("12345", v["size"]);
        Assert.Equal(Convert.ToInt32("100640", 8).ToString(), v["mode"]); // S_IFREG | 0640
        Assert.Equal("1", v["nlink"]);
        Assert.Equal(new DateTimeOffset(mtime).ToUnixTimeSeconds().ToString(), v["mtime"]);
        Assert.Equal("789000000", v["mtime_nsec"]);
        Assert.Equal("1", v["blocks_cover_size"]);
    }

    [Fact]
    public void TerminalRequestsFailWithEnottyWithoutATerminal()
    {
        var v = Values(Passes("fd", "tty")); // the test runner's stdin is a pipe
        Assert.Equal("-25", v["tcgets"]);
        Assert.Equal("-25", v["winsz"]);
    }

    [Fact]
    public void TerminalModeAndSizeComeFromTheHostTerminal()
    {
        // script(1) (util-linux) runs the guest on a pseudo-terminal that stty has set up first.
        string command = $"stty rows 33 cols 101 -echo && {TestPaths.Cli} run {TestPaths.Guest("modules/fd")} tty";
        var result = Run.Process("script", ["-qec", command, "/dev/null"],
            environment: new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        var v = Values(new ProcessResult(0, result.StandardOutput.Replace("\r", ""), ""));
        Assert.Equal("0", v["tcgets"]);
        Assert.Equal("0", v["winsz"]);
        Assert.Equal("1", v["icanon"]);
        Assert.Equal("0", v["echo"]);
        Assert.Equal("33", v["rows"]);
        Assert.Equal("101", v["cols"]);
    }

    // ---- paths and directories (libmc-path.so) ---------------------------------------------------

    [Fact]
    public void TreeOperationsLeaveWhatTheHostSees()
    {
        Passes("path", "tree", _dir);
        string renamed = At("sub/renamed.txt");
        Assert.Equal("contents", File.ReadAllText(renamed));
        Assert.False(File.Exists(At("sub/a.txt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(renamed));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(At("sub")));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_000_500).UtcDateTime, File.GetLastWriteTimeUtc(renamed));
        Assert.Equal("contents", File.ReadAllText(At("hard.txt")));
        Assert.Equal("sub/renamed.txt", new FileInfo(At("link")).LinkTarget);
        Assert.False(Directory.Exists(At("gone")));
    }

    [Fact]
    public void PathErrorsAreLinuxErrnos()
    {
        File.WriteAllText(At("file"), "to be truncated");
        Passes("path", "errors", _dir);
        Assert.Equal(0, new FileInfo(At("file")).Length); // O_TRUNC
        Assert.False(Directory.Exists(At("legacy")));      // mkdir then rmdir
        Assert.False(File.Exists(At("symlink")));          // unlink
    }

    [Fact]
    public void ChdirMovesRelativePaths()
    {
        Passes("path", "cwd", _dir);
        Assert.True(File.Exists(At("relative.txt")));
        Assert.True(Directory.Exists(At("inner")));
    }

    [Theory]
    [InlineData(128)]     // two or three entries a call: many calls, offsets carried between them
    [InlineData(32768)]   // everything at once
    public void Getdents64ListsTheDirectory(int bufferSize)
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal) { "d .", "d .." };
        for (int i = 0; i < 40; i++)
        {
            string name = $"file-{i:D2}-{new string('x', i % 17)}";
            File.WriteAllText(At(name), "");
            expected.Add("f " + name);
        }
        foreach (var name in new[] { "dir-a", "dir-b", "ünïcödé" })
        {
            Directory.CreateDirectory(At(name));
            expected.Add("d " + name);
        }
        File.CreateSymbolicLink(At("a-link"), "file-00-");
        expected.Add("l a-link");

        var result = Passes("path", "list", _dir, bufferSize.ToString());
        var listed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(listed.Length, listed.Distinct().Count()); // no entry twice
        Assert.Equal(expected, new SortedSet<string>(listed, StringComparer.Ordinal));
        int calls = int.Parse(Regex.Match(result.StandardError, @"calls=(\d+)").Groups[1].Value);
        Assert.True(bufferSize < 1000 ? calls > 10 : calls == 1, $"{calls} getdents64 calls");
    }

    // ---- memory (libmc-memory.so) ---------------------------------------------------------------

    [Fact]
    public void MmapOfAFileShowsItsContentsAndWritesBack()
    {
        string content = Text(3 * 4096 + 100, 3);
        File.WriteAllText(At("mapped.txt"), content);
        var result = Passes("memory", "mapfile", At("mapped.txt"));
        Assert.Equal(content, result.StandardOutput);
        Assert.Equal(char.ToUpperInvariant(content[0]) + content[1..], File.ReadAllText(At("mapped.txt")));
    }

    [Fact]
    public void AnonymousMappingsProtectionAndUnmapping() => Passes("memory", "anon");

    // ---- time (libmc-time.so) ---------------------------------------------------------------------

    [Fact]
    public void ClocksAreMonotonicAndRealtimeIsTheHostsTime()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var v = Values(Passes("time", "clocks"));
        long after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long realtime = long.Parse(v["realtime"]);
        Assert.InRange(realtime, before, after);
    }

    [SkippableTheory, OnBothHosts]
    public void SleepsLastAtLeastWhatTheyAsk(TargetHost host) => Passes(host, "time", "sleep");

    // ---- process (libmc-process.so) ----------------------------------------------------------------

    [Fact]
    public void ProcessInformationIsTheHostsAndTheSystemIsMicrocosm()
    {
        var v = Values(Passes("process", "info"));
        Assert.Equal(Environment.ProcessId.ToString(), v["ppid"]); // the test started the CLI directly
        Assert.NotEqual(v["ppid"], v["pid"]);
        var status = File.ReadAllLines("/proc/self/status");
        string Id(string key) => status.First(l => l.StartsWith(key + ":")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(Id("Uid"), v["uid"]);
        Assert.Equal(Id("Uid"), v["euid"]);
        Assert.Equal(Id("Gid"), v["gid"]);
        Assert.Equal(Id("Gid"), v["egid"]);
        Assert.Equal("1", v["tid"]);
        Assert.Equal("2", v["abi"]);   // mc_abi_version (4000): the ABI version this is (2 added host processes)
        Assert.Equal(v["abi"], v["abi_header"]); // and what <microcosm.h> says it was built for
        Assert.Equal("Microcosm", v["sysname"]);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), v["nodename"]);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), v["release"]);
        Assert.Equal("x86_64", v["machine"]);
    }

    [SkippableTheory, OnBothHosts]
    public void GetrandomFillsTheBuffer(TargetHost host) => Passes(host, "process", "random");

    [SkippableTheory, OnBothHosts]
    public void ExitEndsOnlyTheCallingThread(TargetHost host) => Passes(host, "process", "exit");

    [Fact]
    public void ExitGroupFromAnotherThreadIsTheProgramsStatus()
    {
        var result = Guest("process", "exitgroup", "42");
        Assert.Equal("", result.StandardError);
        Assert.Equal(42, result.ExitCode);
    }

    [Fact]
    public void ExitGroupFromMainKeepsTheLowEightBits() => Assert.Equal(300 & 0xff, Guest("process", "exitmain", "300").ExitCode);

    [Fact]
    public void ThreadsWaitingInModulesEndWithTheProgram()
    {
        // In-process, to see the threads: three wait in a futex, a 60 s sleep and a poll without timeout
        // when exit_group comes. They pass a checkpoint within a wait slice and end; none is stranded.
        using var cosmos = new Cosmos(new CosmosOptions
        {
            ModuleDirectory = StandardModules,
            ThreadExitTimeout = TimeSpan.FromSeconds(20),
        });
        var started = DateTime.UtcNow;
        Assert.Equal(7, cosmos.Run(TestPaths.Guest("modules/process"), ["exitgroup", "7"]));
        Assert.Equal(0, cosmos.StrandedThreads);
        Assert.Equal(0, cosmos.ThreadCount);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
    }

    // ---- futex (libmc-futex.so) -----------------------------------------------------------------------
    // Each test twice: on this Linux host the module forwards to the host's futex, and with
    // MICROCOSM_FUTEX_EMULATED=1 it uses its emulation for hosts without one, which would go untested otherwise.

    /// <summary>Runs a subcommand of the futex tests, on the host's futex or on the emulation.</summary>
    private static void PassesFutex(bool emulated, string test)
    {
        var result = Run.Cli(["run", TestPaths.Guest("modules/futex"), test],
            emulated ? new Dictionary<string, string> { ["MICROCOSM_FUTEX_EMULATED"] = "1" } : null);
        Assert.True(result.ExitCode == 0, $"futex {test} (emulated: {emulated}) exited {result.ExitCode}\n{result.StandardError}{result.StandardOutput}");
    }

    [Theory, InlineData(false), InlineData(true)]
    public void FutexWakesAWaitingThread(bool emulated) => PassesFutex(emulated, "wake");

    [Theory, InlineData(false), InlineData(true)]
    public void FutexWakeCountsAreExact(bool emulated) => PassesFutex(emulated, "wakemany");

    [Theory, InlineData(false), InlineData(true)]
    public void FutexWaitTimesOut(bool emulated) => PassesFutex(emulated, "timeout");

    [Theory, InlineData(false), InlineData(true)]
    public void FutexWaiterIsReachedBySignalsAndKills(bool emulated) => PassesFutex(emulated, "interrupted");

    /// <summary>On the host's futex only: the emulation waits in slices, and a signal sent before its sleep costs it a
    /// slice, 100 ms, every round.</summary>
    [Fact]
    public void FutexWaiterMissesNoSignalSentOnItsWayIn() => PassesFutex(emulated: false, "alarms");

    [Theory, InlineData(false), InlineData(true)]
    public void FutexMutexLosesNoWakeUp(bool emulated) => PassesFutex(emulated, "mutex");

    // ---- the modules as a whole ------------------------------------------------------------------------

    /// <summary>The syscall table after start-up: number → owner, from <c>inspect --syscalls</c>.</summary>
    private static Dictionary<long, string> StandardTable()
    {
        var result = Run.Cli("inspect", "--syscalls");
        Assert.Equal(0, result.ExitCode);
        var table = new Dictionary<long, string>();
        foreach (Match m in Regex.Matches(result.StandardOutput, @"^\s*(\d+)\s+\S+\s+(libmc-\S+\.so)\s*$", RegexOptions.Multiline))
            table[long.Parse(m.Groups[1].Value)] = m.Groups[2].Value;
        return table;
    }

    [Fact]
    public void TheModuleTemplateInTheDocsBuildsAndRuns()
    {
        // docs/modules.md: the files marked "<!-- file: NAME -->", the "<!-- build -->" script (with
        // `microcosm` on PATH) and its "<!-- output -->", exactly as a reader would use them.
        string doc = File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "modules.md"));
        var files = Regex.Matches(doc, @"<!-- file: (\S+) -->\n```c\n(.*?)```", RegexOptions.Singleline);
        Assert.NotEmpty(files);
        foreach (Match file in files) File.WriteAllText(At(file.Groups[1].Value), file.Groups[2].Value);
        string script = Regex.Match(doc, @"<!-- build -->\n```sh\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        string output = Regex.Match(doc, @"<!-- output -->\n```text\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEqual("", script);
        Assert.NotEqual("", output);
        Directory.CreateDirectory(At("bin"));
        // A wrapper, not a link: a framework-dependent CLI finds its files relative to its own path.
        File.WriteAllText(At("bin/microcosm"), $"#!/bin/sh\nexec '{TestPaths.Cli}' \"$@\"\n");
        File.SetUnixFileMode(At("bin/microcosm"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var result = Run.Process("bash", ["-euo", "pipefail", "-c", script], workingDirectory: _dir, environment: new()
        {
            ["PATH"] = At("bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["MICROCOSM_SDK"] = TestPaths.Sdk,
            ["MICROCOSM_MODULES"] = StandardModules,
        });
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal(output, result.StandardOutput);
    }

    [Fact]
    public void TheModulesExportNothingButTheDescriptorTableAndForksEntries()
    {
        // The helpers in common/ are hidden; libmc-fd.so exports the descriptor table (fdtable.h) for the other
        // modules, which a program sees only if it links against libmc-fd.so itself, and libmc-memory.so what the core
        // calls for fork (fork_exports.h).
        var table = Exports("fdtable.h");
        var fork = Exports("fork_exports.h");
        Assert.NotEmpty(table);
        Assert.NotEmpty(fork);
        // Both hosts' modules: the Windows set where the build made it.
        string windows = Path.Combine(TestPaths.Build, "windows", "modules");
        foreach (var module in Directory.GetFiles(StandardModules, "*.so").Concat(Directory.Exists(windows) ? Directory.GetFiles(windows, "*.so") : []))
        {
            var exported = Microcosm.Elf.ExportedSymbols.Read(module).Select(s => s.Name).Order().ToList();
            Assert.Equal(Path.GetFileName(module) switch { "libmc-fd.so" => table, "libmc-memory.so" => fork, _ => [] }, exported);
        }
    }

    /// <summary>The functions a header in guest/modules/shared declares MC_EXPORT, sorted.</summary>
    private static List<string> Exports(string header) =>
        Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Root, "guest", "modules", "shared", header)), @"MC_EXPORT [^;(]*?\b(\w+)\(")
            .Select(m => m.Groups[1].Value).Order().ToList();

    [Fact]
    public void TracesAndTheTableNameEverySyscallTheDocsName()
    {
        // inspect --syscalls (and --trace) name a number from the core's table: each standard one is
        // named as docs/abi.md names it, never syscall_N.
        var result = Run.Cli("inspect", "--syscalls");
        var documented = new Dictionary<long, string>();
        foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "abi.md")),
                     @"^\|\s*(\d+)\s*\|\s*(\w+)\s*\|\s*libmc-[\w-]+\.so\s*\|", RegexOptions.Multiline))
            documented[long.Parse(m.Groups[1].Value)] = m.Groups[2].Value;
        foreach (Match m in Regex.Matches(result.StandardOutput, @"^\s*(\d+)\s+(\S+)\s+libmc-\S+\.so\s*$", RegexOptions.Multiline))
            Assert.Equal((m.Groups[1].Value, documented[long.Parse(m.Groups[1].Value)]), (m.Groups[1].Value, m.Groups[2].Value));
    }

    [Fact]
    public void DocsListExactlyTheSyscallsTheModulesRegister()
    {
        var table = StandardTable();
        Assert.Equal("libmc-fd.so", table[0]);
        Assert.Equal("libmc-futex.so", table[202]);
        Assert.Equal("libmc-process.so", table[4000]);
        // docs/abi.md: "| num | name | module | ..." rows of the module table
        var documented = new Dictionary<long, string>();
        foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "abi.md")),
                     @"^\|\s*(\d+)\s*\|\s*\w+\s*\|\s*(libmc-[\w-]+\.so)\s*\|", RegexOptions.Multiline))
            documented[long.Parse(m.Groups[1].Value)] = m.Groups[2].Value;
        Assert.Equal(table.OrderBy(e => e.Key), documented.OrderBy(e => e.Key));
    }
}
