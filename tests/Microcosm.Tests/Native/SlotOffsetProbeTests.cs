using Microcosm.Host;
using Microcosm.Native;

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
        Assert.NotNull(GuestEntry.ActiveSlotOffset);
    }

    [Fact]
    public void AKeyNumberUsedBeforeIsRefused()
    {
        // A deleted key's number comes back with a new sequence number; a thread may still hold a value
        // from the old key there, which pthread_getspecific hides and a direct read would not.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            uint first = HostThreads.CreateSlot();
            HostThreads.DeleteSlot(first);
            uint again = HostThreads.CreateSlot();
            try
            {
                if (again != first) continue; // another thread took the number in between: try again
                Assert.Null(SlotOffsetProbe.Find(again));
                return;
            }
            finally
            {
                HostThreads.DeleteSlot(again);
            }
        }
        Assert.Fail("never got the same key number back");
    }
}
