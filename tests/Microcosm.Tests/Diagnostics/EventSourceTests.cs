using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microcosm.Diagnostics;
using Microcosm.Syscalls;

namespace Microcosm.Tests.Diagnostics;

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
