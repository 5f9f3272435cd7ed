using Microcosm.Elf;
using static Microcosm.Elf.ElfConstants;

namespace Microcosm.Loading;

/// <summary>What the loader sees in one object: how each of its dependencies resolved and which references do not.</summary>
public sealed record ObjectReport(
    string Name, string Path, ObjectKind Kind, string Type, ulong Entry, string? Interpreter,
    IReadOnlyList<(string Needed, ObjectKind Kind, string Path)> Dependencies,
    IReadOnlyList<string> UnresolvedSymbols, IReadOnlyList<string> UndefinedWeakSymbols);

internal static class Inspection
{
    /// <summary>Reports on every object of a program loaded (not relocated) by <see cref="Linker"/>.</summary>
    public static List<ObjectReport> Report(LinkedProgram program)
    {
        var reports = new List<ObjectReport>();
        foreach (var obj in program.Scope)
        {
            if (obj is not GuestObject g)
            {
                reports.Add(new ObjectReport(obj.Name, obj.Path, obj.Kind, obj.Kind == ObjectKind.Host ? "host library" : "built-in", 0, null, [], [], []));
                continue;
            }
            reports.Add(Report(g, program));
        }
        return reports;
    }

    private static ObjectReport Report(GuestObject g, LinkedProgram program)
    {
        var deps = g.Needed.Select(n => (n.Name, n.Kind, n.Path)).ToList();
        var unresolved = new List<string>();
        var weak = new List<string>();
        if (g.Symbols is { } symbols)
        {
            var relocator = new Relocator(g, program.Scope);
            for (uint i = 1; i < symbols.Count; i++)
            {
                ref readonly var sym = ref symbols[i];
                if (sym.IsDefined || sym.Binding == STB_LOCAL) continue;
                // plt: an executable's own canonical PLT entry is not where the function is defined.
                if (relocator.Lookup(i, excludeSelf: false, plt: true) != null) continue;
                string name = symbols.Name(i) + (symbols.Versions.RequiredBy(i) is { } v ? "@" + v.Text : "");
                (sym.Binding == STB_WEAK ? weak : unresolved).Add(name);
            }
        }
        string type = TypeName(g.File.Type) + (g.File.Type == ET_DYN && g.IsExecutable ? ", position-independent executable" : "");
        return new ObjectReport(g.Name, g.Path, ObjectKind.Guest, type, g.File.Entry, g.File.Interpreter, deps, unresolved, weak);
    }
}
