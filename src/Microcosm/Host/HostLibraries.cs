using System.Runtime.InteropServices;
using Microcosm.Host.Posix;

namespace Microcosm.Host;

/// <summary>Libraries loaded by the host's own loader, for <c>libhost_&lt;name&gt;</c> dependencies.</summary>
internal static unsafe class HostLibraries
{
    /// <summary>Opens <paramref name="name"/>, or the host's default symbol scope when it is empty.</summary>
    public static nint Open(string name, out string? error)
    {
        nint handle = LibC.dlopen(name.Length == 0 ? null : name, LibC.RTLD_NOW | LibC.RTLD_LOCAL);
        error = handle == 0 ? PosixError.DlError() ?? "not found" : null;
        return handle;
    }

    /// <summary>Looks up a NUL-terminated symbol name.</summary>
    public static nint Symbol(nint handle, byte* name) => LibC.dlsym(handle, name);

    public static void Close(nint handle)
    {
        if (handle != 0) LibC.dlclose(handle);
    }

    /// <summary>The file the host loader opened for a handle (from its link map), or null.</summary>
    public static string? PathOf(nint handle)
    {
        nint linkMap = 0;
        if (LibC.dlinfo(handle, LibC.RTLD_DI_LINKMAP, &linkMap) != 0 || linkMap == 0) return null;
        // struct link_map { ElfW(Addr) l_addr; char *l_name; ... }
        return Marshal.PtrToStringUTF8(*(nint*)(linkMap + 8));
    }
}
