using System.Runtime.InteropServices;

namespace Microcosm.Host;

/// <summary>Host descriptors (file descriptors; handles on Windows) handed to a program: duplicated for it, and closed
/// when nobody took them.</summary>
internal abstract class HostDescriptors
{
    /// <summary>
    /// A duplicate of <paramref name="handle"/> that child processes do not inherit, or null with the reason. At 3 or
    /// above: a free 0, 1 or 2 stays free for the host, whose next open would expect to take it.
    /// </summary>
    public abstract nint? Duplicate(nint handle, out string? error);

    /// <summary>A descriptor given to the instance as it is, made not inheritable, so that only the spawns that hand it
    /// over pass it on.</summary>
    public abstract nint Adopt(nint handle);

    /// <summary>This process's standard input, output or error (0, 1, 2), if it is open.</summary>
    public abstract nint? Standard(int number);

    public abstract void Close(nint handle);

    /// <summary>The descriptor a handle the caller passed in stands for.</summary>
    public abstract nint Of(SafeHandle handle);
}
