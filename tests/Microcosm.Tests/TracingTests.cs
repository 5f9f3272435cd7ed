using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;
using Microcosm.Diagnostics;
using Microcosm.Syscalls;

namespace Microcosm.Tests;

/// <summary>`--trace` output against docs/tracing.md, parsed with the grammar printed there.</summary>
public class TracingTests
{
    public TracingTests() => GuestBuild.Ensure();

    [Fact]
    public void TraceOfAKnownProgramIsExactlyTheDocumentedFormat()
    {
        string program = TestPaths.Guest("errors/trace");
        var result = Run.Cli("run", "--trace", program);
        Assert.Equal(0, result.ExitCode);
        var lines = TraceGrammar.Parse(result.StandardError);
        Assert.Equal("# microcosm-trace 1", lines[0]);
        Assert.Single(lines, l => l.StartsWith('#'));

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

/// <summary>The "Microcosm" EventSource, received in process (it changes every instance's dispatch path, so it runs alone).</summary>
[Collection(ProcessWideMeasurements.Name)]
public class EventSourceTests
{
    public EventSourceTests() => GuestBuild.Ensure();

    private sealed class Recorder : EventListener
    {
        public readonly ConcurrentQueue<EventWrittenEventArgs> Events = new();
        public EventSource? Source;

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name != MicrocosmEventSource.SourceName) return;
            Source = source;
            EnableEvents(source, EventLevel.Informational, EventKeywords.All);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventSource.Name == MicrocosmEventSource.SourceName) Events.Enqueue(e);
        }

        public List<EventWrittenEventArgs> Named(string name) => [.. Events.Where(e => e.EventName == name)];
    }

    private static Dictionary<string, object?> Payload(EventWrittenEventArgs e) =>
        e.PayloadNames!.Zip(e.Payload!).ToDictionary(p => p.First, p => p.Second);

    [Fact]
    public void ListenerReceivesTheDocumentedEventsAndPayloads()
    {
        string program = TestPaths.Guest("errors/trace");
        using var recorder = new Recorder();
        using (var cosmos = new Cosmos())
            Assert.Equal(0, cosmos.Run(program));

        var load = Assert.Single(recorder.Named("ObjectLoad"), e => (string?)Payload(e)["path"] == program);
        Assert.Equal(MicrocosmEventSource.ObjectLoadId, load.EventId);
        Assert.Equal(["tid", "scope", "kind", "base", "name", "path"], load.PayloadNames);
        var p = Payload(load);
        Assert.Equal((0L, "program", "guest", "trace"), ((long)p["tid"]!, (string)p["scope"]!, (string)p["kind"]!, (string)p["name"]!));
        Assert.NotEqual(0L, (long)p["base"]!);

        var start = Assert.Single(recorder.Named("ThreadStart"));
        Assert.Equal(MicrocosmEventSource.ThreadStartId, start.EventId);
        Assert.Equal(new Dictionary<string, object?> { ["tid"] = 1L, ["adopted"] = false }, Payload(start));
        var end = Assert.Single(recorder.Named("ThreadEnd"));
        Assert.Equal(new Dictionary<string, object?> { ["tid"] = 1L, ["value"] = 0L }, Payload(end));

        var enter = Assert.Single(recorder.Named("SyscallEnter"), e => (long)Payload(e)["number"]! == 4021);
        Assert.Equal(MicrocosmEventSource.SyscallEnterId, enter.EventId);
        Assert.Equal(["tid", "number", "name", "a", "b", "c", "d", "e", "f"], enter.PayloadNames);
        Assert.Equal([1L, 4021L, "syscall_4021", 1L, 2L, 3L, 4L], Payload(enter).Values.Take(7));

        var exits = recorder.Named("SyscallExit").Select(Payload).Where(x => (long)x["number"]! is 4021 or 4022).ToList();
        Assert.Equal(2, exits.Count);
        Assert.Equal(new Dictionary<string, object?> { ["tid"] = 1L, ["number"] = 4021L, ["name"] = "syscall_4021", ["result"] = -38L, ["errno"] = "ENOSYS" }, exits[0]);
        Assert.Equal(new Dictionary<string, object?> { ["tid"] = 1L, ["number"] = 4022L, ["name"] = "syscall_4022", ["result"] = 11L, ["errno"] = "" }, exits[1]);
        Assert.Equal(MicrocosmEventSource.SyscallExitId, recorder.Named("SyscallExit")[0].EventId);
        var register = Assert.Single(recorder.Named("SyscallExit"), e => (string?)Payload(e)["name"] == "mc_register");
        Assert.Equal(0L, Payload(register)["result"]);
    }

    [Fact]
    public void KillsAndThreadEndsArriveAsEvents()
    {
        using var recorder = new Recorder();
        using (var cosmos = new Cosmos())
            Assert.Equal(0, cosmos.Run(TestPaths.Guest("threads/kill")));
        Assert.Contains(recorder.Named("ThreadKilled"), e => (string?)Payload(e)["name"] == "mc_get" && e.EventId == MicrocosmEventSource.ThreadKilledId);
        Assert.Contains(recorder.Named("SyscallEndsThread"), e => (long)Payload(e)["number"]! == CoreSyscall.KillThread);
        var ends = recorder.Named("ThreadEnd").Select(e => (long)Payload(e)["value"]!).Order().ToList();
        Assert.Equal([0L, 7L, 9L, 21L, 22L], ends);
        Assert.Equal(5, recorder.Named("ThreadStart").Count);
    }

    [Fact]
    public void TracingUnderThreadChurnKeepsResultsAndPairsEveryStartWithAnEnd()
    {
        using var recorder = new Recorder();
        using (var cosmos = new Cosmos())
            Assert.Equal(0, cosmos.Run(TestPaths.Guest("stress/churn"), ["2"])); // kills land inside the traced path too
        // main + 8 workers + 8 x 2 rounds x 3 children.
        Assert.Equal(57, recorder.Named("ThreadStart").Count);
        Assert.Equal(57, recorder.Named("ThreadEnd").Count);
        Assert.Equal(57, recorder.Named("ThreadEnd").Select(e => (long)Payload(e)["tid"]!).Distinct().Count());
        Assert.Equal(32, recorder.Named("ThreadEnd").Count(e => (long)Payload(e)["value"]! is 77 or 78));
    }

    [Fact]
    public void SyscallsLeaveTheFastPathOnlyWhileSomeoneListens()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(4321, (in SyscallArgs a) => a.A * 2);
        Assert.False(cosmos.Syscalls.Tracing);
        Assert.Equal(42, cosmos.Syscalls.Invoke(4321, 21));

        var recorder = new Recorder(); // an instance that already exists starts tracing at its next call
        Assert.True(cosmos.Syscalls.Tracing);
        Assert.Equal(42, cosmos.Syscalls.Invoke(4321, 21));
        var exit = Assert.Single(recorder.Named("SyscallExit"), e => (long)Payload(e)["number"]! == 4321);
        Assert.Equal(42L, Payload(exit)["result"]);
        Assert.Equal(0L, Payload(exit)["tid"]); // the test's own thread is no Microcosm thread

        recorder.DisableEvents(recorder.Source!);
        Assert.False(cosmos.Syscalls.Tracing); // back on the native fast path
        Assert.Equal(42, cosmos.Syscalls.Invoke(4321, 21));
        Assert.Single(recorder.Named("SyscallExit"), e => (long)Payload(e)["number"]! == 4321);
        recorder.Dispose();

        // Threads and loads alone do not take syscalls off the fast path.
        using var quiet = new Recorder();
        quiet.DisableEvents(quiet.Source!);
        quiet.EnableEvents(quiet.Source!, EventLevel.Informational, MicrocosmEventSource.Keywords.Threads | MicrocosmEventSource.Keywords.Loading);
        Assert.False(cosmos.Syscalls.Tracing);
    }
}
