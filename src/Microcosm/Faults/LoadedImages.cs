namespace Microcosm.Faults;

/// <summary>A guest object mapped in the process, as a fault report names it: its file, its load bias, its segments.</summary>
internal interface IMappedImage
{
    string Path { get; }

    /// <summary>Run-time address = Base + ELF virtual address.</summary>
    nint Base { get; }

    /// <summary>Whether <paramref name="length"/> bytes at <paramref name="address"/> lie in the object's segments.</summary>
    bool Contains(ulong address, ulong length);

    /// <summary>Its executable segments, run-time addresses [start, end).</summary>
    IEnumerable<(nint Start, nint End)> CodeRanges { get; }
}

/// <summary>
/// Every guest object mapped in the process, across instances, so that a faulting address can be
/// named after the fact. The loader adds an object once it is mapped and removes it when it is unmapped.
/// </summary>
internal static class LoadedImages
{
    private static readonly Lock Gate = new();
    private static readonly List<IMappedImage> Objects = [];

    public static void Add(IMappedImage obj)
    {
        lock (Gate) Objects.Add(obj);
    }

    public static void Remove(IMappedImage obj)
    {
        lock (Gate) Objects.Remove(obj);
    }

    /// <summary>The object whose segments hold <paramref name="address"/>, or null.</summary>
    public static IMappedImage? Find(nint address)
    {
        lock (Gate) return Objects.FirstOrDefault(o => o.Contains((ulong)address, 1));
    }
}
