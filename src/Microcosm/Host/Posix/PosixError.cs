using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

internal static unsafe class PosixError
{
    /// <summary>The text of the last error from a libc call made with SetLastError.</summary>
    public static string Last() => Describe(Marshal.GetLastPInvokeError());

    public static string Describe(int errno) => Marshal.PtrToStringUTF8((nint)LibC.strerror(errno)) ?? $"errno {errno}";

    public static string? DlError()
    {
        byte* text = LibC.dlerror();
        return text == null ? null : Marshal.PtrToStringUTF8((nint)text);
    }
}
