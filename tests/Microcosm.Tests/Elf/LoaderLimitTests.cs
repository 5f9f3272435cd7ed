namespace Microcosm.Tests.Elf;

/// <summary>
/// The loader's bounds on what a file may ask of it (docs/fuzzing.md, "Limits"): each is checked with a
/// gcc-built program damaged just past the bound, through the CLI as a subprocess, and must fail with
/// <c>microcosm: FILE: reason</c>, never crash, hang or allocate without bound.
/// </summary>
public sealed class LoaderLimitTests : IDisposable
{
    private const int PageSize = 4096;
    private const uint PT_GNU_RELRO = 0x6474e552;
    private const long DT_STRTAB = 5, DT_STRSZ = 10, DT_VERNEEDNUM = 0x6fffffff;
    private readonly Scratch _scratch = new();

    public LoaderLimitTests() => GuestBuild.Ensure();

    public void Dispose() => _scratch.Dispose();

    private static string Guest(string name) => TestPaths.Guest(name);

    private static void AssertRunFails(string program, params string[] reason) =>
        Expect.CannotLoad(Run.Cli(["run", program], null, timeoutSeconds: 30), program, 126, reason);

    [Fact]
    public void SegmentAlignmentNotAPowerOfTwo()
    {
        var elf = ElfImage.Load(Guest("errors/good"));
        elf.SetPhdr(elf.Code, ElfImage.P_ALIGN, 0x3000);
        AssertRunFails(elf.Save(_scratch.File("bad")), "alignment 0x3000 is not a power of two");
    }

    [Fact]
    public void SegmentsSharingAPageWithDifferentProtections()
    {
        // A read-only segment stretched (in memory only) to end inside the next segment's first page: the
        // later mapping would replace that page, and with it the end of the earlier segment.
        var elf = ElfImage.Load(Guest("errors/good"));
        var loads = elf.Loads.OrderBy(s => s.VAddr).ToList();
        var pair = loads.Zip(loads.Skip(1)).First(p => (p.First.Flags & ElfImage.PF_X) == 0 && p.Second.VAddr % PageSize != 0
            && p.First.Flags != p.Second.Flags);
        elf.SetPhdr(pair.First, ElfImage.P_MEMSZ, pair.Second.VAddr - pair.First.VAddr);
        AssertRunFails(elf.Save(_scratch.File("bad")), "share a page but not its contents or protection");
    }

    [Fact]
    public void EmptySegmentInsideTheCodesLastPage()
    {
        // PT_GNU_STACK turned into an empty PT_LOAD just past the end of the code. Was: mapping it put a
        // zero page over the code's last page (all of this program's code), so the program died at its
        // entry; an empty segment maps nothing, and the program runs.
        const uint PT_GNU_STACK = 0x6474e551, PT_LOAD = 1, PF_R = 4;
        var elf = ElfImage.Load(Guest("errors/good"));
        var stack = elf.Segments.Single(s => s.Type == PT_GNU_STACK);
        ulong at = elf.Code.VAddr + elf.Code.MemSize;
        Assert.NotEqual(0UL, at % PageSize);
        elf.SetPhdr(stack, ElfImage.P_TYPE, PT_LOAD);
        elf.SetPhdr(stack, ElfImage.P_FLAGS, PF_R);
        elf.SetPhdr(stack, ElfImage.P_VADDR, at);
        elf.SetPhdr(stack, ElfImage.P_OFFSET, at % PageSize);
        elf.SetPhdr(stack, ElfImage.P_ALIGN, PageSize);
        var result = Run.Cli(["run", elf.Save(_scratch.File("bad")), "x"], null, timeoutSeconds: 30);
        Assert.Equal("", result.StandardError);
        Assert.Equal(8, result.ExitCode); // good returns 7 plus its number of arguments
    }

    [Fact]
    public void RelroOverTheCode()
    {
        // Was: loaded; making "relocated data" read-only took the code's execute permission, and the
        // program died of SIGSEGV at its entry.
        var elf = ElfImage.Load(Guest("errors/good"));
        var relro = elf.Segments.Single(s => s.Type == PT_GNU_RELRO);
        elf.SetPhdr(relro, ElfImage.P_VADDR, elf.Code.VAddr);
        elf.SetPhdr(relro, ElfImage.P_MEMSZ, PageSize);
        AssertRunFails(elf.Save(_scratch.File("bad")), "PT_GNU_RELRO lies outside the writable loadable segments");
    }

    [Fact]
    public void StringLongerThanTheLimit()
    {
        // filler has a NUL followed by 40 000 'A's in its read-only data: made the string table, every
        // name in it (DT_NEEDED first) runs past the 32 KiB bound before its NUL.
        var elf = ElfImage.Load(Guest("errors/filler"));
        byte[] start = [0, .. Enumerable.Repeat((byte)'A', 64)];
        int at = elf.Bytes.AsSpan().IndexOf(start);
        Assert.True(at > 0, "filler's run of 'A's was not found");
        var segment = elf.Loads.Single(s => (ulong)at >= s.Offset && (ulong)at < s.Offset + s.FileSize);
        elf.SetDynamic(DT_STRTAB, segment.VAddr + ((ulong)at - segment.Offset));
        elf.SetDynamic(DT_STRSZ, 40002);
        AssertRunFails(elf.Save(_scratch.File("bad")), "DT_NEEDED", "longer than the limit of 32768 bytes");
    }

    [Fact]
    public void TooManyVersionRequirements()
    {
        // Was: the count was silently cut to 32 768, each record decoding its file name afresh.
        var elf = ElfImage.Load(Guest("loader/ver/ver_new"));
        elf.SetDynamic(DT_VERNEEDNUM, 5000);
        AssertRunFails(elf.Save(_scratch.File("bad")), "too many version requirements", "limit is 4096");
    }

    [Fact]
    public void CopyRelocationSizeDiffersFromTheHostVariable()
    {
        // hostlib copies the host C library's stdout (8 bytes) into itself. With its symbol's size damaged
        // the copy read more or less than the variable (past its mapping, for a large enough size: a fault
        // in the loader); now the host library's own symbol table gives the size to check against.
        const uint R_X86_64_COPY = 5;
        const long DT_SYMTAB = 6;
        string program = _scratch.Copy(Guest("loader/host/hostlib"), "host/hostlib");
        var elf = ElfImage.Load(program);
        var copy = elf.Relocations().Single(r => (uint)r.Info == R_X86_64_COPY);
        int symbol = elf.FileOffset(elf.Dyn(DT_SYMTAB).Value) + (int)(copy.Info >> 32) * 24;
        Assert.Equal(8UL, elf.U64(symbol + 16)); // st_size
        elf.Set64(symbol + 16, 4);
        AssertRunFails(elf.Save(program), "COPY relocation of 'stdout'", "size 4 differs from its definition's 8 in host library libc.so.6");
    }

    [Fact]
    public void FifoInsteadOfAFile()
    {
        // Was: opening it waited for a writer forever (a dependency path in a damaged file can name one).
        string fifo = _scratch.File("fifo");
        Assert.Equal(0, Run.Process("mkfifo", [fifo]).ExitCode);
        AssertRunFails(fifo, "not a regular file");
    }
}
