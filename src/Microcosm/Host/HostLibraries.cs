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

    /// <summary>The size (st_size) of the host symbol defined at <paramref name="address"/>, or null if the
    /// host loader knows no symbol there.</summary>
    public static ulong? SymbolSize(nint address)
    {
        nint* info = stackalloc nint[4]; // Dl_info: dli_fname, dli_fbase, dli_sname, dli_saddr
        void* symbol = null;
        if (LibC.dladdr1(address, info, &symbol, LibC.RTLD_DL_SYMENT) == 0 || symbol == null) return null;
        // dladdr finds the nearest symbol at or below the address: only one exactly there is this one.
        return info[3] == address ? ((Elf.Elf64Sym*)symbol)->Size : null;
    }
}
