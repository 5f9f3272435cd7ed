using System.Runtime.InteropServices;

namespace Microcosm.Faults;

/// <summary>
/// The executable ranges of the programs' own objects - a program, its libraries, what it loads with dlopen; never a
/// module, libmicrocosm.so, a host library or the core - process-wide, in a native table the fault route reads in signal
/// context without a lock (<see cref="FaultRoute"/>, the stop of a thread). A thread interrupted there holds nothing
/// of Microcosm's or the host's (no module lock, no host library's state half-changed), so a program that is ending can
/// be stopped there even if it never makes a system call again (docs/threads.md, "Stopping a thread that computes").
/// An entry is written start first, end last, and removed end first: a reader sees whole entries or empty ones.
/// </summary>
internal static unsafe class ProgramCode
{
    /// <summary>Entries in the table; an object whose ranges do not fit is not stoppable (it is the rare
    /// process with more than this many executable segments of programs mapped at once).</summary>
    public const int Capacity = 1024;
    public const int EntrySize = 16, StartOffset = 0, EndOffset = 8;

    /// <summary>The table: <see cref="Capacity"/> entries of (start, end), run-time addresses; end 0 = empty.</summary>
    public static readonly nint Table = (nint)NativeMemory.AllocZeroed(Capacity * EntrySize);

    private static readonly Lock Gate = new();
    private static readonly Dictionary<IMappedImage, List<int>> Entries = [];

    /// <summary>Adds <paramref name="obj"/>'s executable segments (once).</summary>
    public static void Add(IMappedImage obj)
    {
        lock (Gate)
        {
            if (Entries.ContainsKey(obj)) return;
            var used = new List<int>();
            int next = 0;
            foreach (var (start, end) in obj.CodeRanges)
            {
                ulong* entry = null;
                for (; next < Capacity && entry == null; next++)
                    if (Volatile.Read(ref ((ulong*)(Table + next * EntrySize))[1]) == 0) entry = (ulong*)(Table + next * EntrySize);
                if (entry == null) break;
                entry[0] = (ulong)start;
                Volatile.Write(ref entry[1], (ulong)end);
                used.Add(next - 1);
            }
            Entries[obj] = used;
        }
    }

    /// <summary>Removes <paramref name="obj"/>'s entries (before it is unmapped).</summary>
    public static void Remove(IMappedImage obj)
    {
        lock (Gate)
        {
            if (!Entries.Remove(obj, out var used)) return;
            foreach (int i in used)
            {
                ulong* entry = (ulong*)(Table + i * EntrySize);
                Volatile.Write(ref entry[1], 0UL);
                entry[0] = 0;
            }
        }
    }
}
