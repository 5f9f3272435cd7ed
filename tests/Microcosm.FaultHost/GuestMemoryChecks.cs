using System.Runtime.InteropServices;
using System.Text;
using Microcosm.Syscalls;

/// <summary>
/// FaultHost's "memory" mode: GuestMemory on bad pointers, from this process's own .NET thread (not a
/// Microcosm thread, no guest code anywhere, no Cosmos created: GuestMemory installs what it needs). A fault
/// that the checked copy did not turn into a false would end this process, which is why it runs here.
/// Prints "guest memory ok", or each failed check.
/// </summary>
internal static unsafe partial class GuestMemoryChecks
{
    private const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, MAP_PRIVATE = 0x02, MAP_ANONYMOUS = 0x20, Page = 4096;

    [LibraryImport("libc.so.6")] private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, long offset);
    [LibraryImport("libc.so.6")] private static partial int mprotect(nint address, nuint length, int protection);
    [LibraryImport("kernel32.dll")] private static partial nint VirtualAlloc(nint address, nuint size, uint type, uint protection);
    [LibraryImport("kernel32.dll")] private static partial int VirtualProtect(nint address, nuint size, uint protection, out uint old);

    /// <summary>Read-write pages, the host's way: -1 when there are none.</summary>
    private static nint Map(nuint length)
    {
        if (!OperatingSystem.IsWindows()) return mmap(0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        nint pages = VirtualAlloc(0, length, 0x3000 /* MEM_COMMIT | MEM_RESERVE */, 0x04 /* PAGE_READWRITE */);
        return pages == 0 ? -1 : pages;
    }

    /// <summary>PROT_NONE or PROT_READ over pages, the host's way: 0, else -1.</summary>
    private static int Protect(nint address, nuint length, int protection)
    {
        if (!OperatingSystem.IsWindows()) return mprotect(address, length, protection);
        uint windows = protection == PROT_READ ? 0x02u /* PAGE_READONLY */ : 0x01u /* PAGE_NOACCESS */;
        return VirtualProtect(address, length, windows, out _) != 0 ? 0 : -1;
    }

    public static int Run()
    {
        var failures = new List<string>();
        void Check(bool condition, string what)
        {
            if (!condition) failures.Add(what);
        }

        // Pages 0 and 1 readable and writable, page 2 inaccessible, page 3 read-only.
        nint pages = Map(4 * Page);
        nint guard = pages + 2 * Page, readOnly = pages + 3 * Page;
        if (pages == -1 || Protect(guard, Page, PROT_NONE) != 0 || Protect(readOnly, Page, PROT_READ) != 0)
        {
            Console.WriteLine("cannot map the test pages");
            return 1;
        }
        nint[] bad = [1, guard, unchecked((nint)0xffff800000001000), unchecked((nint)0x8000900000000000)];
        var buffer = new byte[16];
        foreach (nint p in bad)
        {
            Check(!GuestMemory.TryRead(p, buffer), $"TryRead(0x{p:x})");
            Check(!GuestMemory.TryWrite(p, buffer), $"TryWrite(0x{p:x})");
            Check(!GuestMemory.TryRead(p, out long _), $"TryRead<long>(0x{p:x})");
            Check(!GuestMemory.TryWrite(p, 42L), $"TryWrite<long>(0x{p:x})");
            Check(GuestMemory.TryReadCString(p, 100, out _) == -Errno.EFAULT, $"TryReadCString(0x{p:x})");
        }
        Check(!GuestMemory.TryWrite(readOnly, buffer), "TryWrite(read-only)");
        Check(GuestMemory.TryRead(readOnly, buffer), "TryRead(read-only)");
        Check(GuestMemory.TryRead(1, Span<byte>.Empty), "TryRead of nothing");

        Check(GuestMemory.TryWrite(pages, 0x1122334455667788L) && GuestMemory.TryRead(pages, out long value) && value == 0x1122334455667788L,
            "TryWrite<long> then TryRead<long>");
        // A string that ends on the last byte before the inaccessible page, and one that runs into it.
        byte[] text = Encoding.ASCII.GetBytes("just fits\0");
        nint end = guard - text.Length;
        text.CopyTo(new Span<byte>((void*)end, text.Length));
        Check(GuestMemory.TryReadCString(end, 100, out byte[] read) == 0 && Encoding.ASCII.GetString(read) == "just fits", "TryReadCString before the guard");
        Check(GuestMemory.TryReadCString(end, 9, out _) == -Errno.ENAMETOOLONG, "TryReadCString longer than its maximum");
        Check(GuestMemory.TryReadCString(end, 10, out _) == 0, "TryReadCString of exactly its maximum, NUL included");
        new Span<byte>((void*)(guard - 4), 4).Fill((byte)'x');
        Check(GuestMemory.TryReadCString(guard - 4, 100, out _) == -Errno.EFAULT, "TryReadCString into the guard");
        // Across a page boundary, and from read-only memory.
        Encoding.ASCII.GetBytes("across\0").CopyTo(new Span<byte>((void*)(pages + Page - 3), 7));
        Check(GuestMemory.TryReadCString(pages + Page - 3, 100, out read) == 0 && Encoding.ASCII.GetString(read) == "across", "TryReadCString across pages");
        Check(GuestMemory.TryReadCString(readOnly, 100, out read) == 0 && read.Length == 0, "TryReadCString of read-only zeros");

        Console.WriteLine(failures.Count == 0 ? "guest memory ok" : string.Join("\n", failures));
        return failures.Count;
    }
}
