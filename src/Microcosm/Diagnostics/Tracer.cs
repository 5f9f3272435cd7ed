namespace Microcosm.Diagnostics;

/// <summary>
/// One instance's trace: each event goes to the text writer (<c>--trace</c>, when set) and to
/// <see cref="MicrocosmEventSource"/> (when someone listens). Nothing here is on the native fast path:
/// syscalls reach it only while <see cref="SyscallsWanted"/> (see SyscallTable).
/// </summary>
internal sealed class Tracer
{
    private readonly TextWriter? _writer;
    private readonly string _prefix;
    private readonly Lock _gate = new();
    private static readonly MicrocosmEventSource Events = MicrocosmEventSource.Log;

    private readonly TraceSelection _selection;

    public Tracer(TextWriter? writer, string prefix = "", TraceSelection? selection = null)
    {
        _writer = writer;
        _prefix = prefix;
        _selection = selection ?? TraceSelection.Default;
        if (writer != null) Write(TraceFormat.Header);
    }

    /// <summary>Whether syscalls must leave the fast path for the tracer: text tracing, or an EventSource listener.</summary>
    public bool SyscallsWanted => _writer != null || Events.SyscallsEnabled;

    /// <summary>Whether the text shows this call (<see cref="TraceSelection"/>); the EventSource reports every call.</summary>
    public bool ShowsCall(string name, string arguments, string family) => _writer != null && _selection.Shows(name, arguments, family);

    /// <summary>While true, nothing is written as text (the modules' start-up, unless asked for); the EventSource goes on.</summary>
    public bool TextPaused { get; set; }

    /// <summary>Whether thread starts and ends are reported: then spawned threads start through C# (ThreadManager.Spawn).</summary>
    public bool ThreadsWanted => _writer != null || Events.ThreadsEnabled;

    // ---- syscalls (called by SyscallTracer) ------------------------------------------------

    public void SyscallEnter(long tid, long number, string name, ReadOnlySpan<nint> args)
    {
        if (Events.SyscallsEnabled) Events.SyscallEnter(tid, number, name, args[0], args[1], args[2], args[3], args[4], args[5]);
    }

    /// <summary>The call returned; <c>call</c> is the text line's start (<see cref="TraceFormat.Call"/>), null without text
    /// tracing; <c>errno</c> the name of the error an error result stands for.</summary>
    public void SyscallExit(long tid, long number, string name, System.Text.StringBuilder? call, nint result, string? errno)
    {
        if (call != null) Write(TraceFormat.Returned(call, result, errno));
        if (Events.SyscallsEnabled) Events.SyscallExit(tid, number, name, result, errno ?? "");
    }

    public void SyscallEndsThread(long tid, long number, string name, System.Text.StringBuilder? call)
    {
        if (call != null) Write(TraceFormat.EndsThread(call));
        if (Events.SyscallsEnabled) Events.SyscallEndsThread(tid, number, name);
    }

    public void Killed(long tid, long number, string name)
    {
        if (_writer != null) Write(TraceFormat.Killed(tid, name));
        if (Events.SyscallsEnabled) Events.ThreadKilled(tid, number, name);
    }

    // ---- threads and objects ---------------------------------------------------------------

    public void ThreadStart(long tid, bool adopted)
    {
        if (_writer != null) Write(TraceFormat.Field(TraceFormat.Event(tid, "thread-start"), "adopted", adopted ? 1 : 0).ToString());
        if (Events.ThreadsEnabled) Events.ThreadStart(tid, adopted);
    }

    public void ThreadEnd(long tid, nint value)
    {
        if (_writer != null) Write(TraceFormat.Field(TraceFormat.Event(tid, "thread-end"), "value", value).ToString());
        if (Events.ThreadsEnabled) Events.ThreadEnd(tid, value);
    }

    /// <summary>Whether object loads are reported.</summary>
    public bool LoadsWanted => _writer != null || Events.LoadingEnabled;

    /// <summary>An object the instance loaded for <paramref name="scope"/> ("program" or "modules"): its kind ("guest",
    /// "host" or "builtin"), the address it is loaded at (0 if it is not the instance's to map), its name and path.</summary>
    public void ObjectLoad(long tid, string scope, string kind, ulong address, string name, string path)
    {
        if (_writer != null)
        {
            var line = TraceFormat.Event(tid, "object-load");
            TraceFormat.Field(line, "scope", scope);
            TraceFormat.Field(line, "kind", kind);
            TraceFormat.Address(line, "base", address);
            TraceFormat.Field(line, "name", name);
            TraceFormat.Field(line, "path", path);
            Write(line.ToString());
        }
        if (Events.LoadingEnabled) Events.ObjectLoad(tid, scope, kind, (long)address, name, path);
    }

    /// <summary>A trace that cannot be written (a closed pipe, a disposed writer) loses the line, never the program.</summary>
    private void Write(string line)
    {
        if (TextPaused) return;
        lock (_gate)
        {
            try
            {
                _writer!.WriteLine(_prefix.Length == 0 ? line : _prefix + line);
                _writer.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
            }
        }
    }
}
