namespace Microcosm.Diagnostics;

/// <summary>
/// Which calls a text trace shows (<c>run -e LIST</c>, <c>CosmosOptions.TraceCalls</c>), as strace's <c>-e trace=</c>:
/// a comma-separated list of call names as the trace writes them (<c>openat</c>, <c>mc_register</c>, <c>syscall_4021</c>)
/// and classes — <c>%file</c>, the calls that take a path (a string argument: docs/tracing.md), and <c>%FAMILY</c> for
/// each family of calls: the standard modules' (<c>%fd</c>, <c>%path</c>, <c>%memory</c>, ...: abi/families.tsv) and
/// <c>%core</c>, the core's own — each selecting, or with a leading <c>!</c> leaving out. A list of exclusions alone starts
/// from the default, which shows every call but the thread structure's reads (<c>mc_thread_self</c>): a C library makes
/// them all the time, and they tell a reader nothing. Only the text is selected: the EventSource reports every call.
/// </summary>
public sealed class TraceSelection
{
    /// <summary>The call the default leaves out.</summary>
    public const string ThreadStructureRead = "mc_thread_self";

    /// <summary>The class of the calls that take a path.</summary>
    private const string File = "file";

    private readonly HashSet<string> _names = [], _classes = [], _leftOutNames = [], _leftOutClasses = [];
    private readonly bool _selects;

    private TraceSelection() { }

    private TraceSelection(HashSet<string> names, HashSet<string> classes, HashSet<string> leftOutNames, HashSet<string> leftOutClasses)
    {
        (_names, _classes, _leftOutNames, _leftOutClasses) = (names, classes, leftOutNames, leftOutClasses);
        _selects = names.Count > 0 || classes.Count > 0;
    }

    /// <summary>Every call but <see cref="ThreadStructureRead"/>.</summary>
    public static TraceSelection Default { get; } = new();

    /// <summary>Reads a list (see the class) whose classes are <c>%file</c> and <paramref name="families"/>; throws
    /// <see cref="FormatException"/> saying what is wrong with it.</summary>
    public static TraceSelection Parse(string spec, IReadOnlyCollection<string> families)
    {
        HashSet<string> names = [], classes = [], leftOutNames = [], leftOutClasses = [];
        string known = string.Join(", ", families.Prepend(File).Select(f => "%" + f));
        foreach (string entry in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            bool not = entry.StartsWith('!');
            string item = not ? entry[1..] : entry;
            if (item.Length == 0) throw new FormatException($"name the calls to show (names, {known}; ! before one leaves it out)");
            if (item.StartsWith('%'))
            {
                string name = item[1..];
                if (name != File && !families.Contains(name)) throw new FormatException($"{entry}: no such class of calls ({known})");
                (not ? leftOutClasses : classes).Add(name);
            }
            else
            {
                (not ? leftOutNames : names).Add(item);
            }
        }
        return new TraceSelection(names, classes, leftOutNames, leftOutClasses);
    }

    /// <summary>Whether the text shows call <paramref name="name"/>, of <paramref name="family"/>, whose arguments are
    /// described by <paramref name="arguments"/> (one kind letter each: s a string it reads, i.e. a path).</summary>
    public bool Shows(string name, string arguments, string family)
    {
        bool takesPath = arguments.Contains('s');
        bool In(HashSet<string> set) => set.Contains(family) || (takesPath && set.Contains(File));
        if (_leftOutNames.Contains(name) || In(_leftOutClasses)) return false;
        if (!_selects) return name != ThreadStructureRead;
        return _names.Contains(name) || In(_classes);
    }
}
