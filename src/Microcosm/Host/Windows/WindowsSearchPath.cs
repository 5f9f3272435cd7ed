namespace Microcosm.Host.Windows;

/// <summary>The search path across the line between Windows and a Linux program (docs/hosts.md, "Paths").</summary>
internal static class WindowsSearchPath
{
    /// <summary>
    /// Windows' PATH (<c>C:\Windows;D:\tools</c>) as a Linux program searches it, ':'-separated, each directory as the
    /// program names it (docs/hosts.md, "Paths"): the current drive's as <c>/Windows</c>, another drive's as
    /// <c>/mnt/d/tools</c> (a ':' there would split it), and <c>/bin</c> last, where Microcosm's shell is
    /// <c>/bin/sh</c>. A directory that still holds a ':' is left out rather than read as two. The process module turns
    /// it back for a new process (guest/modules/windows/paths.c, host_search_path).
    /// </summary>
    public static string ForGuest(string windowsPath, string? currentRoot)
    {
        char drive = currentRoot is { Length: >= 2 } root && root[1] == ':' ? char.ToUpperInvariant(root[0]) : '\0';
        var directories = new List<string>();
        foreach (string item in windowsPath.Split(';'))
        {
            string directory = item.Trim('"').Replace('\\', '/');
            if (directory.Length >= 2 && directory[1] == ':' && char.IsAsciiLetter(directory[0]))
            {
                string rest = directory[2..];
                directory = char.ToUpperInvariant(directory[0]) == drive
                    ? (rest.Length == 0 ? "/" : rest)
                    : $"/mnt/{char.ToLowerInvariant(directory[0])}{rest}";
            }
            if (directory.Length > 0 && !directory.Contains(':')) directories.Add(directory);
        }
        if (!directories.Contains("/bin")) directories.Add("/bin");
        return string.Join(':', directories);
    }
}
