using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>Host libraries through the host's dynamic loader: dlopen, dlsym, dlinfo, dladdr.</summary>
internal sealed unsafe class PosixLibraries : HostLibraries
{
    public override nint Open(string name, out string? error)
    {
        nint handle = LibC.dlopen(name.Length == 0 ? null : name, LibC.RTLD_NOW | LibC.RTLD_LOCAL);
        error = handle == 0 ? PosixError.DlError() ?? "not found" : null;
        return handle;
    }

    public override nint Symbol(nint handle, byte* name) => LibC.dlsym(handle, name);

    public override void Close(nint handle)
    {
        if (handle != 0) LibC.dlclose(handle);
    }

    /// <summary>From the handle's link map.</summary>
    public override string? PathOf(nint handle)
    {
        nint linkMap = 0;
        if (LibC.dlinfo(handle, LibC.RTLD_DI_LINKMAP, &linkMap) != 0 || linkMap == 0) return null;
        // struct link_map { ElfW(Addr) l_addr; char *l_name; ... }
        return Marshal.PtrToStringUTF8(*(nint*)(linkMap + 8));
    }

    public override ulong? SymbolSize(nint address)
    {
        nint* info = stackalloc nint[4]; // Dl_info: dli_fname, dli_fbase, dli_sname, dli_saddr
        void* symbol = null;
        if (LibC.dladdr1(address, info, &symbol, LibC.RTLD_DL_SYMENT) == 0 || symbol == null) return null;
        // dladdr finds the nearest symbol at or below the address: only one exactly there is this one.
        // The host's ElfW(Sym): st_name (4), st_info, st_other (1 each), st_shndx (2), st_value (8), st_size (8).
        return info[3] == address ? *(ulong*)((byte*)symbol + 16) : null;
    }

    public override (string Path, nint Base)? Locate(nint address)
    {
        nint* info = stackalloc nint[4]; // Dl_info: dli_fname, dli_fbase, dli_sname, dli_saddr
        if (LibC.dladdr(address, info) == 0 || info[0] == 0) return null;
        string path = Marshal.PtrToStringUTF8(info[0]) ?? "";
        return path.Length == 0 ? null : (path, info[1]);
    }
}
