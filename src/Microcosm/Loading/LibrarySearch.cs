namespace Microcosm.Loading;

/// <summary>
/// Where a DT_NEEDED name is looked for, in ld.so's order: the needing object's DT_RPATH (and the
/// program's, unless the object has DT_RUNPATH), the instance's library path (--library-path, then
/// MICROCOSM_LIBRARY_PATH, then LD_LIBRARY_PATH, as build systems' uninstalled-library wrappers set
/// it), the object's DT_RUNPATH, then the SDK's library directories.
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

    /// <summary>The instance's library path: the option's directories, then those of each environment list (MICROCOSM_LIBRARY_PATH, LD_LIBRARY_PATH).</summary>
    public static List<string> FromOptions(IEnumerable<string> option, params string?[] environment)
    {
        var dirs = option.ToList();
        foreach (var list in environment)
            if (!string.IsNullOrEmpty(list)) dirs.AddRange(list.Split(':', StringSplitOptions.RemoveEmptyEntries));
        return dirs;
    }

    /// <summary>
    /// Whether a file found by the search can be a guest object: an ELF64 little-endian x86-64 shared
    /// object. As ld.so skips incompatible files, the search goes on past others (a linker script named
    /// libc.so, a 32-bit library), since LD_LIBRARY_PATH often names host directories too.
    /// </summary>
    public static bool IsCandidate(string path)
    {
        Span<byte> header = stackalloc byte[20];
        try
        {
            using var file = File.OpenRead(path);
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;   // let the open report it, naming the file
        }
        return header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
            && header[4] == 2 && header[5] == 1 && header[16] == 3 && header[17] == 0 && header[18] == 62 && header[19] == 0;
    }
}
