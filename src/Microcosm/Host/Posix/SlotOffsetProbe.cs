using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>
/// Lets generated code read a host thread-local slot (a pthread key) with one instruction instead of
/// a call, on the one path where a call costs too much: the C# handler thunks (a third of the
/// dispatch overhead; docs/performance.md). glibc keeps the values of the first 32 keys in an array
/// inside each thread's descriptor, which starts at the thread pointer (the <c>%fs</c> base on x86-64),
/// so <c>pthread_getspecific(key)</c> is a load from a fixed <c>%fs</c>-relative offset. That is glibc's
/// layout, not its interface, so the offset is used only when a probe on the calling thread proves it:
/// <list type="bullet">
/// <item>the key is one of the first 32 and glibc never handed it out before (the sequence number
/// stored beside the value is 1), so no thread can hold a stale value left by an earlier key;</item>
/// <item>a value stored with <c>pthread_setspecific</c> appears at exactly one place in the first
/// <see cref="Window"/> bytes of the descriptor, and two more stores (one of them a clear) follow it there.</item>
/// </list>
/// Values are still written only with <c>pthread_setspecific</c>, which keeps glibc's bookkeeping (the
/// sequence number, clearing at thread exit); only reads are direct. Where the probe fails (another C
/// library, a layout it does not recognize) generated code calls <c>pthread_getspecific</c>, as before.
/// </summary>
internal static unsafe partial class SlotOffsetProbe
{
    /// <summary>An AppContext switch: generated code reads slots with calls even where the probe succeeds
    /// (tests run both ways).</summary>
    public const string ReadSlotsByCallSwitch = "Microcosm.ReadSlotsByCall";

    /// <summary>How far into the descriptor to look: glibc's has held the key array well inside this for
    /// many years, and the descriptor is longer than this in every version, so the scan stays in it.</summary>
    private const int Window = 0x600;

    private const nint SYS_arch_prctl = 158;
    private const int ARCH_GET_FS = 0x1003;

    [LibraryImport("libc.so.6")]
    private static partial nint syscall(nint number, nint code, nint* address);

    /// <summary>Whether the AppContext switch <see cref="ReadSlotsByCallSwitch"/> asks generated code to call.</summary>
    public static bool ReadsByCall => AppContext.TryGetSwitch(ReadSlotsByCallSwitch, out bool byCall) && byCall;

    /// <summary>The <c>%fs</c>-relative offset of <paramref name="key"/>'s value, or null if it cannot be proven.</summary>
    public static int? Find(uint key)
    {
        if (key >= 32) return null;
        nint threadPointer;
        if (syscall(SYS_arch_prctl, ARCH_GET_FS, &threadPointer) != 0) return null; // the x86-64 TLS ABI: the TCB starts there
        nint* probes = (nint*)NativeMemory.Alloc(2, (nuint)sizeof(nint)); // two addresses no other word can hold
        try
        {
            PosixThreadSlots.SetValue(key, (nint)probes);
            int found = -1;
            for (int offset = 16; offset < Window; offset += sizeof(nint))
            {
                if (*(nint*)(threadPointer + offset) != (nint)probes) continue;
                if (found >= 0) return null;
                found = offset;
            }
            if (found < 0 || *(nint*)(threadPointer + found - 8) != 1) return null;
            PosixThreadSlots.SetValue(key, (nint)(probes + 1));
            if (*(nint*)(threadPointer + found) != (nint)(probes + 1)) return null;
            PosixThreadSlots.SetValue(key, 0);
            if (*(nint*)(threadPointer + found) != 0) return null;
            return found;
        }
        finally
        {
            PosixThreadSlots.SetValue(key, 0);
            NativeMemory.Free(probes);
        }
    }
}
