namespace Microcosm.Elf;

/// <summary>The two symbol hash functions of ELF: the System V one (DT_HASH) and GNU's (DT_GNU_HASH).</summary>
internal static class ElfHash
{
    public static uint Gnu(ReadOnlySpan<byte> name)
    {
        uint h = 5381;
        foreach (byte c in name) h = h * 33 + c;
        return h;
    }

    public static uint SysV(ReadOnlySpan<byte> name)
    {
        uint h = 0;
        foreach (byte c in name)
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }
}
