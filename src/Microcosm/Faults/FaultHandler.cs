using Microcosm.Host;
using Microcosm.Native;

namespace Microcosm.Faults;

/// <summary>
/// Installs the fault handler, once per process, the first time an instance is created (or guest memory is
/// first copied) — after the .NET runtime has installed its own handlers, which stay in place behind ours:
/// every fault that is not a guest fault is passed on to them unchanged. The handler is the host's
/// (<see cref="HostFaults.EmitHandler"/>: how a fault arrives and how its thread resumes); what it does with a
/// fault is the core's <see cref="FaultRoute"/>. Neither is ever undone (a fault may be in flight on some thread
/// at any moment).
/// </summary>
internal static class FaultHandler
{
    private static readonly Lazy<ExecutableCode> Handler = new(Install);
    private static readonly Lazy<ExecutableCode> RouteCode = new(FaultRoute.Emit);

    /// <summary>The route's address (<c>FaultAction route(FaultEvent *)</c>): the host's interrupt handler asks it too.</summary>
    public static nint Route => RouteCode.Value[FaultRoute.Entry];

    /// <summary>The route's decision for a thread suspended from another (<see cref="FaultRoute.StopEntry"/>), System V.</summary>
    public static nint StopRoute => RouteCode.Value[FaultRoute.StopEntry];

    /// <summary>Installs the handler if that has not been done yet. Idempotent and thread-safe.</summary>
    public static void EnsureInstalled() => _ = Handler.Value;

    private static ExecutableCode Install()
    {
        // First: the handler and the thread start routine call it (HostFaults.EmitGuardStack).
        var guard = ExecutableCode.Emit((a, mark) =>
        {
            mark("guard");
            HostPlatform.Faults.EmitGuardStack(a);
        });
        HostPlatform.Faults.InstallGuardStack(guard["guard"], HostEntries.Export(guard["guard"]));
        var handler = ExecutableCode.Emit((a, mark) =>
        {
            mark("handler");
            HostPlatform.Faults.EmitHandler(a, Route);
        });
        HostPlatform.Faults.InstallHandler(HostEntries.Export(handler["handler"]));   // the host calls it: its convention
        return handler;
    }
}
