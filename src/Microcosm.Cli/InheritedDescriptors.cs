using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Microcosm.Cli;

/// <summary>
/// The descriptors microcosm was started with - 0, 1, 2 and any others its parent left open, as a
/// shell's redirections or a pipeline leave them - are the program's: <c>run</c> gives each to the
/// instance at its number (<see cref="CosmosOptions.Descriptors"/>): those above 2 as they are, so that
/// the program alone holds them (a pipe's reader sees the end when the program closes its end), and 0, 1
/// and 2 as duplicates, the process's own staying open for a host library the program calls (so a guest
/// that closes its 1 early gives its reader the end only when microcosm exits). Microcosm's own messages
/// go to a copy of 2 (<see cref="Errors.OpenStderr"/>).
/// <para>
/// A descriptor was inherited when it is open without FD_CLOEXEC: exec would have closed one with the
/// flag, and everything the .NET runtime and microcosm open themselves has it (the runtime's
/// /dev/urandom, say, which takes 0, 1 or 2 when microcosm starts with that one closed). So 0, 1 or 2
/// closed at the start are closed for the program too, whatever took their numbers since.
/// </para>
/// </summary>
internal static partial class InheritedDescriptors
{
    private const int F_GETFD = 1, F_SETFD = 2, F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;

    /// <summary>
    /// Where microcosm's own copy of stderr goes: above the numbers a guest's files get, and the last of
    /// the 64 a Linux process's descriptor table starts with. A higher one would make the kernel grow the
    /// table, which in a process that already has threads (the .NET runtime's) waits for an RCU grace
    /// period: 13 ms of `microcosm run hello`'s 18 when this was 256.
    /// </summary>
    public const int HighDescriptor = 63;

    /// <summary>Makes an inherited descriptor microcosm's own (close-on-exec), so that it is not given to the program.</summary>
    public static void Keep(int fd) => fcntl(fd, F_SETFD, FD_CLOEXEC);

    /// <summary>Whether <paramref name="fd"/> is open and was inherited (not close-on-exec).</summary>
    public static bool IsInherited(int fd)
    {
        int flags = fcntl(fd, F_GETFD, 0);
        return flags >= 0 && (flags & FD_CLOEXEC) == 0;
    }

    /// <summary>A close-on-exec duplicate of <paramref name="fd"/> at or above <see cref="HighDescriptor"/>, or null.</summary>
    public static int? DuplicateHigh(int fd)
    {
        int high = fcntl(fd, F_DUPFD_CLOEXEC, HighDescriptor);
        return high < 0 ? null : high;
    }

    /// <summary>Every inherited descriptor, in increasing order.</summary>
    public static List<int> Scan()
    {
        var found = new List<int>();
        IEnumerable<int> candidates;
        try
        {
            candidates = OpenNumbers();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            candidates = Enumerable.Range(0, 1024);   // no /proc: the numbers a parent plausibly leaves open
        }
        foreach (int fd in candidates.Order())
            if (IsInherited(fd)) found.Add(fd);
        return found;
    }

    /// <summary>
    /// Gives every inherited descriptor to the program (closed ones excluded): 0, 1 and 2 as duplicates, so
    /// that the process's own stay open for a host library's stdio the program may use (the host C
    /// library's buffered stdout is written at the process's exit), the others as they are.
    /// </summary>
    public static void GiveTo(CosmosOptions options)
    {
        options.InheritStandardDescriptors = false;
        foreach (int fd in Scan())
        {
            options.Descriptors[fd] = new SafeFileHandle(fd, ownsHandle: false);
            if (fd > 2) options.MovedDescriptors.Add(fd);
        }
    }

    /// <summary>
    /// The numbers /proc/self/fd lists, read with readdir: .NET's directory enumeration stats every entry that is a link
    /// (twice: it asks whether the link names a directory), two system calls a descriptor on every run.
    /// </summary>
    private static unsafe List<int> OpenNumbers()
    {
        nint directory = opendir("/proc/self/fd");
        if (directory == 0) throw new IOException("/proc/self/fd cannot be read");
        var numbers = new List<int>();
        try
        {
            for (byte* entry; (entry = (byte*)readdir(directory)) != null;)
            {
                // glibc's x86-64 struct dirent: d_ino, d_off (8 bytes each), d_reclen (2), d_type (1), then d_name.
                var name = new ReadOnlySpan<byte>(entry + 19, 256);
                if (int.TryParse(name[..name.IndexOf((byte)0)], out int fd)) numbers.Add(fd);
            }
        }
        finally
        {
            closedir(directory);
        }
        return numbers;
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint opendir(string name);

    [LibraryImport("libc.so.6")]
    private static partial nint readdir(nint directory);

    [LibraryImport("libc.so.6")]
    private static partial int closedir(nint directory);
}
