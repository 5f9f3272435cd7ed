using System.Buffers;

namespace Microcosm.Loading;

/// <summary>
/// What each symbol of one object resolved to while that object is relocated, so that the relocations
/// of one symbol (its address in a table and its PLT slot, say) do one scope lookup between them.
/// <para>
/// An entry records which kinds of reference it answers. A lookup for an address (any relocation but
/// a PLT slot) that found an ordinary definition answers PLT slots too: a PLT lookup walks the same scope
/// and considers the same definitions except executables' canonical PLT entries, so it stops at the
/// same one. A canonical PLT entry, or what a PLT lookup found (it skipped any canonical entry), answers
/// only its own kind.
/// </para>
/// <para>
/// The entries hold no references (the owner is an index into a short list), and their array is rented
/// from the shared pool and returned when relocation ends: a fresh array per object would be one large-
/// object-heap allocation per load, paid for in page faults and full collections. Which entries are
/// filled is kept apart, one byte a symbol, so that only that small array needs clearing.
/// </para>
/// </summary>
internal sealed class ResolutionCache(uint symbolCount) : IDisposable
{
    /// <summary>
    /// Symbols past this index are looked up every time: the largest real libraries have a few hundred
    /// thousand dynamic symbols, and a damaged count must not cost gigabytes (the cache is 25 bytes a symbol).
    /// </summary>
    public const uint MaxSymbols = 1 << 22;

    [Flags]
    private enum Answers : byte { None = 0, Address = 1, Plt = 2 }

    private struct Entry
    {
        public ulong Address, Size;
        /// <summary>Index into <see cref="_owners"/>; -1 for no definition (an undefined weak reference).</summary>
        public int Owner;
        public byte Type;
        public bool IsCanonicalPlt;
    }

    private readonly int _capacity = (int)Math.Min(symbolCount, MaxSymbols);
    private readonly List<LoadedObject> _owners = [];
    private Entry[]? _entries;
    /// <summary>Per symbol, which kinds of reference its entry answers (None: the entry is stale or unused).</summary>
    private Answers[]? _answers;

    /// <summary>The cached answer for symbol <paramref name="index"/> to a reference of this kind, if there is one.</summary>
    public bool TryGet(uint index, bool plt, out SymbolDefinition? definition)
    {
        definition = null;
        if (_answers == null || index >= _capacity || (_answers[index] & (plt ? Answers.Plt : Answers.Address)) == 0) return false;
        ref readonly var entry = ref _entries![index];
        if (entry.Owner >= 0) definition = new SymbolDefinition(_owners[entry.Owner], entry.Address, entry.Size, entry.Type, entry.IsCanonicalPlt);
        return true;
    }

    /// <summary>Records what symbol <paramref name="index"/> resolved to, for address references, PLT slots or both.</summary>
    public void Store(uint index, SymbolDefinition? definition, bool forAddress, bool forPlt)
    {
        if (index >= _capacity) return;
        if (_answers == null)
        {
            _answers = ArrayPool<Answers>.Shared.Rent(_capacity);
            Array.Clear(_answers, 0, _capacity);
            _entries = ArrayPool<Entry>.Shared.Rent(_capacity);
        }
        ref var entry = ref _entries![index];
        _answers[index] = (forAddress ? Answers.Address : 0) | (forPlt ? Answers.Plt : 0);
        if (definition is not { } d)
        {
            entry.Owner = -1;
            return;
        }
        entry.Address = d.Address;
        entry.Size = d.Size;
        entry.Type = d.Type;
        entry.IsCanonicalPlt = d.IsCanonicalPlt;
        entry.Owner = OwnerIndex(d.Owner);
    }

    private int OwnerIndex(LoadedObject owner)
    {
        // A handful of objects at most define what one object uses; the most recent is the likeliest.
        for (int i = _owners.Count - 1; i >= 0; i--)
            if (ReferenceEquals(_owners[i], owner)) return i;
        _owners.Add(owner);
        return _owners.Count - 1;
    }

    public void Dispose()
    {
        if (_answers != null) ArrayPool<Answers>.Shared.Return(_answers);
        if (_entries != null) ArrayPool<Entry>.Shared.Return(_entries);
        _answers = null;
        _entries = null;
    }
}
