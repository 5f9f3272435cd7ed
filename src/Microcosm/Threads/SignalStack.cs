using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// The alternate signal stack of a thread that runs guest code. A stack overflow leaves the thread no
/// stack to run the fault handler on; with an alternate stack (and SA_ONSTACK) the handler still runs
/// and can report it. Every thread block has one (<see cref="ThreadStructures"/>), with a guard page
/// below it. A thread the core starts natively gets it unconditionally (a new host thread has none); a
/// thread that already has one (the .NET runtime gives its own threads one on some hosts) keeps it.
/// </summary>
internal static unsafe class SignalStack
{
    /// <summary>Room for our handler and for .NET's when a fault is passed on to it (AVX-512 frames take 3 KiB).</summary>
    public const ulong Size = 64 << 10;

    /// <summary>Gives the calling thread the block's stack if it has none; true if it did.</summary>
    public static bool Install(ThreadRecord* record) => HostPlatform.Faults.InstallStack(record->SignalStack);

    /// <summary>Takes back the block's stack from the calling thread (outside a signal handler, so never while on it).</summary>
    public static void Remove(ThreadRecord* record) => HostPlatform.Faults.RemoveStack(record->SignalStack);
}
