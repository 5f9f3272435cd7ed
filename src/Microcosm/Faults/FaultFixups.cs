using System.Runtime.InteropServices;

namespace Microcosm.Faults;

/// <summary>
/// Instructions that may fault on a bad pointer, each with the place where its thread resumes instead: Linux's
/// exception table (<c>copy_from_user</c>'s). The checked copy's one copying instruction is the only one
/// (<see cref="Syscalls.CheckedCopy"/>). <see cref="FaultRoute"/> looks here first, for a SIGSEGV or SIGBUS that an
/// instruction raised, on any thread. The table is native and append-only, and an entry is written before it is
/// counted: the route reads it in the fault handler's context, without locks, at any moment.
/// </summary>
internal static unsafe class FaultFixups
{
    public const int Capacity = 4;

    /// <summary>The table: a count, then <see cref="Capacity"/> entries of (start, end, resume): a fault of an
    /// instruction in <c>[start, end)</c> resumes at <c>resume</c>, on the same stack.</summary>
    public static readonly nint Table = (nint)NativeMemory.AllocZeroed(1 + 3 * Capacity, (nuint)sizeof(nint));

    public const int CountOffset = 0, EntriesOffset = 8, EntrySize = 24;
    public const int StartOffset = 0, EndOffset = 8, ResumeOffset = 16;

    private static readonly Lock Gate = new();

    /// <summary>Makes a fault of an instruction in <c>[start, end)</c> resume at <paramref name="resume"/>. Never undone.</summary>
    public static void Add(nint start, nint end, nint resume)
    {
        lock (Gate)
        {
            nint count = *(nint*)Table;
            if (count == Capacity) throw new InvalidOperationException("the fault fixup table is full");
            nint* entry = (nint*)(Table + EntriesOffset + count * EntrySize);
            entry[0] = start;
            entry[1] = end;
            entry[2] = resume;
            Volatile.Write(ref *(nint*)Table, count + 1);
        }
    }
}
