using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>The few libc entry points the core needs on a POSIX host (Linux x86-64 values).</summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc.so.6";

    public const int PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    public const int MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000;
    public const int MAP_FIXED_NOREPLACE = 0x100000;
    public const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const int F_GETFD = 1, F_SETFD = 2, F_SETFL = 4, FD_CLOEXEC = 1, F_DUPFD_CLOEXEC = 1030;
    public const int EINTR = 4;   // the host's errno for an interrupted call
    public const int RTLD_LAZY = 1, RTLD_NOW = 2, RTLD_LOCAL = 0;
    public const int RTLD_DI_LINKMAP = 2, RTLD_DL_SYMENT = 1;
    public static readonly nint MAP_FAILED = -1;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int munmap(nint addr, nuint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int mprotect(nint addr, nuint length, int prot);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nuint count, long offset);

    /// <summary>Linux x86-64 <c>struct stat</c> is 144 bytes; the core reads st_dev (0), st_ino (8), st_mode (24) and st_size (48).</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fstat(int fd, byte* statBuffer);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint dlopen(string? file, int mode);

    [LibraryImport(Lib)]
    public static partial nint dlsym(nint handle, byte* name);

    [LibraryImport(Lib)]
    public static partial int dlclose(nint handle);

    [LibraryImport(Lib)]
    public static partial byte* dlerror();

    [LibraryImport(Lib)]
    public static partial int dlinfo(nint handle, int request, void* info);

    [LibraryImport(Lib)]
    public static partial int dladdr(nint address, void* info);

    [LibraryImport(Lib)]
    public static partial int dladdr1(nint address, void* info, void** extra, int flags);

    [LibraryImport(Lib)]
    public static partial byte* strerror(int errnum);
}
