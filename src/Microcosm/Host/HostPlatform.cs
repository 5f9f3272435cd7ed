namespace Microcosm.Host;

/// <summary>
/// The host seam: everything the core asks of the operating system it runs on, in one part per concern.
/// A host implements every part in a folder of its own (<c>Posix/</c>: Linux with glibc; <c>Windows/</c>: Win32),
/// and the host is chosen here, once, at run time — nowhere else names a host's folder. Another host is a new
/// folder and one more branch below, not an edit of the code that uses the parts (docs/architecture.md, docs/hosts.md).
/// <para>
/// Nothing here is on a hot path. The dispatcher, the -9 stub, the handler thunks and the guest entry are
/// generated code: the parts they depend on (<see cref="Slots"/>, <see cref="Waits"/>, <see cref="Threads"/>,
/// <see cref="Faults"/>) say which instructions to emit, once, when the code is generated, and are never
/// called per syscall.
/// </para>
/// </summary>
internal static class HostPlatform
{
    /// <summary>Calls between generated System V code and the host's own convention.</summary>
    public static HostCalls Calls { get; }

    /// <summary>Reservations, mappings and protections of virtual memory.</summary>
    public static HostMemory Memory { get; }

    /// <summary>Opening the files the loader reads and maps.</summary>
    public static HostFiles Files { get; }

    /// <summary>Libraries loaded by the host's own loader (<c>libhost_NAME</c>).</summary>
    public static HostLibraries Libraries { get; }

    /// <summary>Starting, reaping and interrupting host threads.</summary>
    public static HostThreads Threads { get; }

    /// <summary>Host thread-local slots, read and written by C# and by generated code.</summary>
    public static HostThreadSlots Slots { get; }

    /// <summary>Waiting on a word in memory until another thread changes it.</summary>
    public static HostWaits Waits { get; }

    /// <summary>The fault handler's installation and the stacks it runs on.</summary>
    public static HostFaults Faults { get; }

    /// <summary>The process's arguments and environment as bytes, and ending it by a signal.</summary>
    public static HostProcess Process { get; }

    /// <summary>The host descriptors (handles) a program is given.</summary>
    public static HostDescriptors Descriptors { get; }

    static HostPlatform()
    {
        if (OperatingSystem.IsLinux())
        {
            Calls = new Posix.PosixCalls();
            Memory = new Posix.PosixMemory();
            Files = new Posix.PosixFiles();
            Libraries = new Posix.PosixLibraries();
            Threads = new Posix.PosixThreads();
            Slots = new Posix.PosixThreadSlots();
            Waits = new Posix.PosixWaits();
            Faults = new Posix.PosixFaults();
            Process = new Posix.PosixProcess();
            Descriptors = new Posix.PosixDescriptors();
        }
        else if (OperatingSystem.IsWindows())
        {
            Calls = new Windows.Win64Calls();
            Memory = new Windows.WindowsMemory();
            Files = new Windows.WindowsFiles();
            Libraries = new Windows.WindowsLibraries();
            Threads = new Windows.WindowsThreads();
            Slots = new Windows.WindowsThreadSlots();
            Waits = new Windows.WindowsWaits();
            Faults = new Windows.WindowsFaults();
            Process = new Windows.WindowsProcess();
            Descriptors = new Windows.WindowsDescriptors();
        }
        else
        {
            throw new PlatformNotSupportedException(
                $"Microcosm has no host layer for {System.Runtime.InteropServices.RuntimeInformation.OSDescription} (docs/architecture.md, \"The host seam\")");
        }
    }
}
