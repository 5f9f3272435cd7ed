using Microcosm.Elf;
using Microcosm.Loading;

namespace Microcosm.Tests.Loading;

/// <summary>
/// The fuzzer's load (fuzz/, docs/fuzzing.md) maps, links and relocates untrusted files all the way
/// but must run none of their code: IFUNC resolvers are checked, not called, and the slots bound to
/// them hold the resolver's address. In process: libifunc.so's resolver only counts its calls, so
/// were it called here by mistake it would do no harm, and the slot would hold what it returned.
/// </summary>
public sealed unsafe class NoGuestCodeLoadTests
{
    public NoGuestCodeLoadTests() => GuestBuild.Ensure();

    [Fact]
    public void IfuncSlotsHoldTheResolverUncalled()
    {
        var exports = new Dictionary<string, nint> { ["mc_syscall"] = 0x1000, ["mc_syscall6"] = 0x1000 };
        using var linker = new Linker(new LibrarySearch([], []), new BuiltinObject(BuiltinObject.SyscallLibrary, exports))
        {
            RunsNoGuestCode = true,
        };
        var library = linker.Load(TestPaths.Guest("loader/ifunc/libifunc.so")).Root;
        var symbols = library.Symbols!;
        uint scale = Enumerable.Range(1, (int)symbols.Count - 1).Select(i => (uint)i).Single(i => symbols.Name(i) == "scale");
        Assert.Equal(ElfConstants.STT_GNU_IFUNC, symbols[scale].Type);
        ulong resolver = (ulong)library.Base + symbols[scale].Value; // an IFUNC symbol's value is its resolver

        var dyn = library.Dynamic!;
        var slots = Relocations(library, dyn.Rela, dyn.RelaSize).Concat(Relocations(library, dyn.JmpRel, dyn.PltRelSize))
            .Where(r => r.Symbol == scale).Select(r => *(ulong*)(library.Base + (nint)r.Offset)).ToList();
        Assert.NotEmpty(slots);
        Assert.All(slots, value => Assert.Equal(resolver, value));
    }

    private static List<Elf64Rela> Relocations(GuestObject obj, ulong address, ulong size)
    {
        if (address == 0) return [];
        var table = obj.Space.Array<Elf64Rela>(address, size / 24, "test");
        return [.. Enumerable.Range(0, (int)(size / 24)).Select(i => table[i])];
    }
}
