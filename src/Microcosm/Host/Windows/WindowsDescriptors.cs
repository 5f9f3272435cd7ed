using System.Runtime.InteropServices;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>Handles handed to a program, kept out of child processes by clearing HANDLE_FLAG_INHERIT.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class WindowsDescriptors : HostDescriptors
{
    /// <summary>Windows hands out handle values of its own choosing: there is no low number to keep free.</summary>
    public override unsafe nint? Duplicate(nint handle, out string? error)
    {
        nint copy;
        nint process = GetCurrentProcess();
        if (!DuplicateHandle(process, handle, process, &copy, 0, false, DUPLICATE_SAME_ACCESS))
        {
            error = LastError();
            return null;
        }
        error = null;
        return copy;
    }

    public override nint Adopt(nint handle)
    {
        SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0);
        return handle;
    }

    /// <summary>STD_INPUT_HANDLE is -10, STD_OUTPUT_HANDLE -11, STD_ERROR_HANDLE -12.</summary>
    public override nint? Standard(int number)
    {
        nint handle = GetStdHandle(-10 - number);
        return handle == 0 || handle == INVALID_HANDLE_VALUE ? null : handle;
    }

    public override void Close(nint handle) => CloseHandle(handle);

    public override nint Of(SafeHandle handle) => handle.DangerousGetHandle();
}
