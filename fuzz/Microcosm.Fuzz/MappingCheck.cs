namespace Microcosm.Fuzz;

/// <summary>
/// Finds mappings the loader left behind: once every linker of an input is disposed, no file the
/// input could have loaded (the input itself, the libraries it may need) may still be mapped. A leak
/// would grow without bound over a long run, and a real embedder loads many programs.
/// </summary>
internal static class MappingCheck
{
    public static void AssertNoneOf(IReadOnlyList<string> directories)
    {
        foreach (string line in File.ReadLines("/proc/self/maps"))
            foreach (string directory in directories)
                if (line.Contains(directory, StringComparison.Ordinal))
                    throw new InvalidOperationException($"the loader left a mapping behind: {line}");
    }
}
