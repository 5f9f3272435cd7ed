using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>
/// The dynamic symbol table of one object with its hash table (DT_GNU_HASH preferred, with its
/// Bloom filter; DT_HASH otherwise) and version tables. Lookups never read outside the checked tables.
/// </summary>
internal sealed unsafe class SymbolTable
{
    private readonly DynamicInfo _dyn;
    private readonly Elf64Sym* _symbols;

    // DT_GNU_HASH
    private readonly uint _gnuBucketCount, _gnuSymOffset, _bloomMask, _bloomShift;
    private readonly ulong* _bloom;
    private readonly uint* _gnuBuckets, _gnuChain;
    /// <summary>How many chain words lie within the table's segment: no walk reads past them.</summary>
    private readonly ulong _gnuChainCapacity;

    // DT_HASH
    private readonly uint _sysvBucketCount;
    private readonly uint* _sysvBuckets, _sysvChain;

    public uint Count { get; }
    public SymbolVersions Versions { get; }
    public bool UsesGnuHash => _gnuBuckets != null;

    public SymbolTable(ElfAddressSpace space, DynamicInfo dyn, ulong? countHint = null)
    {
        _dyn = dyn;
        if (dyn.SymTab == 0)
        {
            // Hash tables index a symbol table: one without the other is a damaged dynamic section.
            if (dyn.GnuHash != 0 || dyn.Hash != 0)
                throw new LoadException(space.Path, "dynamic section has a symbol hash table but no symbol table (DT_SYMTAB)");
            Versions = new SymbolVersions();
            return;
        }
        if (dyn.GnuHash != 0)
        {
            uint* header = (uint*)space.Resolve(dyn.GnuHash, 16, "GNU hash table header");
            _gnuBucketCount = header[0]; _gnuSymOffset = header[1];
            uint bloomWords = header[2]; _bloomShift = header[3];
            if (_gnuBucketCount == 0 || bloomWords == 0 || (bloomWords & (bloomWords - 1)) != 0)
                throw new LoadException(space.Path, "invalid GNU hash table (zero buckets, or a Bloom filter size that is not a power of two)");
            _bloomMask = bloomWords - 1;
            _bloom = space.Array<ulong>(dyn.GnuHash + 16, bloomWords, "GNU hash Bloom filter");
            ulong bucketsAt = dyn.GnuHash + 16 + (ulong)bloomWords * 8;
            _gnuBuckets = space.Array<uint>(bucketsAt, _gnuBucketCount, "GNU hash buckets");
            ulong chainAt = bucketsAt + (ulong)_gnuBucketCount * 4;
            _gnuChainCapacity = space.Available(chainAt) / 4;
            _gnuChain = _gnuChainCapacity > 0 ? (uint*)space.Resolve(chainAt, 4, "GNU hash chains") : null;
            Count = CountFromGnuHash(_gnuChainCapacity);
        }
        if (dyn.Hash != 0)
        {
            uint* header = (uint*)space.Resolve(dyn.Hash, 8, "hash table header");
            _sysvBucketCount = header[0];
            uint chainCount = header[1];
            if (_sysvBucketCount == 0) throw new LoadException(space.Path, "invalid hash table: zero buckets");
            _sysvBuckets = space.Array<uint>(dyn.Hash + 8, _sysvBucketCount, "hash table buckets");
            _sysvChain = space.Array<uint>(dyn.Hash + 8 + (ulong)_sysvBucketCount * 4, chainCount, "hash table chains");
            // nchain counts every dynamic symbol; DT_GNU_HASH only reaches its last hashed one, so with
            // both tables (--hash-style=both) the trailing unhashed (undefined) symbols need this count.
            Count = Math.Max(Count, chainCount);
        }
        if (_gnuBuckets == null && _sysvBuckets == null)
            throw new LoadException(space.Path, "dynamic symbol table without a hash table (DT_HASH or DT_GNU_HASH)");
        if (_sysvBuckets == null)
        {
            // GNU hash only counts the hashed symbols; undefined ones come before them. Prefer the section
            // header's count, else the usual layout (the string table right after the symbols).
            ulong more = countHint ?? (dyn.StrTab > dyn.SymTab ? (dyn.StrTab - dyn.SymTab) / SymSize : 0);
            more = Math.Min(more, space.Available(dyn.SymTab) / SymSize);
            if (more > Count) Count = checked((uint)Math.Min(more, uint.MaxValue));
        }
        _symbols = space.Array<Elf64Sym>(dyn.SymTab, Count, "dynamic symbol table");
        // Index 0 is the null symbol, all zeros: anything else there means DT_SYMTAB points elsewhere.
        if (Count > 0 && new ReadOnlySpan<byte>(_symbols, SymSize).ContainsAnyExcept((byte)0))
            throw new LoadException(space.Path, $"dynamic symbol table at 0x{dyn.SymTab:x} does not start with the null symbol");
        Versions = SymbolVersions.Read(space, dyn, Count);
    }

    private uint CountFromGnuHash(ulong chainCapacity)
    {
        uint highest = 0;
        for (uint b = 0; b < _gnuBucketCount; b++) highest = Math.Max(highest, _gnuBuckets[b]);
        if (highest == 0) return _gnuSymOffset; // every bucket empty
        if (highest < _gnuSymOffset) throw new LoadException(_dyn.Path, "invalid GNU hash table: bucket below the symbol offset");
        for (ulong i = highest - _gnuSymOffset; ; i++)
        {
            if (i >= chainCapacity) throw new LoadException(_dyn.Path, "invalid GNU hash table: a chain runs past the end of its segment");
            if ((_gnuChain[i] & 1) != 0) return checked((uint)(i + _gnuSymOffset + 1));
        }
    }

    public ref readonly Elf64Sym this[uint index]
    {
        get
        {
            if (index >= Count) OutOfRange(index);
            return ref _symbols[index];
        }
    }

    /// <summary>Thrown from here so that the indexer, on every relocation's path, stays small enough to inline.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void OutOfRange(uint index) => throw new LoadException(_dyn.Path, $"symbol index {index} is out of range (the table has {Count})");

    public ReadOnlySpan<byte> NameBytes(uint index) => _dyn.StringBytes(this[index].Name);
    public byte* NamePointer(uint index) => _dyn.StringPointer(this[index].Name);
    public string Name(uint index) => _dyn.String(this[index].Name);

    /// <summary>
    /// Finds an exported definition of <paramref name="name"/> that satisfies <paramref name="version"/>;
    /// returns its index, or 0 (the null symbol) when there is none. Unless <paramref name="plt"/> (the
    /// reference fills a PLT slot), an executable's canonical PLT entry counts as a definition.
    /// </summary>
    public uint Find(ReadOnlySpan<byte> name, uint gnuHash, ref uint sysvHash, SymbolVersion? version, bool plt = false)
    {
        if (_symbols == null) return 0; // no DT_SYMTAB: the object defines nothing
        // A definition that matches only if it is the sole one of its name (see VersionMatch.IfSole).
        uint sole = 0, soleCount = 0;
        if (_gnuBuckets != null)
        {
            ulong word = _bloom[(gnuHash / 64) & _bloomMask];
            ulong mask = (1UL << (int)(gnuHash % 64)) | (1UL << (int)((gnuHash >> (int)_bloomShift) % 64));
            if ((word & mask) != mask) return 0;
            uint index = _gnuBuckets[gnuHash % _gnuBucketCount];
            // Bucket 0 is an empty chain (symbol 0 is the null symbol), as in ld.so.
            if (index == 0 || index < _gnuSymOffset) return 0;
            // Count may exceed what the chains cover (it can come from DT_HASH or the section headers):
            // the walk stops at the end of the chain words as well as at the symbol table's end.
            for (; index < Count && index - _gnuSymOffset < _gnuChainCapacity; index++)
            {
                uint chainHash = _gnuChain[index - _gnuSymOffset];
                if ((chainHash | 1) == (gnuHash | 1))
                {
                    var match = Match(index, name, version, plt);
                    if (match == VersionMatch.Yes) return index;
                    if (match == VersionMatch.IfSole && soleCount++ == 0) sole = index;
                }
                if ((chainHash & 1) != 0) break;
            }
            return soleCount == 1 ? sole : 0;
        }
        if (sysvHash == uint.MaxValue) sysvHash = ElfHash.SysV(name);
        uint steps = 0;
        for (uint i = _sysvBuckets[sysvHash % _sysvBucketCount]; i != 0 && i < Count && steps++ <= Count; i = _sysvChain[i])
        {
            var match = Match(i, name, version, plt);
            if (match == VersionMatch.Yes) return i;
            if (match == VersionMatch.IfSole && soleCount++ == 0) sole = i;
        }
        return soleCount == 1 ? sole : 0;
    }

    private VersionMatch Match(uint index, ReadOnlySpan<byte> name, SymbolVersion? version, bool plt)
    {
        ref readonly var sym = ref _symbols[index];
        bool canonicalPlt = !plt && IsCanonicalPlt(sym);
        if (!IsExported(sym) && !canonicalPlt) return VersionMatch.No;
        if (!_dyn.StringEquals(sym.Name, name)) return VersionMatch.No;
        if (canonicalPlt)
        {
            // The executable's version index of an undefined symbol names the version it requires.
            var required = Versions.RequiredBy(index);
            return version == null || required == null || required.Matches(version) ? VersionMatch.Yes : VersionMatch.No;
        }
        return Versions.Accepts(index, version);
    }

    /// <summary>Whether a symbol is a definition other objects may bind to.</summary>
    public static bool IsExported(in Elf64Sym sym) => sym.IsDefined && IsVisible(sym);

    /// <summary>
    /// Whether a symbol is a canonical PLT entry: a non-PIE executable that takes the address of a
    /// function defined in a shared object has the linker use its own PLT entry as that address, and
    /// records it as an undefined symbol with a value. As with ld.so, every other reference to the
    /// function's address must bind to that entry so that all objects agree on it; PLT slots must not
    /// (the executable's own slot would point back at the entry that jumps through it).
    /// </summary>
    public static bool IsCanonicalPlt(in Elf64Sym sym) => !sym.IsDefined && sym.Value != 0 && IsVisible(sym);

    private static bool IsVisible(in Elf64Sym sym)
    {
        if (sym.Binding is not (STB_GLOBAL or STB_WEAK or STB_GNU_UNIQUE)) return false;
        if (sym.Visibility is STV_HIDDEN or STV_INTERNAL) return false;
        return sym.Type is STT_NOTYPE or STT_OBJECT or STT_FUNC or STT_COMMON or STT_GNU_IFUNC or STT_TLS;
    }
}
