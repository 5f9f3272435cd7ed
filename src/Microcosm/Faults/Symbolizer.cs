using System.Buffers.Binary;
using System.Text;
using Microcosm.Host;

namespace Microcosm.Faults;

/// <summary>A code address named: the file holding it, the offset in it (an ELF virtual address) and the nearest symbol.</summary>
internal sealed record CodeLocation(string Path, ulong Offset, string? Symbol);

/// <summary>
/// Names code addresses after a fault: guest objects from the loader's own records, anything else
/// (host libraries a guest called) through the host's loader (<see cref="HostLibraries.Locate"/>). The symbol comes from the
/// file on disk: <c>.symtab</c> when it has one (static functions too), else <c>.dynsym</c>.
/// </summary>
internal static class Symbolizer
{
    public static CodeLocation? Locate(nint pc)
    {
        string path;
        ulong offset;
        if (LoadedImages.Find(pc) is { } guest)
        {
            path = guest.Path;
            offset = (ulong)(pc - guest.Base);
        }
        else if (HostPlatform.Libraries.Locate(pc) is { } host)
        {
            path = host.Path;
            offset = (ulong)(pc - host.Base); // shared objects and PIEs start at virtual address 0
        }
        else
        {
            return null;
        }
        string? symbol = null;
        try
        {
            symbol = ElfSymbols.Nearest(path, offset);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The file changed or went away since it was loaded: the object and offset still stand.
        }
        return new CodeLocation(path, offset, symbol);
    }
}

/// <summary>Reads an ELF file's symbol tables from its section headers, checking every offset against the file.</summary>
internal static class ElfSymbols
{
    private const uint SHT_SYMTAB = 2, SHT_DYNSYM = 11;
    private const byte STT_OBJECT = 1, STT_FUNC = 2, STT_GNU_IFUNC = 10, STT_NOTYPE = 0;
    private const long MaxFile = 1L << 30;

    /// <summary>The symbol that contains <paramref name="offset"/> (a function, preferably), else the nearest one below it; null if none.</summary>
    public static string? Nearest(string path, ulong offset)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxFile || info.Length < 64) return null;
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 64 || file[0] != 0x7f || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F' || file[4] != 2) return null;
        return Search(file, offset, SHT_SYMTAB) ?? Search(file, offset, SHT_DYNSYM);
    }

    private static string? Search(byte[] file, ulong offset, uint wanted)
    {
        var f = file.AsSpan();
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(f[0x28..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(f[0x3A..]);
        ushort shnum = BinaryPrimitives.ReadUInt16LittleEndian(f[0x3C..]);
        if (shentsize != 64 || shoff == 0 || shoff > (ulong)f.Length || (ulong)shnum * 64 > (ulong)f.Length - shoff) return null;
        for (int i = 0; i < shnum; i++)
        {
            var sh = f.Slice((int)shoff + i * 64, 64);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != wanted) continue;
            var symbols = Section(f, sh);
            uint link = BinaryPrimitives.ReadUInt32LittleEndian(sh[40..]);
            if (symbols == null || link >= shnum) return null;
            var strings = Section(f, f.Slice((int)shoff + (int)link * 64, 64));
            if (strings == null) return null;
            return Best(f.Slice((int)symbols.Value.Start, (int)symbols.Value.Length), f.Slice((int)strings.Value.Start, (int)strings.Value.Length), offset);
        }
        return null;
    }

    private static (long Start, long Length)? Section(ReadOnlySpan<byte> f, ReadOnlySpan<byte> header)
    {
        ulong start = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(header[32..]);
        if (start > (ulong)f.Length || size > (ulong)f.Length - start) return null;
        return ((long)start, (long)size);
    }

    private static string? Best(ReadOnlySpan<byte> symbols, ReadOnlySpan<byte> strings, ulong offset)
    {
        uint bestName = 0;
        ulong bestValue = 0;
        int bestRank = -1; // 2: a function containing the offset, 1: another symbol containing it, 0: the nearest below
        for (int i = 24; i + 24 <= symbols.Length; i += 24) // entry 0 is the null symbol
        {
            var s = symbols.Slice(i, 24);
            uint name = BinaryPrimitives.ReadUInt32LittleEndian(s);
            byte type = (byte)(s[4] & 0xf);
            ushort section = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
            if (name == 0 || section == 0 || value > offset || type is not (STT_FUNC or STT_GNU_IFUNC or STT_NOTYPE or STT_OBJECT)) continue;
            bool inside = offset - value < size;
            int rank = inside ? (type is STT_FUNC or STT_GNU_IFUNC ? 2 : 1) : 0;
            if (rank > bestRank || (rank == bestRank && value > bestValue))
            {
                bestRank = rank;
                bestValue = value;
                bestName = name;
            }
        }
        if (bestRank < 0 || bestName >= strings.Length) return null;
        var text = strings[(int)bestName..];
        int end = text.IndexOf((byte)0);
        return end <= 0 ? null : Encoding.UTF8.GetString(text[..end]);
    }
}
