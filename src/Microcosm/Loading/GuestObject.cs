using Microcosm.Elf;
using Microcosm.Host;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Loading;

/// <summary>A guest ELF object mapped into the instance: its image, dynamic information and symbols.</summary>
public sealed unsafe class GuestObject : LoadedObject, Faults.IMappedImage
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
        // The loader calls these itself: an address outside the code would be a jump into data or nowhere.
        if (Dynamic is { Init: not 0 } && !file.IsCode(Dynamic.Init))
            throw new LoadException(path, $"DT_INIT 0x{Dynamic.Init:x} is not in an executable segment");
        if (Dynamic is { Fini: not 0 } && !file.IsCode(Dynamic.Fini))
            throw new LoadException(path, $"DT_FINI 0x{Dynamic.Fini:x} is not in an executable segment");
        _writable = file.LoadSegments.Where(s => (s.Flags & PF_W) != 0).Select(s => (s.VAddr, s.VAddr + s.MemSize)).ToArray();
        if (Dynamic?.Soname is { } soname) Name = soname;
        Faults.LoadedImages.Add(this); // so that a fault in it can be named
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
    /// <summary>The bytes of address space it holds from <see cref="LoadAddress"/>.</summary>
    internal ulong Span => _span;

    internal bool Relocated { get; set; }
    /// <summary>Which of the linker's loads relocated it (the modules' load comes before the program's).</summary>
    internal int RelocatedIn { get; set; }
    internal bool Initialized { get; set; }

    /// <summary>Its TLS module id (1 …), 0 when it has no PT_TLS; and where its TLS block lies below the thread pointer.</summary>
    internal int TlsModule { get; set; }
    internal long TlsOffset { get; set; }
    internal bool Finalized { get; set; }

    public nint Address(ulong virtualAddress) => Base + (nint)virtualAddress;

    /// <summary>Whether [address, address + size) lies in a writable segment (where relocations may write).</summary>
    internal bool IsWritable(ulong virtualAddress, ulong size)
    {
        foreach (var (start, end) in _writable)
            if (virtualAddress >= start && virtualAddress <= end && size <= end - virtualAddress) return true;
        return false;
    }

    /// <summary>Whether [address, address + size) (run-time addresses) can be read: it lies in a readable segment.</summary>
    internal bool Contains(ulong runtimeAddress, ulong size)
    {
        if (runtimeAddress < (ulong)Base) return false;
        ulong address = runtimeAddress - (ulong)Base;
        foreach (var s in File.LoadSegments)
            if ((s.Flags & PF_R) != 0 && address >= s.VAddr && address - s.VAddr <= s.MemSize && size <= s.MemSize - (address - s.VAddr))
                return true;
        return false;
    }

    bool Faults.IMappedImage.Contains(ulong address, ulong length) => Contains(address, length);

    IEnumerable<(nint Start, nint End)> Faults.IMappedImage.CodeRanges =>
        File.LoadSegments.Where(s => (s.Flags & PF_X) != 0).Select(s => (Address(s.VAddr), Address(s.VAddr + s.MemSize)));

    internal override bool TryFind(ref SymbolQuery query, out SymbolDefinition definition)
    {
        definition = default;
        if (Symbols == null) return false;
        // A damaged table here is reported as this object's (the reader names its file), not as that of the
        // object whose reference is being bound.
        uint index = Symbols.Find(query.Name, query.GnuHash, ref query.SysVHash, query.Version, query.Plt);
        if (index == 0) return false;
        ref readonly var sym = ref Symbols[index];
        if (sym.Type == STT_TLS)
        {
            // Its value is an offset in the object's TLS block, not an address: TLS relocations and dlsym place it.
            CheckTlsDefinition(sym, query.Name);
            definition = new SymbolDefinition(this, sym.Value, sym.Size, sym.Type);
            return true;
        }
        CheckDefinition(sym, query.Name);
        ulong address = sym.Section == SHN_ABS ? sym.Value : (ulong)Base + sym.Value;
        definition = new SymbolDefinition(this, address, sym.Size, sym.Type, IsCanonicalPlt: !sym.IsDefined);
        return true;
    }

    /// <summary>
    /// A definition must lie where its kind lives: a function in the code, anything else in (or at the
    /// very end of) a segment. Otherwise binding to it would send a call or a read into unmapped memory.
    /// </summary>
    internal void CheckDefinition(in Elf64Sym sym, ReadOnlySpan<byte> name)
    {
        if (sym.Section == SHN_ABS) return;
        bool function = sym.Type is STT_FUNC or STT_GNU_IFUNC;
        bool plausible = function && File.IsCode(sym.Value);
        if (!function)
            foreach (var s in File.LoadSegments)
                plausible |= sym.Value >= s.VAddr && sym.Value - s.VAddr <= s.MemSize;
        if (!plausible)
            throw new LoadException(Path, $"symbol '{System.Text.Encoding.UTF8.GetString(name)}' at 0x{sym.Value:x} is not in the object's {(function ? "code" : "segments")}");
    }

    /// <summary>A thread-local symbol must lie in the object's TLS block.</summary>
    internal void CheckTlsDefinition(in Elf64Sym sym, ReadOnlySpan<byte> name)
    {
        if (File.Tls is not { } tls)
            throw new LoadException(Path, $"symbol '{System.Text.Encoding.UTF8.GetString(name)}' is thread-local, but the object has no PT_TLS segment");
        if (sym.Value > tls.MemSize || sym.Size > tls.MemSize - sym.Value)
            throw new LoadException(Path, $"thread-local symbol '{System.Text.Encoding.UTF8.GetString(name)}' at offset 0x{sym.Value:x} lies outside the object's TLS block (0x{tls.MemSize:x} bytes)");
    }

    public override void Dispose()
    {
        Faults.LoadedImages.Remove(this);
        Faults.ProgramCode.Remove(this);
        HostPlatform.Memory.Release(_reservation, _span);
    }
}
