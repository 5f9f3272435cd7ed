using Microcosm.Faults;
using Microcosm.Host;
using Microcosm.Host.Posix;

namespace Microcosm.Tests.Native;

/// <summary>
/// The C# handler thunks read the thread's active boundary with one %fs-relative load when the probe
/// (SlotOffsetProbe) proves where glibc keeps a key's value, and fall back to pthread_getspecific
/// otherwise (FaultTests run the C# handler fault semantics both ways).
/// </summary>
public class SlotOffsetProbeTests
{
    [Fact]
    public void TheActiveBoundaryIsReadDirectlyOnThisHost()
    {
        new Cosmos().Dispose(); // the first instance sets up the process-wide stubs
        Assert.True(HostPlatform.Slots.ReadsDirectly(GuestEntry.ActiveSlot));
    }

    [Fact]
    public void AKeyNumberUsedBeforeIsRefused()
    {
        // A deleted key's number comes back with a new sequence number; a thread may still hold a value
        // from the old key there, which pthread_getspecific hides and a direct read would not.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            uint first = HostPlatform.Slots.Create();
            HostPlatform.Slots.Delete(first);
            uint again = HostPlatform.Slots.Create();
            try
            {
                if (again != first) continue; // another thread took the number in between: try again
                Assert.Null(SlotOffsetProbe.Find(again));
                return;
            }
            finally
            {
                HostPlatform.Slots.Delete(again);
            }
        }
        Assert.Fail("never got the same key number back");
    }
}
