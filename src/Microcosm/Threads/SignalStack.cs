using Microcosm.Host;
using Microcosm.Host.Posix;

namespace Microcosm.Threads;

/// <summary>
/// The alternate signal stack of a thread that runs guest code. A stack overflow leaves the thread no
/// stack to run the fault handler on; with an alternate stack (and SA_ONSTACK) the handler still runs
/// and can report it. A thread that already has one (the .NET runtime gives its own threads one on
/// some hosts) keeps it; otherwise the thread gets one of ours, with a guard page below it, for as long
/// as it is a Microcosm thread.
/// </summary>
internal static unsafe class SignalStack
{
    /// <summary>Room for our handler and for .NET's when a fault is passed on to it (AVX-512 frames take 3 KiB).</summary>
    public const ulong Size = 64 << 10;
    private const ulong Guard = HostMemory.PageSize;

    /// <summary>Gives the calling thread an alternate signal stack if it has none; returns the mapping to
    /// pass to <see cref="Remove"/>, or 0 if the thread already had one (or none could be made).</summary>
    public static nint Ensure()
    {
        Signals.StackT current;
        if (Signals.sigaltstack(null, &current) != 0 || (current.Flags & Signals.SS_DISABLE) == 0) return 0;
        nint mapping = LibC.mmap(0, (nuint)(Size + Guard), LibC.PROT_READ | LibC.PROT_WRITE,
            LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, 0);
        if (mapping == LibC.MAP_FAILED) return 0; // no report for a stack overflow on this thread; nothing else changes
        LibC.mprotect(mapping, (nuint)Guard, LibC.PROT_NONE);
        var stack = new Signals.StackT { Pointer = mapping + (nint)Guard, Flags = 0, Size = (nuint)Size };
        if (Signals.sigaltstack(&stack, null) != 0)
        {
            LibC.munmap(mapping, (nuint)(Size + Guard));
            return 0;
        }
        return mapping;
    }

    /// <summary>Takes back a stack that <see cref="Ensure"/> installed on the calling thread.</summary>
    public static void Remove(nint mapping)
    {
        if (mapping == 0) return;
        Signals.StackT current;
        if (Signals.sigaltstack(null, &current) == 0 && current.Pointer == mapping + (nint)Guard
            && (current.Flags & Signals.SS_ONSTACK) == 0)
        {
            var disable = new Signals.StackT { Flags = Signals.SS_DISABLE };
            if (Signals.sigaltstack(&disable, null) != 0) return; // still in use: leaking it is the safe choice
            LibC.munmap(mapping, (nuint)(Size + Guard));
        }
    }
}
