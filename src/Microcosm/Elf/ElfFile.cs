using System.Runtime.InteropServices;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>
/// The file-level view of an ELF64 x86-64 object: the header and program headers, validated against
/// the file's length and against each other. Nothing here trusts the file: every offset, size and
/// count is checked before it is used, and a failure is a <see cref="LoadException"/> naming the file and saying why.
/// </summary>
internal sealed unsafe class ElfFile
{
    /// <summary>The largest address span one object may reserve (a sanity bound against hostile headers).</summary>
    public const ulong MaxImageSpan = 1UL << 36;
    public const int MaxProgramHeaders = 4096;
    private const int PageSize = 4096;

    /// <summary>The path the file was opened with, which names it in errors.</summary>
    public string Path { get; }
    public ushort Type { get; }
    public ulong Entry { get; }
    public Elf64Phdr[] ProgramHeaders { get; }
    /// <summary>The PT_LOAD headers in ascending address order.</summary>
    public Elf64Phdr[] LoadSegments { get; }
    public Elf64Phdr? Dynamic { get; }
    public Elf64Phdr? Relro { get; }
    public Elf64Phdr? Tls { get; }
    public string? Interpreter { get; }
    /// <summary>Page-aligned start of the lowest segment and end of the highest.</summary>
    public ulong MinAddress { get; }
    public ulong MaxAddress { get; }
    public ulong ProgramHeaderOffset { get; }
    /// <summary>The number of dynamic symbols according to the section headers (SHT_DYNSYM), if they say.</summary>
    public ulong? DynamicSymbolCount { get; private init; }

    private ElfFile(string path, ushort type, ulong entry, Elf64Phdr[] phdrs, Elf64Phdr[] loads, Elf64Phdr? dynamic, Elf64Phdr? relro,
        Elf64Phdr? tls, string? interp, ulong min, ulong max, ulong phoff)
    {
        Path = path; Type = type; Entry = entry; ProgramHeaders = phdrs; LoadSegments = loads; Dynamic = dynamic; Relro = relro;
        Tls = tls; Interpreter = interp; MinAddress = min; MaxAddress = max; ProgramHeaderOffset = phoff;
    }

    /// <summary>Parses a file whose whole contents are in memory.</summary>
    public static ElfFile Parse(string path, byte* data, ulong length) => Parse(new MemoryElfSource(path, data, length));

    public static ElfFile Parse(ElfSource file)
    {
        string path = file.Path;
        ulong length = file.Length;
        if (length == 0) throw new LoadException(path, "empty file (not an ELF file)");
        var data = file.Bytes(0, (int)Math.Min(length, EhdrSize));
        if (length < 4 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw new LoadException(path, "not an ELF file");
        if (length < 5) throw new LoadException(path, "truncated ELF header");
        if (data[4] == ELFCLASS32) throw new LoadException(path, "wrong ELF class: ELF32 (Microcosm loads ELF64 x86-64)");
        if (data[4] != ELFCLASS64) throw new LoadException(path, $"invalid ELF class {data[4]}");
        if (length < EhdrSize) throw new LoadException(path, $"truncated ELF header ({length} bytes, need {EhdrSize})");
        if (data[5] == ELFDATA2MSB) throw new LoadException(path, "wrong byte order: big-endian (Microcosm loads little-endian x86-64)");
        if (data[5] != ELFDATA2LSB) throw new LoadException(path, $"invalid byte order {data[5]}");
        if (data[6] != 1) throw new LoadException(path, $"unsupported ELF version {data[6]}");

        ushort type = Read<ushort>(data, 16);
        ushort machine = Read<ushort>(data, 18);
        if (machine != EM_X86_64) throw new LoadException(path, $"wrong machine: {MachineName(machine)} (Microcosm loads x86-64)");
        if (type != ET_EXEC && type != ET_DYN)
            throw new LoadException(path, $"not an executable or shared object: {TypeName(type)}");
        ulong entry = Read<ulong>(data, 24);
        ulong phoff = Read<ulong>(data, 32);
        ushort ehsize = Read<ushort>(data, 52);
        ushort phentsize = Read<ushort>(data, 54);
        ushort phnum = Read<ushort>(data, 56);
        if (ehsize < EhdrSize) throw new LoadException(path, $"inconsistent ELF header: e_ehsize {ehsize}");
        if (phnum == 0) throw new LoadException(path, "no program headers");
        if (phentsize != PhdrSize) throw new LoadException(path, $"inconsistent ELF header: e_phentsize {phentsize} (expected {PhdrSize})");
        if (phnum > MaxProgramHeaders) throw new LoadException(path, $"too many program headers ({phnum})");
        if (phoff > length || (ulong)phnum * PhdrSize > length - phoff)
            throw new LoadException(path, $"truncated: program headers at 0x{phoff:x} extend past the end of the file ({length} bytes)");

        var table = file.Bytes(phoff, phnum * PhdrSize);
        var phdrs = new Elf64Phdr[phnum];
        var loads = new List<Elf64Phdr>();
        Elf64Phdr? dynamic = null, relro = null, tls = null;
        string? interp = null;
        for (int i = 0; i < phnum; i++)
        {
            var ph = Read<Elf64Phdr>(table, i * PhdrSize);
            phdrs[i] = ph;
            switch (ph.Type)
            {
                case PT_LOAD:
                    CheckLoad(path, ph, i, length);
                    // An empty segment maps nothing (were it mapped, its page would be zeroed over a neighbour's).
                    if (ph.MemSize > 0) loads.Add(ph);
                    break;
                case PT_DYNAMIC:
                    if (dynamic != null) throw new LoadException(path, "more than one PT_DYNAMIC segment");
                    CheckFileRange(path, ph, i, length, "PT_DYNAMIC");
                    dynamic = ph;
                    break;
                case PT_GNU_RELRO: relro = ph; break;
                case PT_TLS: tls = ph; break;
                case PT_INTERP:
                    CheckFileRange(path, ph, i, length, "PT_INTERP");
                    interp = ReadInterpreter(file, ph);
                    break;
            }
        }
        if (loads.Count == 0) throw new LoadException(path, "no loadable (PT_LOAD) segments");
        loads.Sort((a, b) => a.VAddr.CompareTo(b.VAddr));
        for (int i = 1; i < loads.Count; i++)
        {
            var (previous, current) = (loads[i - 1], loads[i]);
            if (current.VAddr < previous.VAddr + previous.MemSize)
                throw new LoadException(path, $"PT_LOAD segments overlap at 0x{current.VAddr:x}");
            // Segments are mapped page by page, a later one over an earlier one: sharing a page is only
            // harmless when both would put the same bytes there with the same protection. Otherwise the
            // earlier segment's end would change under it (a PROT_NONE page under its dynamic section,
            // say, or file bytes over its zeroed bss). Linkers start each segment on a page of its own.
            bool sharePage = (current.VAddr & ~(ulong)(PageSize - 1)) < previous.VAddr + previous.MemSize;
            if (sharePage && (current.Flags != previous.Flags || current.VAddr - current.Offset != previous.VAddr - previous.Offset
                || previous.MemSize != previous.FileSize || current.FileSize == 0))
                throw new LoadException(path, $"PT_LOAD segments at 0x{previous.VAddr:x} and 0x{current.VAddr:x} share a page but not its contents or protection");
        }
        // Nor do linkers ever map one byte of the file twice: a segment whose offset was damaged would
        // otherwise map other contents (the headers, say) and run them as its code.
        var byOffset = loads.Where(l => l.FileSize > 0).OrderBy(l => l.Offset).ToList();
        for (int i = 1; i < byOffset.Count; i++)
            if (byOffset[i].Offset < byOffset[i - 1].Offset + byOffset[i - 1].FileSize)
                throw new LoadException(path, $"PT_LOAD segments at 0x{byOffset[i - 1].VAddr:x} and 0x{byOffset[i].VAddr:x} map overlapping parts of the file (offset 0x{byOffset[i].Offset:x})");
        ulong min = loads[0].VAddr & ~(ulong)(PageSize - 1);
        var last = loads[^1];
        ulong max = (last.VAddr + last.MemSize + PageSize - 1) & ~(ulong)(PageSize - 1);
        if (max - min > MaxImageSpan) throw new LoadException(path, $"segments span 0x{max - min:x} bytes, more than the limit 0x{MaxImageSpan:x}");
        if (type == ET_EXEC && min == 0) throw new LoadException(path, "ET_EXEC with a segment at address 0");
        // The dynamic section is read from the image, so it must be file contents: inside the bss it
        // would read as zeros, that is as an empty dynamic section, and the object would go unrelocated.
        if (dynamic is { } d && !WithinFileContents(loads, d.VAddr, d.MemSize))
            throw new LoadException(path, "PT_DYNAMIC lies outside the file contents of the loadable segments");
        // Shared objects and PIEs always have one (as glibc's loader also insists): without it there
        // is nothing to relocate them with.
        if (type == ET_DYN && dynamic == null)
            throw new LoadException(path, "ET_DYN object without a dynamic section (PT_DYNAMIC)");
        // Only relocated data is made read-only: over the code (a damaged address), RELRO would take away
        // its execute permission and the program would fault in its own code, far from the cause.
        if (relro is { } r && !RelroWithin(loads.Where(l => (l.Flags & PF_W) != 0), r.VAddr, r.MemSize))
            throw new LoadException(path, "PT_GNU_RELRO lies outside the writable loadable segments");
        return new ElfFile(path, type, entry, phdrs, loads.ToArray(), dynamic, relro, tls, interp, min, max, phoff)
        {
            DynamicSymbolCount = DynsymCountFromSections(file, data),
        };
    }

    /// <summary>
    /// DT_GNU_HASH does not cover the symbols before its first hashed one, so the symbol count comes
    /// from the SHT_DYNSYM section header when there is one. Section headers are optional: a missing or
    /// malformed table is ignored here (the loader never needs it otherwise).
    /// </summary>
    private static ulong? DynsymCountFromSections(ElfSource file, ReadOnlySpan<byte> header)
    {
        ulong shoff = Read<ulong>(header, 40), length = file.Length;
        ushort shentsize = Read<ushort>(header, 58), shnum = Read<ushort>(header, 60);
        const int ShdrSize = 64, SHT_DYNSYM = 11;
        if (shoff == 0 || shnum == 0 || shentsize != ShdrSize || shoff > length || (ulong)shnum * ShdrSize > length - shoff) return null;
        var table = file.Bytes(shoff, shnum * ShdrSize);
        for (int i = 0; i < shnum; i++)
        {
            var sh = table.Slice(i * ShdrSize, ShdrSize);
            if (Read<uint>(sh, 4) == SHT_DYNSYM && Read<ulong>(sh, 56) == SymSize) return Read<ulong>(sh, 32) / SymSize;
        }
        return null;
    }

    private static void CheckLoad(string path, in Elf64Phdr ph, int index, ulong length)
    {
        if (ph.FileSize > ph.MemSize)
            throw new LoadException(path, $"inconsistent PT_LOAD segment {index}: file size 0x{ph.FileSize:x} exceeds memory size 0x{ph.MemSize:x}");
        CheckFileRange(path, ph, index, length, "PT_LOAD");
        if (ph.VAddr > MaxImageSpan * 4096 || ph.MemSize > MaxImageSpan)
            throw new LoadException(path, $"PT_LOAD segment {index} at 0x{ph.VAddr:x} (0x{ph.MemSize:x} bytes) is out of range");
        // The gABI requires a power of two (0 and 1 meaning none); segments are placed by the page size.
        if (ph.Align > 1 && (ph.Align & (ph.Align - 1)) != 0)
            throw new LoadException(path, $"PT_LOAD segment {index}: alignment 0x{ph.Align:x} is not a power of two");
        if (ph.VAddr % PageSize != ph.Offset % PageSize)
            throw new LoadException(path, $"PT_LOAD segment {index}: address 0x{ph.VAddr:x} and file offset 0x{ph.Offset:x} differ modulo the page size");
        if ((ph.Flags & PF_W) != 0 && (ph.Flags & PF_X) != 0)
            throw new LoadException(path, $"PT_LOAD segment {index} is both writable and executable, which Microcosm never maps");
        // A read-only zero-filled tail is of no use to code, and no linker makes one: it means the code was cut short.
        if ((ph.Flags & PF_X) != 0 && ph.MemSize != ph.FileSize)
            throw new LoadException(path, $"inconsistent PT_LOAD segment {index}: executable, but its memory size 0x{ph.MemSize:x} differs from its file size 0x{ph.FileSize:x}");
    }

    private static void CheckFileRange(string path, in Elf64Phdr ph, int index, ulong length, string what)
    {
        if (ph.Offset > length || ph.FileSize > length - ph.Offset)
            throw new LoadException(path, $"truncated: {what} segment {index} (offset 0x{ph.Offset:x}, 0x{ph.FileSize:x} bytes) extends past the end of the file ({length} bytes)");
    }

    /// <summary>
    /// Whether the pages PT_GNU_RELRO makes read-only (its start page up to the page its end falls in,
    /// as ld.so rounds) belong to one segment. lld rounds the end up to a page boundary past the
    /// segment's own end, into the rest of its last page, so the end is allowed that far.
    /// </summary>
    private static bool RelroWithin(IEnumerable<Elf64Phdr> loads, ulong address, ulong size)
    {
        foreach (var l in loads)
        {
            ulong pagesEnd = (l.VAddr + l.MemSize + PageSize - 1) & ~(ulong)(PageSize - 1);
            if (address >= l.VAddr && address < pagesEnd && size <= pagesEnd - address) return true;
        }
        return false;
    }

    private static bool WithinFileContents(IEnumerable<Elf64Phdr> loads, ulong address, ulong size)
    {
        foreach (var l in loads)
            if (address >= l.VAddr && address - l.VAddr <= l.FileSize && size <= l.FileSize - (address - l.VAddr)) return true;
        return false;
    }

    /// <summary>
    /// Whether <paramref name="address"/> (an entry point, DT_INIT, DT_FINI) lies in an executable
    /// segment's file contents: code cannot start in a segment's zero-filled tail, nor outside the code.
    /// </summary>
    public bool IsCode(ulong address)
    {
        foreach (var l in LoadSegments)
            if ((l.Flags & PF_X) != 0 && address >= l.VAddr && address - l.VAddr < l.FileSize) return true;
        return false;
    }

    private static string ReadInterpreter(ElfSource file, in Elf64Phdr ph)
    {
        var span = file.Bytes(ph.Offset, (int)Math.Min(ph.FileSize, 4096));
        int nul = span.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(nul >= 0 ? span[..nul] : span);
    }

    /// <summary>A record at <paramref name="offset"/> of <paramref name="bytes"/>, range-checked by the span.</summary>
    private static T Read<T>(ReadOnlySpan<byte> bytes, int offset) where T : unmanaged => MemoryMarshal.Read<T>(bytes[offset..]);
}
