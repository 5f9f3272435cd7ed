using Microcosm.Elf;
using Microcosm.Host;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Loading;

/// <summary>A guest ELF object mapped into the instance: its image, dynamic information and symbols.</summary>
public sealed unsafe class GuestObject : LoadedObject
{
    private readonly nint _reservation;
    private readonly ulong _span;
    private readonly (ulong Start, ulong End)[] _writable;

    internal GuestObject(string name, string path, ElfFile file, MappedImage image, ulong device, ulong inode) : base(name, path)
    {
        File = file;
        _reservation = image.Reservation;
        _span = image.Span;
        Base = image.Base;
        Device = device;
        Inode = inode;
        Space = ElfAddressSpace.ForImage(file, (byte*)Base);
        Dynamic = file.Dynamic is { } dyn ? DynamicInfo.Read(Space, dyn) : null;
        Symbols = Dynamic != null ? new SymbolTable(Space, Dynamic, file.DynamicSymbolCount) : null;
        _writable = file.LoadSegments.Where(s => (s.Flags & PF_W) != 0).Select(s => (s.VAddr, s.VAddr + s.MemSize)).ToArray();
        Resolved = new SymbolDefinition?[Symbols?.Count ?? 0];
        if (Dynamic?.Soname is { } soname) Name = soname;
    }

    public override ObjectKind Kind => ObjectKind.Guest;
    internal ElfFile File { get; }
    internal ElfAddressSpace Space { get; }
    internal DynamicInfo? Dynamic { get; }
    internal SymbolTable? Symbols { get; }
    /// <summary>The load bias: run-time address = Base + ELF virtual address (0 for ET_EXEC).</summary>
    public nint Base { get; }
    public bool IsExecutable => File.Type == ET_EXEC || (Dynamic != null && (Dynamic.Flags1 & 0x08000000) != 0); // DF_1_PIE
    internal ulong Device { get; }
    internal ulong Inode { get; }
    /// <summary>The start of the lowest mapped page (what users see as the object's load address).</summary>
    public nint LoadAddress => _reservation;

    /// <summary>Per symbol index, what each reference resolved to (filled while relocating).</summary>
    internal SymbolDefinition?[] Resolved { get; }
    internal bool Relocated { get; set; }
    /// <summary>Which of the linker's loads relocated it (the modules' load comes before the program's).</summary>
    internal int RelocatedIn { get; set; }
    internal bool Initialized { get; set; }
    internal bool Finalized { get; set; }

    public nint Address(ulong virtualAddress) => Base + (nint)virtualAddress;

    /// <summary>Whether [address, address + size) lies in a writable segment (where relocations may write).</summary>
    internal bool IsWritable(ulong virtualAddress, ulong size)
    {
        foreach (var (start, end) in _writable)
            if (virtualAddress >= start && virtualAddress <= end && size <= end - virtualAddress) return true;
        return false;
    }

    internal bool Contains(ulong runtimeAddress, ulong size)
    {
        ulong start = (ulong)_reservation;
        return runtimeAddress >= start && runtimeAddress - start <= _span && size <= _span - (runtimeAddress - start);
    }

    internal override bool TryFind(ref SymbolQuery query, out SymbolDefinition definition)
    {
        definition = default;
        if (Symbols == null) return false;
        uint index = Symbols.Find(query.Name, query.GnuHash, ref query.SysVHash, query.Version);
        if (index == 0) return false;
        ref readonly var sym = ref Symbols[index];
        if (sym.Type == STT_TLS)
            throw new LoadException(Path, $"symbol '{System.Text.Encoding.UTF8.GetString(query.Name)}' is thread-local (ELF TLS); Microcosm has no ELF TLS: per-thread data lives in the thread structure");
        ulong address = sym.Section == SHN_ABS ? sym.Value : (ulong)Base + sym.Value;
        definition = new SymbolDefinition(this, address, sym.Size, sym.Type);
        return true;
    }

    public override void Dispose()
    {
        HostMemory.Release(_reservation, _span);
    }
}
