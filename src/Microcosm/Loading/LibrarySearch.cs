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

    /// <summary>The instance's library path: the option's directories, then those of each environment list (MICROCOSM_LIBRARY_PATH,
    /// LD_LIBRARY_PATH). Those are host directories, separated as the host separates PATH's (':', and ';' on Windows, where
    /// ':' follows a drive letter); the run paths inside objects are ELF's, ':' everywhere.</summary>
    public static List<string> FromOptions(IEnumerable<string> option, params string?[] environment) =>
        FromOptions(option, Path.PathSeparator, environment);

    /// <summary><see cref="FromOptions(IEnumerable{string}, string?[])"/> with the host's separator given.</summary>
    internal static List<string> FromOptions(IEnumerable<string> option, char separator, params string?[] environment)
    {
        var dirs = option.ToList();
        foreach (var list in environment)
            if (!string.IsNullOrEmpty(list)) dirs.AddRange(list.Split(separator, StringSplitOptions.RemoveEmptyEntries));
        return dirs;
    }

    /// <summary>
    /// Why a file found by the search cannot be a guest object (null if it can): it must be an ELF64
    /// little-endian x86-64 shared object. As ld.so skips incompatible files, the search goes on past
    /// others (a linker script named libc.so, a 32-bit or AArch64 library), since LD_LIBRARY_PATH often
    /// names host directories too; the reason goes into the error if nothing is found.
    /// </summary>
    internal static string? Incompatibility(Elf.ElfSource file)
    {
        if (file.Length < 20) return "not an ELF file";
        ReadOnlySpan<byte> h;
        try
        {
            h = file.Bytes(0, 20);
        }
        catch (LoadException)
        {
            return null;   // unreadable: let the parse report it, naming the file
        }
        if (h[0] != 0x7f || h[1] != (byte)'E' || h[2] != (byte)'L' || h[3] != (byte)'F') return "not an ELF file";
        if (h[4] != 2) return "not 64-bit ELF";
        if (h[5] != 1) return "big-endian";
        ushort machine = (ushort)(h[18] | h[19] << 8);
        if (machine != 62) return $"wrong machine: {Elf.ElfConstants.MachineName(machine)}";
        if (h[16] != 3 || h[17] != 0) return "not a shared object";
        return null;
    }
}
