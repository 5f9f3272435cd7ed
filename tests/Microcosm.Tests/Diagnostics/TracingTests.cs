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
        Assert.Contains(@"[1] openat(-100, ""/no/such/directory/and/a/name/lo""..., 0, 0) = -2 ENOENT", lines);
        Assert.Contains("[1] mkdir(0, 0) = -14 EFAULT", lines);
    }

    /// <summary>A line with its addresses left out (two runs place objects differently).</summary>
    private static string Unbased(string line) => Regex.Replace(line, "0x[0-9a-f]+", "0x");

    [Fact]
    public void TraceOfAKnownProgramIsExactlyTheDocumentedFormat()
    {
        string program = TestPaths.Guest("errors/trace");
        var result = Run.Cli("run", "--trace", "--trace-modules", program);
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Equal("# microcosm-trace 2", lines[0]);
        Assert.Single(lines, l => l.StartsWith('#'));

        // Without --trace-modules, the program's lines alone, exactly the same.
        var programOnly = TraceGrammar.Parse(Run.Cli("run", "--trace", program).StandardError);
        Assert.Equal("# microcosm-trace 2", programOnly[0]);
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
        Assert.Equal("# microcosm-trace 2", child[0].Groups[2].Value);
        Assert.Contains(child, m => Regex.IsMatch(m.Groups[2].Value, @"^\[1\] exit_group\(0\) ends the thread$"));
        Assert.Equal("# microcosm-trace 2", lines[0]);   // the parent's own: no prefix
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[1\] fork\(\) = " + child[0].Groups[1].Value + "$"));
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
