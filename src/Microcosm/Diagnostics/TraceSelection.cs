namespace Microcosm.Diagnostics;

/// <summary>
/// Which calls a text trace shows (<c>run -e SPEC</c>, <c>CosmosOptions.TraceCalls</c>), as strace's <c>-e trace=</c>:
/// a comma-separated list of call names as the trace writes them (<c>openat</c>, <c>mc_register</c>, <c>syscall_4021</c>)
/// and classes — <c>%file</c>, the calls that take a path (a string argument: docs/tracing.md), <c>%core</c>, the core's
/// own — each selecting, or with a leading <c>!</c> leaving out. A list of exclusions alone starts from the default,
/// which shows every call but the thread structure's reads (<c>mc_thread_self</c>): a C library makes them all the time,
/// and they say nothing a reader of the trace wants to know. Only the text is selected: the EventSource reports every call.
/// </summary>
public sealed class TraceSelection
{
    /// <summary>The call the default leaves out.</summary>
    public const string ThreadStructureRead = "mc_thread_self";

    private readonly HashSet<string> _names = [], _leftOut = [];
    private readonly bool _selects, _file, _core, _noFile, _noCore;

    private TraceSelection() { }

    private TraceSelection(HashSet<string> names, HashSet<string> leftOut, bool file, bool core, bool noFile, bool noCore)
    {
        (_names, _leftOut, _file, _core, _noFile, _noCore) = (names, leftOut, file, core, noFile, noCore);
        _selects = names.Count > 0 || file || core;
    }

    /// <summary>Every call but <see cref="ThreadStructureRead"/>.</summary>
    public static TraceSelection Default { get; } = new();

    /// <summary>Reads a list (see the class); throws <see cref="FormatException"/> saying what is wrong with it.</summary>
    public static TraceSelection Parse(string spec)
    {
        HashSet<string> names = [], leftOut = [];
        bool file = false, core = false, noFile = false, noCore = false;
        foreach (string entry in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            bool not = entry.StartsWith('!');
            string item = not ? entry[1..] : entry;
            if (item.Length == 0) throw new FormatException("name the calls to show (names, %file, %core; ! before one leaves it out)");
            switch (item)
            {
                case "%file": if (not) noFile = true; else file = true; break;
                case "%core": if (not) noCore = true; else core = true; break;
                default:
                    if (item.StartsWith('%')) throw new FormatException($"{entry}: no such class of calls (%file, %core)");
                    (not ? leftOut : names).Add(item);
                    break;
            }
        }
        return new TraceSelection(names, leftOut, file, core, noFile, noCore);
    }

    /// <summary>Whether the text shows call <paramref name="name"/> (number <paramref name="number"/>, whose arguments are
    /// described by <paramref name="arguments"/>: a count, or one kind letter each).</summary>
    public bool Shows(long number, string name, string arguments)
    {
        bool file = arguments.Contains('s'), core = number < 0;
        if (_leftOut.Contains(name) || (_noFile && file) || (_noCore && core)) return false;
        if (!_selects) return name != ThreadStructureRead;
        return _names.Contains(name) || (_file && file) || (_core && core);
    }
}
