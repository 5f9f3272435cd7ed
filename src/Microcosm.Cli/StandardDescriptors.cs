using System.Runtime.InteropServices;

namespace Microcosm.Cli;

/// <summary>
/// Keeps descriptors 0, 1 and 2 for the guest when microcosm starts with one of them closed
/// (<c>prog &gt;&amp;-</c>). Otherwise the first descriptor microcosm or the .NET runtime opens takes the
/// lowest free number, and the guest, whose descriptors are the process's, would write its "closed"
/// stdout into that (into microcosm's own copy of stderr, as it happened). Each closed one is taken by
/// /dev/null opened in the other direction and close-on-exec: the guest's reads of 0 and writes to 1
/// and 2 fail with EBADF as on a closed descriptor, a process it starts does not inherit it, and closing
/// or replacing it (dup2) works as for any descriptor.
/// </summary>
internal static partial class StandardDescriptors
{
    private const int F_GETFD = 1, O_RDONLY = 0, O_WRONLY = 1, O_CLOEXEC = 0x80000;

    /// <summary>Reserves the closed ones; returns whether 2 was closed (then microcosm reports nothing).</summary>
    public static bool ReserveClosed()
    {
        bool stderrClosed = false;
        for (int fd = 0; fd <= 2; fd++)
        {
            if (fcntl(fd, F_GETFD) != -1) continue;
            if (fd == 2) stderrClosed = true;
            // The lower ones are open (or were just taken), so open() returns exactly fd.
            int taken = open("/dev/null", (fd == 0 ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
            if (taken != fd && taken >= 0) close(taken);
        }
        return stderrClosed;
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int fcntl(int fd, int command);

    [LibraryImport("libc.so.6", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc.so.6")]
    private static partial int close(int fd);
}
