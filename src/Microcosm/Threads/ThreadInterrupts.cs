using Microcosm.Host;
using Microcosm.Native;

namespace Microcosm.Threads;

/// <summary>
/// Wakes a killed thread out of a blocking host call (a module's read of a pipe, an accept, a wait for a
/// child), so that it reaches the checkpoint where it ends (threads.md). How is the host's
/// (<see cref="HostThreads.Interrupt"/>: a signal whose handler does nothing, on POSIX); its handler is
/// generated code, placed here once per process, the first time an instance is created, and never unmapped.
/// </summary>
internal static class ThreadInterrupts
{
    private static readonly Lazy<ExecutableCode> Handler = new(() =>
    {
        var handler = ExecutableCode.Emit((a, mark) =>
        {
            mark("handler");
            HostPlatform.Threads.EmitInterruptHandler(a, Faults.FaultHandler.Route);
            mark("stop");
            HostPlatform.Threads.EmitStop(a, Faults.FaultHandler.StopRoute, Faults.GuestEntry.ActiveSlot);
        });
        // The host calls both: its convention.
        HostPlatform.Threads.InstallInterruptHandler(HostEntries.Export(handler["handler"]), HostEntries.Export(handler["stop"]));
        return handler;
    });

    public static void EnsureInstalled() => _ = Handler.Value;
}
