using System.Globalization;
using Microcosm.Loading;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Fuzz;

/// <summary>
/// What a load that succeeded must have produced, checked against the kernel's view (/proc/self/maps):
/// every page of every segment mapped with exactly the segment's protection (without write inside
/// PT_GNU_RELRO). A file the loader accepts but maps otherwise would fail later, in the guest's own
/// code (code that is not executable, data that is not writable), far from its cause.
/// </summary>
internal static class ImageCheck
{
    private const ulong PageSize = 4096;

    public static void Verify(IEnumerable<LoadedObject> objects)
    {
        var maps = ReadMaps();
        foreach (var g in objects.OfType<GuestObject>())
        {
            var relro = g.File.Relro is { } r
                ? (Start: PageDown((ulong)g.Base + r.VAddr), End: PageDown((ulong)g.Base + r.VAddr + r.MemSize))
                : (Start: 0UL, End: 0UL);
            foreach (var segment in g.File.LoadSegments)
            {
                ulong start = PageDown((ulong)g.Base + segment.VAddr), end = PageUp((ulong)g.Base + segment.VAddr + segment.MemSize);
                for (ulong page = start; page < end;)
                {
                    var map = maps.FirstOrDefault(m => page >= m.Start && page < m.End);
                    if (map.End == 0) throw new InvalidOperationException($"{g.Path}: segment at 0x{segment.VAddr:x}: page 0x{page:x} is not mapped");
                    ulong stop = Math.Min(map.End, end);
                    bool write = (segment.Flags & PF_W) != 0;
                    // The RELRO pages inside this stretch are read-only; check them apart from the rest.
                    // (A RELRO shorter than a page protects nothing: its range is then empty.)
                    if (write && relro.Start < relro.End && page < relro.End && stop > relro.Start)
                    {
                        ulong from = Math.Max(page, relro.Start), to = Math.Min(stop, relro.End);
                        Expect(g, segment.VAddr, from, map.Protection, (segment.Flags & ~PF_W) & 7);
                        if (from > page) Expect(g, segment.VAddr, page, map.Protection, segment.Flags & 7);
                        if (to < stop) Expect(g, segment.VAddr, to, map.Protection, segment.Flags & 7);
                    }
                    else
                        Expect(g, segment.VAddr, page, map.Protection, segment.Flags & 7);
                    page = stop;
                }
            }
        }
    }

    private static void Expect(GuestObject g, ulong segment, ulong page, uint actual, uint flags)
    {
        if (actual != flags)
            throw new InvalidOperationException($"{g.Path}: segment at 0x{segment:x}: page 0x{page:x} is mapped {Text(actual)}, its flags say {Text(flags)}");
    }

    private static string Text(uint flags) =>
        ((flags & PF_R) != 0 ? "r" : "-") + ((flags & PF_W) != 0 ? "w" : "-") + ((flags & PF_X) != 0 ? "x" : "-");

    /// <summary>Each mapping's range and protection as PF_ flags.</summary>
    private static List<(ulong Start, ulong End, uint Protection)> ReadMaps()
    {
        var maps = new List<(ulong, ulong, uint)>();
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int dash = line.IndexOf('-'), space = line.IndexOf(' ');
            ulong start = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber);
            ulong end = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber);
            string perms = line.Substring(space + 1, 3);
            uint protection = (perms[0] == 'r' ? PF_R : 0) | (perms[1] == 'w' ? PF_W : 0) | (perms[2] == 'x' ? PF_X : 0);
            maps.Add((start, end, protection));
        }
        return maps;
    }

    private static ulong PageDown(ulong value) => value & ~(PageSize - 1);
    private static ulong PageUp(ulong value) => (value + PageSize - 1) & ~(PageSize - 1);
}
