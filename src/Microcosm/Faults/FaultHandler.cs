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
        var route = FaultRoute.Emit();
        var handler = ExecutableCode.Emit((a, mark) =>
        {
            mark("handler");
            HostPlatform.Faults.EmitHandler(a, route[FaultRoute.Entry]);
        });
        HostPlatform.Faults.InstallHandler(HostEntries.Export(handler["handler"]));   // the host calls it: its convention
        return handler;
    }
}
