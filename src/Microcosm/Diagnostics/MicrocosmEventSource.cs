using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Tracing;

namespace Microcosm.Diagnostics;

/// <summary>
/// The events of <c>--trace</c> (docs/tracing.md) as a .NET EventSource named "Microcosm", for
/// dotnet-trace, PerfView or an in-process <see cref="EventListener"/>. Event ids and payloads are
/// part of the documented format: new events get new ids, payload fields are only ever appended.
/// While nobody listens to <see cref="Keywords.Syscalls"/>, syscalls stay on the native fast path.
/// </summary>
[EventSource(Name = SourceName)]
public sealed class MicrocosmEventSource : EventSource
{
    public const string SourceName = "Microcosm";

    /// <summary>The one instance: every Cosmos of the process reports through it.</summary>
    public static readonly MicrocosmEventSource Log = new();

    /// <summary>Event ids (stable).</summary>
    public const int SyscallEnterId = 1, SyscallExitId = 2, SyscallEndsThreadId = 3, ThreadKilledId = 4,
        ThreadStartId = 5, ThreadEndId = 6, ObjectLoadId = 7;

    /// <summary>Keywords select families of events; Syscalls is the costly one (every call leaves the fast path).</summary>
    public static class Keywords
    {
        public const EventKeywords Syscalls = (EventKeywords)1;
        public const EventKeywords Threads = (EventKeywords)2;
        public const EventKeywords Loading = (EventKeywords)4;
    }

    private MicrocosmEventSource() { }

    /// <summary>Raised when a listener enables or disables events: instances re-check whether to route syscalls here.</summary>
    internal static event Action? Changed;

    internal bool SyscallsEnabled => IsEnabled(EventLevel.Informational, Keywords.Syscalls);
    internal bool ThreadsEnabled => IsEnabled(EventLevel.Informational, Keywords.Threads);
    internal bool LoadingEnabled => IsEnabled(EventLevel.Informational, Keywords.Loading);

    protected override void OnEventCommand(EventCommandEventArgs command) => Changed?.Invoke();

    /// <summary>A syscall is about to be dispatched (all six argument registers; only the first ones may be meaningful).</summary>
    [Event(SyscallEnterId, Level = EventLevel.Informational, Keywords = Keywords.Syscalls)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    public unsafe void SyscallEnter(long tid, long number, string name, long a, long b, long c, long d, long e, long f)
    {
        fixed (char* text = name)
        {
            EventData* data = stackalloc EventData[9];
            Set(data, 0, &tid);
            Set(data, 1, &number);
            SetString(data, 2, text, name);
            Set(data, 3, &a);
            Set(data, 4, &b);
            Set(data, 5, &c);
            Set(data, 6, &d);
            Set(data, 7, &e);
            Set(data, 8, &f);
            WriteEventCore(SyscallEnterId, 9, data);
        }
    }

    /// <summary>A syscall returned <paramref name="result"/>; <paramref name="errno"/> names a -errno result, else empty.</summary>
    [Event(SyscallExitId, Level = EventLevel.Informational, Keywords = Keywords.Syscalls)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    public unsafe void SyscallExit(long tid, long number, string name, long result, string errno)
    {
        fixed (char* text = name)
        fixed (char* errnoText = errno)
        {
            EventData* data = stackalloc EventData[5];
            Set(data, 0, &tid);
            Set(data, 1, &number);
            SetString(data, 2, text, name);
            Set(data, 3, &result);
            SetString(data, 4, errnoText, errno);
            WriteEventCore(SyscallExitId, 5, data);
        }
    }

    /// <summary>The syscall ended the calling thread instead of returning (mc_kill of itself, or killed while it waited).</summary>
    [Event(SyscallEndsThreadId, Level = EventLevel.Informational, Keywords = Keywords.Syscalls)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    public unsafe void SyscallEndsThread(long tid, long number, string name) => WriteCall(SyscallEndsThreadId, tid, number, name);

    /// <summary>A pending kill ended the thread as it made (or returned from) syscall <paramref name="name"/>.</summary>
    [Event(ThreadKilledId, Level = EventLevel.Informational, Keywords = Keywords.Syscalls)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    public unsafe void ThreadKilled(long tid, long number, string name) => WriteCall(ThreadKilledId, tid, number, name);

    /// <summary>A Microcosm thread started (or a host thread was adopted), on that thread.</summary>
    [Event(ThreadStartId, Level = EventLevel.Informational, Keywords = Keywords.Threads)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    public unsafe void ThreadStart(long tid, bool adopted)
    {
        int flag = adopted ? 1 : 0; // a bool payload is 4 bytes
        EventData* data = stackalloc EventData[2];
        Set(data, 0, &tid);
        data[1].DataPointer = (nint)(&flag);
        data[1].Size = sizeof(int);
        WriteEventCore(ThreadStartId, 2, data);
    }

    /// <summary>A Microcosm thread ended (or an adopted one was released) with <paramref name="value"/>.</summary>
    [Event(ThreadEndId, Level = EventLevel.Informational, Keywords = Keywords.Threads)]
    public void ThreadEnd(long tid, long value) => WriteEvent(ThreadEndId, tid, value); // (int, long, long): no allocation

    /// <summary>An object was loaded (mapped and, for a run, relocated) for the program or the modules.</summary>
    [Event(ObjectLoadId, Level = EventLevel.Informational, Keywords = Keywords.Loading)]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    public unsafe void ObjectLoad(long tid, string scope, string kind, long @base, string name, string path)
    {
        fixed (char* scopeText = scope)
        fixed (char* kindText = kind)
        fixed (char* nameText = name)
        fixed (char* pathText = path)
        {
            EventData* data = stackalloc EventData[6];
            Set(data, 0, &tid);
            SetString(data, 1, scopeText, scope);
            SetString(data, 2, kindText, kind);
            Set(data, 3, &@base);
            SetString(data, 4, nameText, name);
            SetString(data, 5, pathText, path);
            WriteEventCore(ObjectLoadId, 6, data);
        }
    }

    /// <summary>(tid, number, name): the payload of events 3 and 4.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The payload is only primitives and strings.")]
    private unsafe void WriteCall(int id, long tid, long number, string name)
    {
        fixed (char* text = name)
        {
            EventData* data = stackalloc EventData[3];
            Set(data, 0, &tid);
            Set(data, 1, &number);
            SetString(data, 2, text, name);
            WriteEventCore(id, 3, data);
        }
    }

    private static unsafe void Set(EventData* data, int index, long* value)
    {
        data[index].DataPointer = (nint)value;
        data[index].Size = sizeof(long);
    }

    private static unsafe void SetString(EventData* data, int index, char* text, string value)
    {
        data[index].DataPointer = (nint)text;
        data[index].Size = (value.Length + 1) * sizeof(char);
    }
}
