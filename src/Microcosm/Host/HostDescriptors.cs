using System.Runtime.InteropServices;
using Microcosm.Host.Posix;

namespace Microcosm.Host;

/// <summary>Host descriptors handed to a program: duplicated for it, and closed when nobody took them.</summary>
internal static class HostDescriptors
{
    /// <summary>
    /// A close-on-exec duplicate of <paramref name="handle"/>, or null with the reason. At 3 or above:
    /// a free 0, 1 or 2 stays free for the host, whose next open would expect to take it.
    /// </summary>
    public static nint? Duplicate(nint handle, out string? error)
    {
        int copy = LibC.fcntl((int)handle, LibC.F_DUPFD_CLOEXEC, 3);
        error = copy < 0 ? PosixError.Last() : null;
        return copy < 0 ? null : copy;
    }

    /// <summary>A descriptor given to the instance as it is: made close-on-exec, so that only the spawns that hand it over pass it on.</summary>
    public static nint Adopt(nint handle)
    {
        LibC.fcntl((int)handle, LibC.F_SETFD, LibC.FD_CLOEXEC);
        return handle;
    }

    /// <summary>This process's standard input, output or error (0, 1, 2), if it is open.</summary>
    public static nint? Standard(int number) => LibC.fcntl(number, LibC.F_GETFD, 0) < 0 ? null : number;

    public static void Close(nint handle) => LibC.close((int)handle);

    /// <summary>The number of a handle the caller passed in (a SafeHandle's value is the descriptor on POSIX hosts).</summary>
    public static nint Of(SafeHandle handle) => handle.DangerousGetHandle();
}
