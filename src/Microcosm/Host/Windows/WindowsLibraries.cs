using System.Runtime.InteropServices;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Host libraries through the Windows loader: <c>libhost_kernel32.dll</c> is kernel32.dll, opened with
/// LoadLibraryExW and bound with GetProcAddress. PE exports say nothing of a symbol's size, so a COPY
/// relocation against host data cannot be checked and is refused (<see cref="SymbolSize"/>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsLibraries : HostLibraries
{
    public override nint Open(string name, out string? error)
    {
        if (name.Length == 0)
        {
            error = "Windows has no default symbol scope (libhost_.so): name the DLL, as libhost_kernel32.dll";
            return 0;
        }
        nint module = LoadLibraryExW(name, 0, 0);
        error = module == 0 ? LastError() : null;
        return module;
    }

    public override nint Symbol(nint handle, byte* name) => GetProcAddress(handle, name);

    public override void Close(nint handle)
    {
        if (handle != 0) FreeLibrary(handle);
    }

    public override string? PathOf(nint handle) => FileName(handle);

    /// <summary>Unknown, always: a PE export is an address with no size.</summary>
    public override ulong? SymbolSize(nint address) => null;

    public override (string Path, nint Base)? Locate(nint address)
    {
        nint module;
        if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, address, &module)) return null;
        return FileName(module) is { } path ? (path, module) : null;
    }

    private static string? FileName(nint module)
    {
        char* name = stackalloc char[1024];
        uint length = GetModuleFileNameW(module, name, 1024);
        return length == 0 || length >= 1024 ? null : new string(name, 0, (int)length);
    }
}
