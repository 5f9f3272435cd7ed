using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace Microcosm.Tests;

/// <summary>
/// The folders of src/Microcosm depend on each other one way (docs/architecture.md, "Source layout"): a cycle
/// fails here, naming the types and files that make it. A folder depends on another when one of its types
/// uses a type declared there — read from the built assembly's metadata and IL, so every real use counts and
/// no word in a comment does — or when one of its files imports or names that folder's namespace (which also
/// catches constants, which the compiler copies into the code that uses them). A type belongs to the folder
/// of the file that declares it (the public types of the root namespace live with their duty, e.g.
/// GuestFault in Faults/). Host/ and the per-host folders below it are one layer, the host seam, and only the
/// seam's chooser, HostPlatform, names a host's folder.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string Source = Path.Combine(TestPaths.Root, "src", "Microcosm");

    [Fact]
    public void FoldersDependOnEachOtherOneWay()
    {
        var graph = Dependencies.Read();
        var layers = new Dictionary<string, Dictionary<string, List<string>>>();   // layer -> layer it uses -> why
        foreach (var ((from, to), why) in graph.Edges)
        {
            string a = Layer(from), b = Layer(to);
            if (a == b) continue;
            if (!layers.TryGetValue(a, out var uses)) layers[a] = uses = [];
            if (!uses.TryGetValue(b, out var reasons)) uses[b] = reasons = [];
            reasons.AddRange(why);
        }
        var cycle = FindCycle(layers);
        Assert.True(cycle == null, cycle == null ? "" : "a dependency cycle between folders of src/Microcosm:\n" + string.Join("\n",
            cycle.Zip(cycle.Skip(1).Append(cycle[0]), (a, b) => $"  {Name(a)} -> {Name(b)}: {string.Join(", ", layers[a][b].Distinct().Take(6))}")));
    }

    [Fact]
    public void OnlyTheHostSeamNamesAHost()
    {
        var graph = Dependencies.Read();
        var breaches = graph.Edges
            .Where(e => e.Key.To.StartsWith("Host/", StringComparison.Ordinal) && Layer(e.Key.From) != "Host")
            .SelectMany(e => e.Value.Select(why => $"{Name(e.Key.From)} -> {e.Key.To}: {why}"))
            .Concat(graph.Edges
                .Where(e => e.Key.From == "Host" && e.Key.To.StartsWith("Host/", StringComparison.Ordinal))
                .SelectMany(e => e.Value.Where(why => !why.StartsWith("Host/HostPlatform.cs:", StringComparison.Ordinal))
                    .Select(why => $"Host -> {e.Key.To}: {why}")))
            .ToList();
        Assert.True(breaches.Count == 0, "host-specific code reached past the seam (Host/HostPlatform.cs):\n" + string.Join("\n", breaches.Distinct()));
    }

    [Fact]
    public void NoSourceFileIsOver400Lines()
    {
        var tooLong = Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => (File: Path.GetRelativePath(TestPaths.Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 400).Select(f => $"{f.File}: {f.Lines} lines").ToList();
        Assert.True(tooLong.Count == 0, "split these by concern:\n" + string.Join("\n", tooLong));
    }

    /// <summary>The layer a folder belongs to: its top-level folder ("" is the root, Cosmos).</summary>
    private static string Layer(string folder) => folder.Split('/')[0];

    private static string Name(string folder) => folder.Length == 0 ? "(root)" : folder;

    /// <summary>One cycle of the graph, as the list of its nodes, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, Dictionary<string, List<string>>> graph)
    {
        var state = new Dictionary<string, int>();   // 1: on the path, 2: done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (string next in graph.TryGetValue(node, out var uses) ? uses.Keys.Order() : Enumerable.Empty<string>())
            {
                if (state.GetValueOrDefault(next) == 1) return path[path.IndexOf(next)..];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (string node in graph.Keys.Order())
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    /// <summary>Which folder uses which, and why (a type or file and what it uses).</summary>
    private sealed partial class Dependencies
    {
        public Dictionary<(string From, string To), List<string>> Edges { get; } = [];

        private readonly Dictionary<string, (string Folder, string File)> _declared = [];   // "Namespace.Type" -> where

        public static Dependencies Read()
        {
            var graph = new Dependencies();
            var files = Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories).ToList();
            foreach (string file in files) graph.Declare(file);
            graph.ReadAssembly(typeof(Cosmos).Assembly.Location);
            foreach (string file in files) graph.ReadImports(file);
            return graph;
        }

        private void Add(string from, string to, string why)
        {
            if (from == to) return;
            if (!Edges.TryGetValue((from, to), out var reasons)) Edges[(from, to)] = reasons = [];
            if (!reasons.Contains(why)) reasons.Add(why);
        }

        private static string FolderOf(string file) =>
            Path.GetRelativePath(Source, Path.GetDirectoryName(file)!).Replace('\\', '/') is var folder && folder == "." ? "" : folder;

        /// <summary>The folder a namespace of the core stands for, if it is one.</summary>
        private static string? FolderOfNamespace(string ns) =>
            ns == "Microcosm" ? "" : ns.StartsWith("Microcosm.", StringComparison.Ordinal) ? ns["Microcosm.".Length..].Replace('.', '/') : null;

        // ---- declarations: each top-level type and the folder of its file ----------------------------------

        [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|unsafe|partial|readonly|ref|file)\s+)*(?:(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(?<name>\w+)|delegate\s+[^(;]*?\s(?<name>\w+)\s*[<(])", RegexOptions.Multiline)]
        private static partial Regex TopLevelType();

        [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
        private static partial Regex FileNamespace();

        private void Declare(string file)
        {
            string code = CSharpText.Strip(File.ReadAllText(file));
            string ns = FileNamespace().Match(code) is { Success: true } m ? m.Groups[1].Value : "";
            string folder = FolderOf(file);
            foreach (Match type in TopLevelType().Matches(code))
            {
                string name = $"{ns}.{type.Groups["name"].Value}";
                string relative = Path.GetRelativePath(Source, file).Replace('\\', '/');
                if (_declared.TryGetValue(name, out var other))
                {
                    if (other.Folder != folder) throw new InvalidOperationException($"{name} is declared in {other.File} and {relative}: one folder per type");
                    relative = $"{(folder.Length == 0 ? "" : folder + "/")}{type.Groups["name"].Value}*.cs";   // a partial type's files
                }
                _declared[name] = (folder, relative);
            }
        }

        // ---- the assembly: every type another type's signatures, attributes and IL use ----------------------

        private void ReadAssembly(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                if (Owner(reader, handle) is not var (folder, file, owner)) continue;
                var used = new TypeUses(pe, reader);
                used.Type(handle);
                foreach (var target in used.Found)
                    if (Owner(reader, target) is var (targetFolder, _, targetName) && targetFolder != folder)
                        Add(folder, targetFolder, $"{file}: {owner} uses {targetName}");
            }

            (string Folder, string File, string Name)? Owner(MetadataReader r, TypeDefinitionHandle h)
            {
                var type = r.GetTypeDefinition(h);
                while (type.GetDeclaringType() is { IsNil: false } outer) type = r.GetTypeDefinition(outer);
                string name = r.GetString(type.Name);
                int tick = name.IndexOf('`');
                if (tick >= 0) name = name[..tick];
                string full = $"{r.GetString(type.Namespace)}.{name}";
                return _declared.TryGetValue(full, out var where) ? (where.Folder, where.File, name) : null;
            }
        }

        // ---- the sources: imported and qualified namespaces ---------------------------------------------------

        [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?(Microcosm(?:\.\w+)*)", RegexOptions.Multiline)]
        private static partial Regex UsingDirective();

        private void ReadImports(string file)
        {
            string code = CSharpText.Strip(File.ReadAllText(file));
            string folder = FolderOf(file);
            string name = Path.GetRelativePath(Source, file).Replace('\\', '/');
            var namespaces = _declared.Keys.Select(k => k[..k.LastIndexOf('.')]).Where(ns => ns.StartsWith("Microcosm.", StringComparison.Ordinal)).ToHashSet();
            foreach (Match directive in UsingDirective().Matches(code))
                if (Longest(directive.Groups[1].Value, namespaces) is { } ns && FolderOfNamespace(ns) is { } target)
                    Add(folder, target, $"{name}: imports {ns}");
            // A namespace named in code: Microcosm.X.Y, or X.Y relative to Microcosm (or to the file's own namespace).
            string ownNamespace = FileNamespace().Match(code) is { Success: true } m ? m.Groups[1].Value : "Microcosm";
            foreach (Match qualified in Regex.Matches(code, @"(?<![\w.])(?:global::)?([A-Z]\w*(?:\.[A-Z]\w*)+)"))
            {
                string text = qualified.Groups[1].Value;
                foreach (string candidate in new[] { text, $"Microcosm.{text}", $"{ownNamespace}.{text}" })
                    if (Longest(candidate, namespaces) is { } ns && ns != "Microcosm" && candidate.Length > ns.Length && FolderOfNamespace(ns) is { } target)
                    {
                        Add(folder, target, $"{name}: names {ns}");
                        break;
                    }
            }
        }

        /// <summary>The longest known namespace that <paramref name="dotted"/> is or starts with.</summary>
        private static string? Longest(string dotted, HashSet<string> namespaces)
        {
            for (string s = dotted; ; s = s[..s.LastIndexOf('.')])
            {
                if (namespaces.Contains(s) || s == "Microcosm") return s;
                if (!s.Contains('.')) return null;
            }
        }
    }
}
