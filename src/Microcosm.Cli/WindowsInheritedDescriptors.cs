using Microsoft.Win32.SafeHandles;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Cli;

/// <summary>
/// The descriptors microcosm.exe was started with on Windows. A Windows process is handed three standard
/// handles and, by the C runtimes' convention, a block in STARTUPINFO's lpReserved2 naming inherited
/// handles by descriptor number: an int count, a flags byte per descriptor (FOPEN 0x01 when open), then a
/// handle per descriptor, unaligned. The Windows process module writes that block for the programs it
/// starts (guest/modules/windows/spawn.c), as Microsoft's C runtimes do for theirs, so a program's
/// descriptors above 2 reach a Microcosm child as they do on Linux, and 0, 1 or 2 closed by the parent are
/// closed for the child. Without a block, 0, 1 and 2 are the standard handles.
/// <para>
/// As on Linux (<see cref="InheritedDescriptors"/>), 0, 1 and 2 are given as duplicates - the process's own
/// stay open for its messages - and the others as they are.
/// </para>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal static unsafe class WindowsInheritedDescriptors
{
    private const byte FOPEN = 0x01;

    /// <summary>The descriptors the block names as open with a handle valid here, by number; null without a block.</summary>
    public static SortedDictionary<int, nint>? Read()
    {
        StartupInfo info;
        info.Size = (uint)sizeof(StartupInfo);
        GetStartupInfoW(&info);
        if (info.Reserved2 == null || info.Reserved2Size < sizeof(int)) return null;
        int count = *(int*)info.Reserved2;
        if (count < 0 || sizeof(int) + (long)count * (1 + sizeof(nint)) > info.Reserved2Size) return null;   // not a block this convention wrote
        byte* flags = info.Reserved2 + sizeof(int);
        byte* handles = flags + count;
        var found = new SortedDictionary<int, nint>();
        for (int fd = 0; fd < count; fd++)
        {
            nint handle = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<nint>(handles + (long)fd * sizeof(nint));
            uint handleFlags;
            if ((flags[fd] & FOPEN) != 0 && handle != 0 && handle != INVALID_HANDLE_VALUE && GetHandleInformation(handle, &handleFlags))
                found[fd] = handle;
        }
        return found;
    }

    /// <summary>Gives the block's descriptors to the program, when there is a block.</summary>
    public static void GiveTo(CosmosOptions options)
    {
        if (Read() is not { } inherited) return;
        options.InheritStandardDescriptors = false;
        foreach (var (fd, handle) in inherited)
        {
            options.Descriptors[fd] = new SafeFileHandle(handle, ownsHandle: false);
            if (fd > 2) options.MovedDescriptors.Add(fd);
        }
    }
}
