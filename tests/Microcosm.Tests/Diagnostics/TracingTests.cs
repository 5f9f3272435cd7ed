using System.Text.RegularExpressions;
using Microcosm.Diagnostics;

namespace Microcosm.Tests.Diagnostics;

/// <summary>`--trace` output against docs/tracing.md, parsed with the grammar printed there.</summary>
public class TracingTests
{
    public TracingTests() => GuestBuild.Ensure();

    /// <summary>Strings and buffers a call reads are shown quoted, escaped and cut as docs/tracing.md says; a NULL one as 0.</summary>
    [Fact]
    public void StringsAndBuffersAreShownQuoted()
    {
        var result = Run.Cli("run", "--trace", TestPaths.Guest("errors/trace"), "strings");
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Contains(@"[1] write(99, ""say \""hi\""\n\x01\xff"", 11) = -9 EBADF", lines);
        Assert.Contains(@"[1] openat(AT_FDCWD, ""/no/such/directory/and/a/name/lo""..., O_RDONLY, 0) = -2 ENOENT", lines);
        Assert.Contains("[1] mkdir(0, 0) = -14 EFAULT", lines);
    }

    /// <summary>Flags are shown by name, as docs/tracing.md says: open's access mode and bits (and in hex a bit no name
    /// covers), mmap's protection and flags, PROT_NONE, an *at call's flags, AT_FDCWD.</summary>
    [Fact]
    public void FlagsAreShownByName()
    {
        var result = Run.Cli("run", "--trace", TestPaths.Guest("errors/trace"), "strings");
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Contains(@"[1] openat(AT_FDCWD, ""/no/such/file"", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC|0x4000000, 420) = -2 ENOENT", lines);
        string mmap = Assert.Single(lines, l => l.StartsWith("[1] mmap(", StringComparison.Ordinal));
        Assert.Matches(@"^\[1\] mmap\(0, 4096, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x[0-9a-f]+$", mmap);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[1\] mprotect\(0x[0-9a-f]+, 4096, PROT_NONE\) = 0$"));
        Assert.Contains(@"[1] newfstatat(12345, ""x"", 0, AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH) = -9 EBADF", lines);
    }

    /// <summary>What a call fills is shown after it returns, and the structures strace shows as strace shows them
    /// (docs/tracing.md, "What a call fills, and structures"): a read's bytes, a stat (a pipe's, a device's), a timespec
    /// read and one filled, a clock by name, the descriptors pipe2 and socketpair make; a failed call's buffer as its value.</summary>
    [Fact]
    public void WhatACallFillsAndItsStructuresAreShown()
    {
        var result = Run.Cli("run", "--trace", TestPaths.Guest("errors/trace"), "filled");
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Contains("[1] pipe2([3, 4], 0) = 0", lines);
        Assert.Contains(@"[1] read(3, ""hi"", 64) = 2", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[1\] read\(99, 0x[0-9a-f]+, 64\) = -9 EBADF$"));
        Assert.Contains("[1] fstat(3, {st_mode=S_IFIFO|0600, st_size=0, ...}) = 0", lines);
        Assert.Contains(@"[1] stat(""/dev/null"", {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}) = 0", lines);
        Assert.Contains("[1] socketpair(1, 1, 0, [5, 6]) = 0", lines);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[1\] clock_gettime\(CLOCK_MONOTONIC, \{tv_sec=[0-9]+, tv_nsec=[0-9]+\}\) = 0$"));
        Assert.Contains("[1] nanosleep({tv_sec=0, tv_nsec=1000}, 0) = 0", lines);
    }

    /// <summary>-e selects the calls the text shows, as strace's -e trace=: names, %file (calls that take a path), a family
    /// (abi/families.tsv, %core), a leading ! to leave out; -o writes the trace to a file. The program's own output is untouched.</summary>
    [Fact]
    public void TheTraceShowsTheCallsAskedForAndGoesWhereItIsSent()
    {
        string program = TestPaths.Guest("errors/trace");
        using var scratch = new Scratch();
        string file = scratch.File("trace.txt");
        var result = Run.Cli("run", "-e", "openat", "-o", file, program, "strings");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("microcosm-trace", result.StandardError);
        var calls = Calls(TraceGrammar.Parse(File.ReadAllText(file)));
        Assert.Equal(["openat"], calls.Distinct());

        Assert.Equal(["openat", "mkdir", "newfstatat"], Calls(TraceGrammar.Parse(Run.Cli("run", "-e", "%file", program, "strings").StandardError)).Distinct());
        var notWrite = Calls(TraceGrammar.Parse(Run.Cli("run", "--trace", "-e", "!write", program, "strings").StandardError));
        Assert.Contains("openat", notWrite);
        Assert.DoesNotContain("write", notWrite);
        Assert.Equal(["mc_register", "mc_deregister"], Calls(TraceGrammar.Parse(Run.Cli("run", "-e", "%core", program).StandardError)).Distinct());
        Assert.Equal(["write"], Calls(TraceGrammar.Parse(Run.Cli("run", "-e", "%fd", program, "strings").StandardError)).Distinct());
        Assert.Equal(["openat", "mkdir", "newfstatat"], Calls(TraceGrammar.Parse(Run.Cli("run", "-e", "%path,!%core", program, "strings").StandardError)).Distinct());
    }

    /// <summary>The thread structure's reads (-9: a program that asks for it may ask all the time) are left out unless asked
    /// for by name. threads/expand asks with mc_thread_self (the C library reads it directly where the host allows: -28).</summary>
    [Fact]
    public void ThreadStructureReadsAreShownOnlyWhenAskedFor()
    {
        string program = TestPaths.Guest("threads/expand");
        var all = Calls(TraceGrammar.Parse(Run.Cli("run", "--trace", program).StandardError));
        Assert.Contains("mc_expand_thread", all);
        Assert.DoesNotContain("mc_thread_self", all);
        Assert.Contains("mc_thread_self", Calls(TraceGrammar.Parse(Run.Cli("run", "-e", "mc_thread_self", program).StandardError)));
    }

    [Theory]
    [InlineData("%bogus", "-e %bogus: no such class of calls (%file, %fd, %path, %memory, %time, %process, %spawn, %futex, %socket, %core)")]
    [InlineData("", "-e: name the calls to show (names, %file, %fd, %path,")]
    public void AnUnknownTraceSelectionIsRefusedClearly(string spec, string message)
    {
        var result = Run.Cli("run", "-e", spec, TestPaths.Guest("errors/trace"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError);
    }

    /// <summary>The syscall names of a trace's call lines, in order.</summary>
    private static List<string> Calls(IEnumerable<string> lines) =>
        lines.Select(l => Regex.Match(l, @"^\[\d+\] ([a-z_0-9-]+)\(")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>A line with its addresses left out (two runs place objects differently).</summary>
    private static string Unbased(string line) => Regex.Replace(line, "0x[0-9a-f]+", "0x");

    [Fact]
    public void TraceOfAKnownProgramIsExactlyTheDocumentedFormat()
    {
        string program = TestPaths.Guest("errors/trace");
        var result = Run.Cli("run", "--trace", "--trace-modules", program);
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Equal("# microcosm-trace 4", lines[0]);
        Assert.Single(lines, l => l.StartsWith('#'));

        // Without --trace-modules, the program's lines alone, exactly the same.
        var programOnly = TraceGrammar.Parse(Run.Cli("run", "--trace", program).StandardError);
        Assert.Equal("# microcosm-trace 4", programOnly[0]);
        Assert.DoesNotContain(programOnly, l => l.Contains("scope=\"modules\""));
        Assert.Equal(lines[Array.FindIndex(lines, l => l.Contains("* object-load scope=\"program\""))..].Select(Unbased), programOnly[1..].Select(Unbased));

        // Module start-up comes first: its objects, then its thread's life.
        int programLoad = Array.FindIndex(lines, l => l.Contains("* object-load scope=\"program\""));
        Assert.True(programLoad > 0);
        Assert.All(lines[1..programLoad].Where(l => l.Contains("* object-load")), l => Assert.Contains("scope=\"modules\"", l));
        Assert.Contains(lines[1..programLoad], l => Regex.IsMatch(l, @"^\[0\] \* object-load scope=""modules"" kind=""guest"" base=0x[0-9a-f]+ name=""microcosm-modules.so"" path="".*/microcosm-modules.so""$"));
        Assert.Contains(lines[1..programLoad], l => l == "[0] * object-load scope=\"modules\" kind=\"builtin\" base=0x0 name=\"libmicrocosm.so\" path=\"(built-in libmicrocosm.so)\"");
        Assert.Contains(lines[1..programLoad], l => Regex.IsMatch(l, @"^\[0\] \* object-load scope=""modules"" kind=""host"" base=0x0 name=""libhost_libc.so.6"" path="".+libc.so.6""$"));
        int startupTid = int.Parse(Regex.Match(lines.First(l => l.EndsWith("* thread-start adopted=0")), @"^\[(\d+)\]").Groups[1].Value);
        Assert.NotEqual(1, startupTid);
        Assert.Contains($"[{startupTid}] * thread-end value=0", lines[1..programLoad]);

        // The program: exactly these lines, in this order.
        string[] expected =
        [
            $@"\[0\] \* object-load scope=""program"" kind=""guest"" base=0x[0-9a-f]+ name=""trace"" path=""{Regex.Escape(program)}""",
            @"\[1\] \* thread-start adopted=0",
            @"\[1\] syscall_4021\(1, 2, 3, 4\) = -38 ENOSYS",
            @"\[1\] mc_register\(4022, 0x[0-9a-f]+\) = 0",
            @"\[1\] syscall_4022\(5, 6, 0, 0\) = 11",
            @"\[1\] mc_deregister\(4022\) = 0",
            @"\[1\] \* thread-end value=0",
        ];
        Assert.Equal(expected.Length, lines.Length - programLoad);
        for (int i = 0; i < expected.Length; i++) Assert.Matches("^" + expected[i] + "$", lines[programLoad + i]);

        var fields = TraceGrammar.Fields(lines[programLoad]);
        Assert.Equal(["scope", "kind", "base", "name", "path"], fields.Select(f => f.Key));
        Assert.Equal(program, fields[4].Value);
    }

    /// <summary>A fork child of a traced program traces too, each of its lines marked with its process id; the parent's
    /// are not (dynload's child reopens the parent's plug-in and ends by _exit).</summary>
    [Fact]
    public void AForkChildsTraceLinesCarryItsProcessId()
    {
        var result = Run.Cli(["run", "--trace", TestPaths.Guest("libc/dynload")], null, timeoutSeconds: 120);
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError.Replace("\r", "")).Where(l => l.StartsWith('[') || l.StartsWith('#')).ToArray();
        var child = lines.Select(l => Regex.Match(l, @"^\[pid (\d+)\] (.*)$")).Where(m => m.Success).ToList();
        Assert.NotEmpty(child);
        Assert.Single(child.Select(m => m.Groups[1].Value).Distinct());
        Assert.Equal("# microcosm-trace 4", child[0].Groups[2].Value);
        Assert.Contains(child, m => Regex.IsMatch(m.Groups[2].Value, @"^\[1\] exit_group\(0\) ends the thread$"));
        Assert.Equal("# microcosm-trace 4", lines[0]);   // the parent's own: no prefix
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[1\] fork\(\) = " + child[0].Groups[1].Value + "$"));
    }

    /// <summary>With -o FILE, a fork child traces to FILE.PID, as strace -ff -o does: a file of its own, so that the
    /// processes' lines never mix; its lines still carry its process id.</summary>
    [Fact]
    public void AForkChildTracesToAFileOfItsOwnBesideItsParents()
    {
        using var scratch = new Scratch();
        string file = scratch.File("trace.txt");
        var result = Run.Cli(["run", "-o", file, TestPaths.Guest("libc/dynload")], null, timeoutSeconds: 120);
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("microcosm-trace", result.StandardError);
        string child = Assert.Single(Directory.GetFiles(scratch.Root, "trace.txt.*"), f => f != file);   // the pattern matches FILE too
        string pid = Path.GetExtension(child)[1..];
        var childLines = TraceGrammar.Parse(File.ReadAllText(child).Replace("\r", ""));
        Assert.Equal($"[pid {pid}] # microcosm-trace 4", childLines[0]);
        Assert.Contains($"[pid {pid}] [1] exit_group(0) ends the thread", childLines);
        var lines = TraceGrammar.Parse(File.ReadAllText(file).Replace("\r", ""));
        Assert.Equal("# microcosm-trace 4", lines[0]);
        Assert.Contains($"[1] fork() = {pid}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("[pid", StringComparison.Ordinal));
    }

    [Fact]
    public void ThreadsKillsAndEndsAreTraced()
    {
        var result = Run.Cli("run", "--trace", TestPaths.Guest("threads/kill"));
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        var starts = lines.Select(l => Regex.Match(l, @"^\[(\d+)\] \* thread-start adopted=0$")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        var ends = lines.Select(l => Regex.Match(l, @"^\[(\d+)\] \* thread-end value=(-?\d+)$")).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value));
        Assert.Equal(starts.Order(), ends.Keys.Order()); // every thread that starts ends, once
        Assert.Equal(0, ends["1"]);
        // The program's threads (tids from mc_spawn's results) end with the values kill.c expects.
        var spawned = lines.Where(l => l.StartsWith("[1] mc_spawn(")).Select(l => Regex.Match(l, @"= (\d+)$").Groups[1].Value).ToList();
        Assert.Equal(4, spawned.Count);
        Assert.Equal([7L, 9L, 22L, 21L], spawned.Select(t => ends[t]));
        Assert.Matches(@"\[\d+\] mc_kill\(0, 7\) ends the thread", result.StandardError);
        Assert.Matches(@"\[\d+\] killed at mc_get", result.StandardError);
        // A thread's last line is its end.
        foreach (var tid in spawned)
            Assert.Equal($"[{tid}] * thread-end value={ends[tid]}", lines.Last(l => l.StartsWith($"[{tid}] ")));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a \"quoted\" \\ path", "\"a \\\"quoted\\\" \\\\ path\"")]
    [InlineData("line\nfeed\ttab\rcr", "\"line\\nfeed\\ttab\\rcr\"")]
    [InlineData("bell\a del\x7f", "\"bell\\x07 del\\x7f\"")]
    [InlineData("ünï", "\"ünï\"")]
    public void StringFieldsAreEscapedAsDocumented(string value, string written)
    {
        string line = TraceFormat.Field(TraceFormat.Event(3, "object-load"), "path", value).ToString();
        Assert.Equal("[3] * object-load path=" + written, line);
        Assert.Matches(TraceGrammar.Line, line);
        Assert.Equal([("path", value)], TraceGrammar.Fields(line));
    }
}
