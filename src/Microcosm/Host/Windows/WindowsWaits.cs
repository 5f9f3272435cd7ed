using Iced.Intel;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>Waits on a word with WaitOnAddress and WakeByAddressAll (process-private, as the core's waits are).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsWaits : HostWaits
{
    private static readonly nint WakeAllFunction = Export("WakeByAddressAll", synch: true);

    public override void Wait(int* word, int expected, TimeSpan? timeout = null)
    {
        uint milliseconds = INFINITE;
        if (timeout is { } limit)
        {
            if (limit <= TimeSpan.Zero) return;
            milliseconds = (uint)Math.Clamp(Math.Ceiling(limit.TotalMilliseconds), 1, INFINITE - 1);
        }
        WaitOnAddress(word, &expected, sizeof(int), milliseconds);
    }

    public override void WakeAll(int* word) => WakeByAddressAll(word);

    public override void EmitWakeAll(Assembler a) => HostPlatform.Calls.EmitCall(a, WakeAllFunction);
}
