using Iced.Intel;
using Microcosm.Elf;
using Microcosm.Host;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Loading;

/// <summary>
/// The thread pointer's reads in an object's code. x86-64 code built with <c>-mno-tls-direct-seg-refs</c> (which
/// <c>microcosm cc</c> passes) reaches thread-local storage only through <c>mov %fs:0, REG</c> — the thread pointer —
/// and ordinary memory operands after it, and so does what the linker relaxes the other TLS models to. Those loads
/// are the only instructions of a guest that name <c>%fs</c>; the loader finds them and makes each load the host slot
/// holding the thread's structure instead, one instruction of the same length (<c>mov REG, %fs:SLOT</c> under glibc,
/// <c>mov REG, %gs:SLOT</c> on Windows): as fast as natively, and no <c>%fs</c> of the guest's own.
/// Any other use of <c>%fs</c> (a direct <c>%fs:OFFSET</c> operand of code compiled without the option) is refused.
/// </summary>
internal static unsafe class ThreadPointerLoads
{
    /// <summary>A thread pointer load: its virtual address in the file and the register it loads.</summary>
    internal readonly record struct Site(ulong Address, Register Into);

    /// <summary>
    /// Finds the thread pointer loads in <paramref name="code"/> (at <paramref name="address"/>) by decoding it from its
    /// start. Throws with the reason, for <paramref name="path"/>, on another use of <c>%fs</c>, or where the byte
    /// pattern of such a load appears off the decoded instructions (code and data that cannot be told apart).
    /// </summary>
    public static List<Site> Find(ReadOnlySpan<byte> code, ulong address, string path)
    {
        var sites = new List<Site>();
        var reader = new ByteArrayCodeReader(code.ToArray());
        var decoder = Decoder.Create(64, reader, address);
        var starts = new HashSet<ulong>();
        ulong end = address + (ulong)code.Length;
        while (decoder.IP < end)
        {
            decoder.Decode(out var instruction);
            if (instruction.SegmentPrefix != Register.FS) continue;   // %fs is only ever reached through its prefix
            if (IsLoad(instruction) && LooksLikeLoad(code[(int)(instruction.NextIP - LoadLength - address)..]))
            {
                // The load is the instruction's last 9 bytes: the local-dynamic model relaxed by the linker puts 66 prefixes before it.
                ulong at = instruction.NextIP - LoadLength;
                sites.Add(new Site(at, instruction.Op0Register));
                starts.Add(at);
                continue;
            }
            throw new LoadException(path, $"uses %fs directly at 0x{instruction.IP:x} ({instruction}); Microcosm's guests reach " +
                                          "thread-local storage only through the thread pointer: build it with `microcosm cc` (which passes -mno-tls-direct-seg-refs)");
        }
        // Every byte pattern of such a load must be one of them: otherwise the code holds bytes the decoder read otherwise.
        for (int i = code.IndexOf(Pattern); i >= 0; i = NextPattern(code, i + 1))
        {
            if (i < 4 || !LooksLikeLoad(code[(i - 4)..])) continue;
            if (!starts.Contains(address + (ulong)(i - 4)))
                throw new LoadException(path, $"has bytes at 0x{address + (ulong)(i - 4):x} that read as a thread pointer load (mov %fs:0) but are not " +
                                              "one of its decoded instructions: its code cannot be told from data there");
        }
        return sites;
    }

    /// <summary>
    /// Redirects every thread pointer load in <paramref name="obj"/>'s executable segments to <paramref name="slot"/>,
    /// whose value on each thread is its thread pointer (the host must read it with one instruction).
    /// </summary>
    public static void Patch(GuestObject obj, uint slot)
    {
        foreach (var segment in obj.File.LoadSegments)
        {
            if ((segment.Flags & PF_X) == 0 || segment.FileSize == 0) continue;
            nint start = obj.Address(segment.VAddr);
            var code = new ReadOnlySpan<byte>((void*)start, (int)segment.FileSize);
            var sites = Find(code, segment.VAddr, obj.Path);   // messages give the file's addresses, as objdump shows them
            if (sites.Count == 0) continue;
            if (HostPlatform.Slots.DirectLocation(slot) is not { } location)
                throw new LoadException(obj.Path, "uses thread-local storage, whose thread pointer this host cannot give guest code in one instruction " +
                                                  "(its thread-local slots are not where Microcosm can read them directly)");
            nint page = (nint)HostMemory.PageDown((ulong)start);
            ulong length = HostMemory.PageUp((ulong)start + segment.FileSize) - (ulong)page;
            var protection = ImageMapper.ToProtection(segment.Flags);
            if (!HostPlatform.Memory.Protect(page, length, Protection.Read | Protection.Write, out string? error))
                throw new LoadException(obj.Path, $"cannot make its code writable to redirect thread pointer loads: {error}");
            try
            {
                foreach (var site in sites) Rewrite((byte*)obj.Address(site.Address), location);
            }
            finally
            {
                if (!HostPlatform.Memory.Protect(page, length, protection, out error))
                    throw new LoadException(obj.Path, $"cannot protect its code again after redirecting thread pointer loads: {error}");
            }
        }
    }

    /// <summary>The same instruction reading the slot: its segment prefix and its displacement change, nothing else.</summary>
    private static void Rewrite(byte* load, (Register Segment, int Offset) slot)
    {
        load[0] = slot.Segment == Register.GS ? (byte)0x65 : (byte)0x64;
        *(int*)(load + 5) = slot.Offset;
    }

    /// <summary><c>mov %fs:0, REG</c> with a 64-bit register, absolute addressing (9 bytes: 64 REX 8B modrm 25 00000000),
    /// maybe after operand-size prefixes, which REX.W overrides.</summary>
    private static bool IsLoad(in Instruction i) =>
        i.Code == Code.Mov_r64_rm64 && i.Op1Kind == OpKind.Memory && i.MemoryBase == Register.None && i.MemoryIndex == Register.None &&
        i.MemoryDisplacement64 == 0 && i.Length >= LoadLength;

    private const int LoadLength = 9;

    // The load's last five bytes (SIB 25: no base, no index; a zero displacement), searched for first.
    private static ReadOnlySpan<byte> Pattern => [0x25, 0, 0, 0, 0];

    private static int NextPattern(ReadOnlySpan<byte> code, int from)
    {
        int i = code[from..].IndexOf(Pattern);
        return i < 0 ? -1 : from + i;
    }

    private static bool LooksLikeLoad(ReadOnlySpan<byte> b) =>
        b[0] == 0x64 && (b[1] is 0x48 or 0x4c) && b[2] == 0x8b && (b[3] & 0xc7) == 0x04;
}
