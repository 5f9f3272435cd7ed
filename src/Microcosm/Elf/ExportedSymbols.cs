using Microcosm.Host;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Elf;

/// <summary>A symbol an ELF shared object exports (its default version, if versioned).</summary>
public readonly record struct ExportedSymbol(string Name, bool IsFunction, bool IsWeak, ulong Size);

/// <summary>Reads the exports of an ELF file without loading it (for the SDK's host-library link stubs).</summary>
public static unsafe class ExportedSymbols
{
    /// <exception cref="LoadException">The file cannot be read as an ELF object; the message is "PATH: reason".</exception>
    public static IReadOnlyList<ExportedSymbol> Read(string path)
    {
        using var file = HostPlatform.Files.Open(path, out string? error, out bool exists)
            ?? throw new LoadException(path, error ?? "cannot open", notFound: !exists);
        var elf = ElfFile.Parse(path, file.Contents, file.Length);
        if (elf.Dynamic is not { } dynamic) return [];
        var space = ElfAddressSpace.ForFile(elf, file.Contents);
        var dyn = DynamicInfo.Read(space, dynamic);
        if (dyn.SymTab == 0) return [];
        var table = new SymbolTable(space, dyn, elf.DynamicSymbolCount);
        var result = new List<ExportedSymbol>();
        var seen = new HashSet<string>();
        for (uint i = 1; i < table.Count; i++)
        {
            ref readonly var sym = ref table[i];
            if (!SymbolTable.IsExported(sym) || sym.Type is STT_TLS) continue;
            table.Versions.DefinedAs(i, out bool hidden);
            if (hidden) continue;
            string name = table.Name(i);
            if (!seen.Add(name)) continue;
            result.Add(new ExportedSymbol(name, sym.Type is STT_FUNC or STT_GNU_IFUNC, sym.Binding == STB_WEAK, sym.Size));
        }
        return result;
    }
}
