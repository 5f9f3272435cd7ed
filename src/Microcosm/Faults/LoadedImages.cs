using Microcosm.Loading;

namespace Microcosm.Faults;

/// <summary>
/// Every guest object mapped in the process, across instances, so that a faulting address can be
/// named after the fact. The loader adds an object once it is mapped and removes it when it is unmapped.
/// </summary>
internal static class LoadedImages
{
    private static readonly Lock Gate = new();
    private static readonly List<GuestObject> Objects = [];

    public static void Add(GuestObject obj)
    {
        lock (Gate) Objects.Add(obj);
    }

    public static void Remove(GuestObject obj)
    {
        lock (Gate) Objects.Remove(obj);
    }

    /// <summary>The object whose segments hold <paramref name="address"/>, or null.</summary>
    public static GuestObject? Find(nint address)
    {
        lock (Gate) return Objects.FirstOrDefault(o => o.Contains((ulong)address, 1));
    }
}
