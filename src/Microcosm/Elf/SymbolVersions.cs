using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>A symbol version by name: what a reference requires (from VERNEED) or a definition carries (from VERDEF).</summary>
internal sealed class SymbolVersion(byte[] name, uint hash, string? file, bool weak)
{
    public byte[] Name { get; } = name;
    public uint Hash { get; } = hash;
    /// <summary>For a requirement, the DT_NEEDED name of the object expected to define it.</summary>
    public string? File { get; } = file;
    public bool Weak { get; } = weak;
    public string Text => System.Text.Encoding.UTF8.GetString(Name);

    public bool Matches(SymbolVersion other) => Hash == other.Hash && Name.AsSpan().SequenceEqual(other.Name);
}

/// <summary>Whether a definition satisfies a reference: yes, no, or only if no other definition of the name does
/// (an unversioned reference to a name defined in several versions, none of them the base or the oldest).</summary>
internal enum VersionMatch { No, Yes, IfSole }

/// <summary>The version tables of one object: VERSYM, with VERDEF and VERNEED decoded by version index.</summary>
internal sealed unsafe class SymbolVersions
{
    /// <summary>
    /// Bounds on what the version tables may hold: records (definitions, or requirements with their
    /// entries, each) and the length of a version name. Real objects have dozens of versions named like
    /// GLIBC_2.34; these bounds keep a damaged chain from costing unbounded time or memory.
    /// </summary>
    public const int MaxVersionRecords = 4096, MaxVersionNameLength = 1024;

    /// <summary>Indexed by version index: the versions this object defines (index 1 is the base, the object itself).</summary>
    public SymbolVersion?[] Definitions { get; private set; } = [];
    /// <summary>Indexed by version index: the versions this object requires of its dependencies.</summary>
    public SymbolVersion?[] Requirements { get; private set; } = [];
    public ushort* VerSym { get; private set; }

    public static SymbolVersions Read(ElfAddressSpace space, DynamicInfo dyn, uint symbolCount)
    {
        var v = new SymbolVersions();
        if (dyn.VerSym != 0) v.VerSym = v.ToPointer(space, dyn.VerSym, symbolCount);
        if (dyn.VerDef != 0) v.Definitions = ReadDefinitions(space, dyn);
        if (dyn.VerNeed != 0) v.Requirements = ReadRequirements(space, dyn);
        return v;
    }

    private ushort* ToPointer(ElfAddressSpace space, ulong address, uint count) => space.Array<ushort>(address, count, "version symbol table (DT_VERSYM)");

    private static SymbolVersion?[] ReadDefinitions(ElfAddressSpace space, DynamicInfo dyn)
    {
        var byIndex = new SymbolVersion?[2];
        ulong address = dyn.VerDef;
        if (dyn.VerDefNum > MaxVersionRecords)
            throw new LoadException(dyn.Path, $"too many version definitions (DT_VERDEFNUM {dyn.VerDefNum}, the limit is {MaxVersionRecords})");
        for (ulong i = 0; i < dyn.VerDefNum; i++)
        {
            var def = space.Read<Elf64Verdef>(address, "version definition (DT_VERDEF)");
            if (def.Version != 1) throw new LoadException(dyn.Path, $"unsupported version definition revision {def.Version}");
            int index = def.Index & 0x7fff;
            if (def.AuxCount > 0)
            {
                var aux = space.Read<Elf64Verdaux>(address + def.Aux, "version definition name");
                byte[] name = VersionName(dyn, aux.Name, "version definition");
                if (index >= byIndex.Length) Array.Resize(ref byIndex, index + 1);
                byIndex[index] = new SymbolVersion(name, ElfHash.SysV(name), null, (def.Flags & VER_FLG_WEAK) != 0);
            }
            if (def.Next == 0) break;
            address += def.Next;
        }
        return byIndex;
    }

    private static SymbolVersion?[] ReadRequirements(ElfAddressSpace space, DynamicInfo dyn)
    {
        var byIndex = new SymbolVersion?[2];
        ulong address = dyn.VerNeed;
        if (dyn.VerNeedNum > MaxVersionRecords)
            throw new LoadException(dyn.Path, $"too many version requirements (DT_VERNEEDNUM {dyn.VerNeedNum}, the limit is {MaxVersionRecords})");
        int budget = MaxVersionRecords;
        var files = new Dictionary<uint, string>(); // each file name decoded once, however many records name it
        for (ulong i = 0; i < dyn.VerNeedNum; i++)
        {
            var need = space.Read<Elf64Verneed>(address, "version requirement (DT_VERNEED)");
            if (need.Version != 1) throw new LoadException(dyn.Path, $"unsupported version requirement revision {need.Version}");
            if (!files.TryGetValue(need.File, out string? file)) files[need.File] = file = dyn.String(need.File);
            ulong auxAddress = address + need.Aux;
            for (int j = 0; j < need.AuxCount; j++)
            {
                if (--budget < 0) throw new LoadException(dyn.Path, $"too many version requirements (more than {MaxVersionRecords} entries)");
                var aux = space.Read<Elf64Vernaux>(auxAddress, "version requirement entry");
                int index = aux.Other & 0x7fff;
                if (index >= byIndex.Length) Array.Resize(ref byIndex, index + 1);
                byIndex[index] = new SymbolVersion(VersionName(dyn, aux.Name, "version requirement"), aux.Hash, file, (aux.Flags & VER_FLG_WEAK) != 0);
                if (aux.Next == 0) break;
                auxAddress += aux.Next;
            }
            if (need.Next == 0) break;
            address += need.Next;
        }
        return byIndex;
    }

    private static byte[] VersionName(DynamicInfo dyn, uint offset, string what)
    {
        var name = dyn.StringBytes(offset, what);
        if (name.Length > MaxVersionNameLength)
            throw new LoadException(dyn.Path, $"{what}: version name at offset 0x{offset:x} is longer than the limit of {MaxVersionNameLength} bytes");
        return name.ToArray();
    }

    /// <summary>The version a reference (undefined symbol) of this object requires, or null for none.</summary>
    public SymbolVersion? RequiredBy(uint symbol)
    {
        if (VerSym == null) return null;
        int index = VerSym[symbol] & 0x7fff;
        return index >= 2 && index < Requirements.Length ? Requirements[index] : null;
    }

    /// <summary>The version a definition of this object carries (null when unversioned) and whether it is hidden.</summary>
    public SymbolVersion? DefinedAs(uint symbol, out bool hidden)
    {
        hidden = false;
        if (VerSym == null) return null;
        ushort v = VerSym[symbol];
        hidden = (v & VERSYM_HIDDEN) != 0;
        int index = v & 0x7fff;
        return index >= 2 && index < Definitions.Length ? Definitions[index] : null;
    }

    /// <summary>Whether definition <paramref name="symbol"/> may satisfy a reference requiring <paramref name="wanted"/>
    /// (null: an unversioned reference).</summary>
    public VersionMatch Accepts(uint symbol, SymbolVersion? wanted)
    {
        if (VerSym == null) return VersionMatch.Yes;
        var defined = DefinedAs(symbol, out bool hidden);
        if (wanted == null)
        {
            // As in ld.so: an unversioned reference comes from an object linked against the library before
            // it had versions, so it binds to the base or the first (oldest) version, even a non-default
            // one; a later version only when it is the only visible definition of the name.
            int index = VerSym[symbol] & 0x7fff;
            if (index <= 2) return VersionMatch.Yes;
            return hidden ? VersionMatch.No : VersionMatch.IfSole;
        }
        // An unversioned definition in a versioned object satisfies any version.
        if (defined == null) return hidden ? VersionMatch.No : VersionMatch.Yes;
        return defined.Matches(wanted) ? VersionMatch.Yes : VersionMatch.No;
    }

    public bool Defines(SymbolVersion wanted) => Definitions.Any(d => d != null && d.Matches(wanted));
}
