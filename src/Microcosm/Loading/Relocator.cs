using Microcosm.Elf;
using static Microcosm.Elf.ElfConstants;
using static Microcosm.Loading.RelocationTypes;

namespace Microcosm.Loading;

/// <summary>
/// Applies one object's relocations (DT_RELR, DT_RELA, DT_JMPREL, all bound now) against a lookup
/// scope. Relocations that must call an IFUNC resolver in an object that is not fully relocated yet
/// (IRELATIVE, or a reference to an IFUNC of this very object) wait until everything else is done.
/// </summary>
internal sealed unsafe class Relocator(GuestObject obj, IReadOnlyList<LoadedObject> scope, int generation = 0, bool runsNoGuestCode = false,
    List<(nint Slot, ulong Value)>? externalSlots = null)
{
    private readonly List<Elf64Rela> _deferred = [];
    private ResolutionCache _cache = null!;

    public void Run()
    {
        var dyn = obj.Dynamic;
        if (dyn == null) return;
        _cache = new ResolutionCache(obj.Symbols?.Count ?? 0);
        try
        {
            Relocate(dyn);
        }
        finally
        {
            _cache.Dispose();
        }
    }

    private void Relocate(DynamicInfo dyn)
    {
        if (dyn.TextRel) Fail("has text relocations (DT_TEXTREL), which would need writable code; rebuild it with -fPIC");
        if (dyn.HasRel) Fail("has DT_REL relocations; x86-64 objects use DT_RELA");
        if (dyn.Relr != 0) ApplyRelr(dyn.Relr, dyn.RelrSize);
        if (dyn.Rela != 0) ApplyRela(dyn.Rela, dyn.RelaSize);
        bool jmprelInsideRela = dyn.Rela != 0 && dyn.JmpRel >= dyn.Rela && dyn.JmpRel < dyn.Rela + dyn.RelaSize;
        // Some linkers count the PLT relocations in DT_RELASZ too, but then they are wholly inside it.
        if (jmprelInsideRela && dyn.PltRelSize > dyn.Rela + dyn.RelaSize - dyn.JmpRel)
            Fail($"the PLT relocations (DT_JMPREL 0x{dyn.JmpRel:x}) run past the end of the DT_RELA table they start in");
        if (dyn.JmpRel != 0 && !jmprelInsideRela) ApplyRela(dyn.JmpRel, dyn.PltRelSize, plt: true);
        foreach (var rela in _deferred) Apply(rela, late: true);
    }

    private void ApplyRelr(ulong address, ulong size)
    {
        ulong* entries = obj.Space.Array<ulong>(address, size / 8, "RELR relocations");
        ulong where = 0;
        for (ulong i = 0; i < size / 8; i++)
        {
            ulong entry = entries[i];
            if ((entry & 1) == 0)
            {
                AddBase(entry);
                where = entry + 8;
                continue;
            }
            ulong bits = entry >> 1;
            for (ulong slot = where; bits != 0; bits >>= 1, slot += 8)
                if ((bits & 1) != 0) AddBase(slot);
            where += 63 * 8;
        }
    }

    private void AddBase(ulong offset)
    {
        if (!obj.IsWritable(offset, 8)) OutsideWritable(offset, "R_X86_64_RELATIVE (RELR)");
        *(ulong*)(obj.Base + (nint)offset) += (ulong)obj.Base;
    }

    private void ApplyRela(ulong address, ulong size, bool plt = false)
    {
        ulong count = size / RelaSize;
        var relocations = obj.Space.Array<Elf64Rela>(address, count, plt ? "PLT relocation table (DT_JMPREL)" : "relocation table (DT_RELA)");
        for (ulong i = 0; i < count; i++)
        {
            // The PLT table holds only these (glibc's lazy binding rejects anything else too); other
            // types there mean DT_JMPREL points at something else, whose "relocations" would do nothing.
            if (plt && relocations[i].Type is not (R_X86_64_JUMP_SLOT or R_X86_64_IRELATIVE or R_X86_64_TLSDESC))
                Fail($"unexpected relocation {Name(relocations[i].Type)} in the PLT relocations (DT_JMPREL)");
            Apply(relocations[i], late: false);
        }
    }

    private void Apply(in Elf64Rela rela, bool late)
    {
        uint type = rela.Type;
        if (type == R_X86_64_NONE) return;
        if (IsTls(type))
        {
            ApplyTls(rela);
            return;
        }
        ulong p = (ulong)obj.Base + rela.Offset;
        switch (type)
        {
            case R_X86_64_RELATIVE:
                Write64(rela, (ulong)obj.Base + (ulong)rela.Addend);
                return;
            case R_X86_64_IRELATIVE:
                if (!late) { Defer(rela); return; }
                Write64(rela, CallResolver(obj, (ulong)obj.Base + (ulong)rela.Addend));
                return;
        }
        if (type is not (R_X86_64_64 or R_X86_64_PC32 or R_X86_64_PC64 or R_X86_64_32 or R_X86_64_32S or R_X86_64_GLOB_DAT
            or R_X86_64_JUMP_SLOT or R_X86_64_COPY or R_X86_64_SIZE32 or R_X86_64_SIZE64))
            Fail($"unsupported relocation {Name(type)}");

        if (type == R_X86_64_COPY)
        {
            Copy(rela);
            return;
        }
        bool plt = type == R_X86_64_JUMP_SLOT;
        var definition = Resolve(rela.Symbol, plt);
        ulong s = 0, z = 0;
        if (definition is { } def)
        {
            if (def.Type == STT_GNU_IFUNC && def.Owner is GuestObject owner && type != R_X86_64_SIZE32 && type != R_X86_64_SIZE64)
            {
                if (!late && (owner == obj || !owner.Relocated)) { Defer(rela); return; }
                def = def with { Address = CallResolver(owner, def.Address), Type = STT_FUNC };
                if (!plt) _cache.Store(rela.Symbol, def, forAddress: true, forPlt: false);
            }
            s = def.Address;
            z = def.Size;
        }
        ulong a = (ulong)rela.Addend;
        if (externalSlots != null && definition is { Owner: not GuestObject } && type is R_X86_64_64 or R_X86_64_GLOB_DAT or R_X86_64_JUMP_SLOT)
            externalSlots.Add((obj.Base + (nint)rela.Offset, type == R_X86_64_64 ? s + a : s));
        switch (type)
        {
            case R_X86_64_64: Write64(rela, s + a); break;
            case R_X86_64_GLOB_DAT:
            case R_X86_64_JUMP_SLOT: Write64(rela, s); break;
            case R_X86_64_PC64: Write64(rela, s + a - p); break;
            case R_X86_64_SIZE64: Write64(rela, z + a); break;
            case R_X86_64_PC32: Write32(rela, (long)(s + a - p), signed: true); break;
            case R_X86_64_32: Write32(rela, (long)(s + a), signed: false); break;
            case R_X86_64_32S: Write32(rela, (long)(s + a), signed: true); break;
            case R_X86_64_SIZE32: Write32(rela, (long)(z + a), signed: false); break;
        }
    }

    /// <summary>Whether a relocation gave code an offset from the thread pointer (the initial-exec model): its code
    /// reads the thread pointer, and the loader redirects those reads (<see cref="ThreadPointerLoads"/>).</summary>
    public bool UsesThreadPointer { get; private set; }

    /// <summary>The dynamic TLS relocations (docs/abi.md, "Thread-local storage"): a module id, an offset in a block, an
    /// offset from the thread pointer. Every block is static, so the last is known for every object.</summary>
    private void ApplyTls(in Elf64Rela rela)
    {
        var (owner, value) = ResolveTls(rela);
        ulong a = (ulong)rela.Addend;
        switch (rela.Type)
        {
            case R_X86_64_DTPMOD64: Write64(rela, (ulong)owner.TlsModule); break;
            case R_X86_64_DTPOFF64: Write64(rela, value + a); break;
            case R_X86_64_DTPOFF32: Write32(rela, (long)(value + a), signed: true); break;
            case R_X86_64_TPOFF64:
                UsesThreadPointer = true;
                Write64(rela, value + a - (ulong)owner.TlsOffset);
                break;
            case R_X86_64_TPOFF32:
                UsesThreadPointer = true;
                Write32(rela, (long)(value + a) - owner.TlsOffset, signed: true);
                break;
            case R_X86_64_TLSDESC:
                Fail("uses TLS descriptors (R_X86_64_TLSDESC, from -mtls-dialect=gnu2), which Microcosm does not support: build without that option");
                break;
            default:
                Fail($"unsupported relocation {Name(rela.Type)}");
                break;
        }
    }

    /// <summary>The object whose TLS block a TLS relocation refers to, and the offset in it.</summary>
    private (GuestObject Owner, ulong Value) ResolveTls(in Elf64Rela rela)
    {
        if (rela.Symbol == 0) return (WithTls(obj, "(none)"), 0);
        var symbols = obj.Symbols ?? throw new LoadException(obj.Path, "has symbol relocations but no dynamic symbol table");
        ref readonly var sym = ref symbols[rela.Symbol];
        string name = symbols.Name(rela.Symbol);
        if (sym.Binding == STB_LOCAL || (sym.IsDefined && sym.Visibility != STV_DEFAULT))
        {
            if (sym.Type != STT_TLS) Fail($"TLS relocation {Name(rela.Type)} against '{name}', which is not thread-local");
            obj.CheckTlsDefinition(sym, symbols.NameBytes(rela.Symbol));
            return (WithTls(obj, name), sym.Value);
        }
        var def = Lookup(rela.Symbol, excludeSelf: false)
            ?? throw new LoadException(obj.Path, $"unresolved thread-local symbol '{name}'{VersionText(rela.Symbol)}");
        if (def.Type != STT_TLS || def.Owner is not GuestObject owner)
            throw new LoadException(obj.Path, $"TLS relocation {Name(rela.Type)} against '{name}', which {def.Owner.Name} defines as not thread-local");
        return (WithTls(owner, name), def.Address);
    }

    private static GuestObject WithTls(GuestObject owner, string symbol) => owner.TlsModule != 0 ? owner
        : throw new LoadException(owner.Path, $"has a TLS relocation for '{symbol}' but no thread-local storage (PT_TLS)");

    private void Defer(in Elf64Rela rela) => _deferred.Add(rela);

    /// <summary>What symbol <paramref name="index"/> of this object refers to; null for an undefined weak reference.
    /// Each symbol is looked up once for addresses and PLT slots together, unless the address binds to an
    /// executable's canonical PLT entry, which a PLT slot must go past (see <see cref="ResolutionCache"/>).</summary>
    private SymbolDefinition? Resolve(uint index, bool plt)
    {
        var symbols = obj.Symbols ?? throw new LoadException(obj.Path, "has symbol relocations but no dynamic symbol table");
        ref readonly var sym = ref symbols[index];
        if (_cache.TryGet(index, plt, out var cached)) return cached;
        if (index == 0) return null;
        SymbolDefinition? found;
        if (sym.Binding == STB_LOCAL || (sym.IsDefined && sym.Visibility != STV_DEFAULT))
        {
            obj.CheckDefinition(sym, symbols.NameBytes(index));
            found = new SymbolDefinition(obj, sym.Section == SHN_ABS ? sym.Value : (ulong)obj.Base + sym.Value, sym.Size, sym.Type);
        }
        else
            found = Lookup(index, excludeSelf: false, plt);
        if (found == null && sym.Binding != STB_WEAK)
            Fail($"unresolved symbol '{symbols.Name(index)}'{VersionText(index)}");
        _cache.Store(index, found, forAddress: !plt, forPlt: plt || found is not { IsCanonicalPlt: true });
        return found;
    }

    /// <summary>Searches the scope in order (this object first under DT_SYMBOLIC) for a definition; with
    /// <paramref name="plt"/>, for a PLT slot, which canonical PLT entries do not satisfy.</summary>
    public SymbolDefinition? Lookup(uint index, bool excludeSelf, bool plt = false)
    {
        var symbols = obj.Symbols!;
        var name = symbols.NameBytes(index);
        // The span lies in the string table, where a NUL follows it: the host loader can take it as is.
        byte* pointer = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(name));
        var query = new SymbolQuery(name, pointer, symbols.Versions.RequiredBy(index), plt);
        if (!excludeSelf && obj.Dynamic!.Symbolic && obj.TryFind(ref query, out var own)) return own;
        for (int i = 0; i < scope.Count; i++)
        {
            var candidate = scope[i];
            if (excludeSelf && candidate == obj) continue;
            if (candidate.TryFind(ref query, out var definition)) return definition;
        }
        return null;
    }

    private void Copy(in Elf64Rela rela)
    {
        var symbols = obj.Symbols ?? throw new LoadException(obj.Path, "has a COPY relocation but no dynamic symbol table");
        ref readonly var sym = ref symbols[rela.Symbol];
        var definition = Lookup(rela.Symbol, excludeSelf: true)
            ?? throw new LoadException(obj.Path, $"unresolved symbol '{symbols.Name(rela.Symbol)}'{VersionText(rela.Symbol)} (COPY relocation)");
        ulong size = sym.Size;
        if (!obj.IsWritable(rela.Offset, size)) OutsideWritable(rela.Offset, "R_X86_64_COPY");
        if (definition.Owner is BuiltinObject)
            Fail($"COPY relocation of '{symbols.Name(rela.Symbol)}' from {definition.Owner.Name}, which defines only functions");
        if (definition.Owner is HostLibraryObject host)
        {
            // The host library's own symbol table gives the size: copying more would read past the variable
            // (and past the end of its mapping, a fault in the loader), copying less would cut it short.
            ulong? hostSize = Host.HostPlatform.Libraries.SymbolSize((nint)definition.Address);
            if (hostSize is null)
                Fail($"COPY relocation of '{symbols.Name(rela.Symbol)}' from host library {host.HostName}, which does not say how large it is (a DLL's exports carry no size): build the program with -fPIC -Wl,-z,nocopyreloc, or reach the data through a function");
            if (hostSize != size)
                Fail($"COPY relocation of '{symbols.Name(rela.Symbol)}': size {size} differs from its definition's {hostSize} in host library {host.HostName}");
        }
        if (definition.Owner is GuestObject source)
        {
            // The defining object was relocated by an earlier load (a module, before the program): its own
            // code is bound to its own copy, so a copy here would silently diverge from it.
            if (source.RelocatedIn != 0 && source.RelocatedIn != generation)
                Fail($"COPY relocation of '{symbols.Name(rela.Symbol)}' from {source.Name}, which was loaded and bound before this program (a module): its code would not see the copy. Build the program with -fPIC -Wl,-z,nocopyreloc, or reach the data through a function");
            if (definition.Size != size)
                Fail($"COPY relocation of '{symbols.Name(rela.Symbol)}': size {size} differs from its definition's {definition.Size} in {source.Name}");
            if (!source.Contains(definition.Address, size))
                Fail($"COPY relocation of '{symbols.Name(rela.Symbol)}' reads outside {source.Name}");
        }
        Buffer.MemoryCopy((void*)definition.Address, (void*)(obj.Base + (nint)rela.Offset), size, size);
        _cache.Store(rela.Symbol, definition with { Owner = obj, Address = (ulong)obj.Base + rela.Offset }, forAddress: true, forPlt: false);
    }

    /// <summary>Calls an IFUNC resolver of <paramref name="owner"/>, which must be in its code (else it is a damaged address);
    /// in a load that <see cref="Linker.RunsNoGuestCode"/>, only checks it and returns its address.</summary>
    private ulong CallResolver(GuestObject owner, ulong resolver)
    {
        if (resolver < (ulong)owner.Base || !owner.File.IsCode(resolver - (ulong)owner.Base))
            throw new LoadException(owner.Path, $"IFUNC resolver at 0x{resolver:x} is not in the object's code");
        if (runsNoGuestCode) return resolver;
        // Under the fault boundary, like every call into guest code: a resolver that faults is reported (as
        // a GuestFaultException off Microcosm threads, where programs load) instead of taking the host down.
        return (ulong)Threads.Guest.Call((nint)resolver);
    }

    private void Write64(in Elf64Rela rela, ulong value)
    {
        if (!obj.IsWritable(rela.Offset, 8)) OutsideWritable(rela.Offset, Name(rela.Type));
        *(ulong*)(obj.Base + (nint)rela.Offset) = value;
    }

    private void Write32(in Elf64Rela rela, long value, bool signed)
    {
        if (!obj.IsWritable(rela.Offset, 4)) OutsideWritable(rela.Offset, Name(rela.Type));
        bool fits = signed ? value is >= int.MinValue and <= int.MaxValue : (ulong)value <= uint.MaxValue;
        if (!fits)
            Fail($"relocation {Name(rela.Type)} against '{SymbolName(rela.Symbol)}' at 0x{rela.Offset:x} overflows 32 bits (value 0x{value:x}); rebuild with -fPIC");
        *(uint*)(obj.Base + (nint)rela.Offset) = (uint)value;
    }

    /// <summary>A relocation's target must be in the object's writable segments (checked inline by each write,
    /// with the relocation's name built only for this message).</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void OutsideWritable(ulong offset, string what) =>
        Fail($"relocation {what} at 0x{offset:x} targets memory outside the object's writable segments");

    private string SymbolName(uint index) => index == 0 || obj.Symbols == null ? "(none)" : obj.Symbols.Name(index);

    private string VersionText(uint index) => obj.Symbols?.Versions.RequiredBy(index) is { } v ? $" version '{v.Text}'" : "";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(string reason) => throw new LoadException(obj.Path, reason);
}
