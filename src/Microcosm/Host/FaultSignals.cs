namespace Microcosm.Host;

/// <summary>The signals a fault is reported as (<see cref="FaultEvent.Signal"/>, <c>GuestFault.Signal</c>): Linux's numbers,
/// the target ABI's. A host that is not Linux maps its own faults onto them.</summary>
internal static class FaultSignals
{
    public const int SIGILL = 4, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;

    public static string Name(int signal) => signal switch
    {
        SIGILL => "SIGILL",
        SIGBUS => "SIGBUS",
        SIGFPE => "SIGFPE",
        SIGSEGV => "SIGSEGV",
        _ => $"signal {signal}",
    };
}
