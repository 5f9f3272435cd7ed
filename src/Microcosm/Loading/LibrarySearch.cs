namespace Microcosm.Loading;

/// <summary>
/// Where a DT_NEEDED name is looked for, in ld.so's order: the needing object's DT_RPATH (and the
/// program's, unless the object has DT_RUNPATH), the instance's library path (--library-path, then
/// MICROCOSM_LIBRARY_PATH), the object's DT_RUNPATH, then the SDK's library directories.
/// <c>$ORIGIN</c> is the directory of the object whose path list it is.
/// </summary>
internal sealed class LibrarySearch(IReadOnlyList<string> libraryPath, IReadOnlyList<string> systemPath)
{
    public IEnumerable<string> Directories(GuestObject requester, GuestObject? program)
    {
        var dyn = requester.Dynamic;
        bool hasRunpath = dyn?.RunpathOffset != null;
        if (!hasRunpath)
        {
            foreach (var dir in Split(dyn?.Rpath, requester)) yield return dir;
            if (program != null && program != requester && program.Dynamic?.RunpathOffset == null)
                foreach (var dir in Split(program.Dynamic?.Rpath, program)) yield return dir;
        }
        foreach (var dir in libraryPath) yield return dir;
        if (hasRunpath)
            foreach (var dir in Split(dyn!.Runpath, requester)) yield return dir;
        foreach (var dir in systemPath) yield return dir;
    }

    private static IEnumerable<string> Split(string? list, GuestObject origin)
    {
        if (string.IsNullOrEmpty(list)) yield break;
        string originDir = Path.GetDirectoryName(Path.GetFullPath(origin.Path)) ?? "/";
        foreach (var entry in list.Split(':'))
            yield return entry.Length == 0 ? "." : entry.Replace("${ORIGIN}", originDir).Replace("$ORIGIN", originDir);
    }

    /// <summary>The instance's library path: the option's directories, then MICROCOSM_LIBRARY_PATH's.</summary>
    public static List<string> FromOptions(IEnumerable<string> option, string? environment)
    {
        var dirs = option.ToList();
        if (!string.IsNullOrEmpty(environment)) dirs.AddRange(environment.Split(':', StringSplitOptions.RemoveEmptyEntries));
        return dirs;
    }
}
