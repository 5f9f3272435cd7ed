using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>File descriptors handed to a program, kept out of exec'd children with FD_CLOEXEC.</summary>
internal sealed class PosixDescriptors : HostDescriptors
{
    public override nint? Duplicate(nint handle, out string? error)
    {
        int copy = LibC.fcntl((int)handle, LibC.F_DUPFD_CLOEXEC, 3);
        error = copy < 0 ? PosixError.Last() : null;
        return copy < 0 ? null : copy;
    }

    public override nint Adopt(nint handle)
    {
        LibC.fcntl((int)handle, LibC.F_SETFD, LibC.FD_CLOEXEC);
        return handle;
    }

    public override nint? Standard(int number) => LibC.fcntl(number, LibC.F_GETFD, 0) < 0 ? null : number;

    public override void Close(nint handle) => LibC.close((int)handle);

    /// <summary>A SafeHandle's value is the descriptor on POSIX hosts.</summary>
    public override nint Of(SafeHandle handle) => handle.DangerousGetHandle();
}
