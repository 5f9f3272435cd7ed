using Microcosm.Host;
using Microcosm.Native;

namespace Microcosm.Threads;

/// <summary>
/// -9: the calling thread's structure, read from the instance's host thread-local slot with no managed
/// transition: one load from the thread's own memory where the host's layout allows, else a tail call of the
/// host's lookup (<see cref="HostThreadSlots.EmitGetAndReturn"/>). Either gives NULL on a host thread that is
/// not a thread of the instance.
/// </summary>
internal static class ThreadSelfStub
{
    public const string Entry = "thread_self";

    public static ExecutableCode Emit(uint slot) => ExecutableCode.Emit((a, mark) =>
    {
        mark(Entry);
        HostPlatform.Slots.EmitGetAndReturn(a, slot);
    });
}
