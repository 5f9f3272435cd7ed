using Microcosm.Host;

namespace Microcosm.Processes;

/// <summary>
/// The memory of a fork image, after its header: each region's place, length and protection, and its bytes where
/// they travel (readable pages the program may have written; the rest of a stack below its live frames comes back
/// as fresh zero pages).
/// </summary>
internal static unsafe class ForkRegions
{
    private const int Chunk = 1 << 20;

    public static void Write(BinaryWriter w, IReadOnlyList<(MappedRegion Region, bool Content)> regions)
    {
        w.Write(regions.Count);
        foreach (var (r, content) in regions)
        {
            w.Write(r.Start);
            w.Write(r.Length);
            w.Write((int)r.Protection);
            w.Write(content);
            if (!content) continue;
            for (ulong done = 0; done < r.Length; done += Chunk)
                w.Write(new ReadOnlySpan<byte>((void*)(r.Start + (nint)done), (int)Math.Min(Chunk, r.Length - done)));
        }
        w.Flush();
    }

    /// <summary>
    /// Puts each region in place. Where <paramref name="insideObject"/> says a region lies in an object the loader
    /// has just mapped (its writable pages, writable here too), the bytes are written over it; elsewhere fresh pages
    /// are mapped over the reservation, filled, and given the parent's protection.
    /// </summary>
    /// <exception cref="InvalidDataException">The image ends early or a region cannot be mapped.</exception>
    public static void Read(BinaryReader r, Func<nint, bool> insideObject)
    {
        for (int count = r.ReadInt32(); count > 0; count--)
        {
            nint start = (nint)r.ReadInt64();
            ulong length = r.ReadUInt64();
            var protection = (Protection)r.ReadInt32();
            bool content = r.ReadBoolean();
            bool placed = insideObject(start);
            if (!placed && !HostPlatform.Memory.MapZero(start, length, content ? Protection.Read | Protection.Write : protection, out string? error, populate: content))
                throw new InvalidDataException($"cannot map 0x{length:x} bytes at 0x{start:x}: {error}");
            if (content)
                for (ulong done = 0; done < length; done += Chunk)
                    r.BaseStream.ReadExactly(new Span<byte>((void*)(start + (nint)done), (int)Math.Min(Chunk, length - done)));
            if (!placed && content && !HostPlatform.Memory.Protect(start, length, protection, out string? protectError))
                throw new InvalidDataException($"cannot protect 0x{length:x} bytes at 0x{start:x}: {protectError}");
        }
    }
}
