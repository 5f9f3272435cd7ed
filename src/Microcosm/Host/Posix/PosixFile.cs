namespace Microcosm.Host.Posix;

/// <summary>A file opened for loading: its descriptor (for pread and for mapping segments) and its identity (st_dev, st_ino).</summary>
internal sealed unsafe class PosixFile : HostFile
{
    private PosixFile(string path, int fd, ulong device, ulong inode, nint contents, ulong length) : base(path, device, inode, length)
    {
        Descriptor = fd;
        Contents = (byte*)contents;
    }

    public int Descriptor { get; private set; }

    /// <summary>Opens a regular file; see <see cref="HostFiles.Open"/>.</summary>
    public static PosixFile? Open(string path, out string? error, out bool exists, bool map)
    {
        exists = true;
        // O_NONBLOCK: opening a FIFO (a damaged or hostile DT_NEEDED path can name one) must not wait
        // for a writer; it is then refused as not a regular file. Regular files ignore the flag.
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            exists = errno != 2 /* ENOENT */ && errno != 20 /* ENOTDIR */;
            error = PosixError.Describe(errno);
            return null;
        }
        byte* st = stackalloc byte[256];
        if (LibC.fstat(fd, st) != 0)
        {
            error = PosixError.Last();
            LibC.close(fd);
            return null;
        }
        uint mode = *(uint*)(st + 24);
        const uint S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000;
        if ((mode & S_IFMT) != S_IFREG)
        {
            error = (mode & S_IFMT) == S_IFDIR ? "is a directory" : "not a regular file";
            LibC.close(fd);
            return null;
        }
        ulong length = *(ulong*)(st + 48);
        nint contents = 0;
        if (map && length > 0)
        {
            contents = LibC.mmap(0, (nuint)length, LibC.PROT_READ, LibC.MAP_PRIVATE, fd, 0);
            if (contents == LibC.MAP_FAILED)
            {
                error = PosixError.Last();
                LibC.close(fd);
                return null;
            }
        }
        error = null;
        return new PosixFile(path, fd, *(ulong*)st, *(ulong*)(st + 8), contents, length);
    }

    public override bool ReadAt(ulong offset, Span<byte> buffer, out string? error)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = LibC.pread(Descriptor, start + done, (nuint)(buffer.Length - done), (long)offset + done);
                if (n < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EINTR) continue;
                if (n < 0)
                {
                    error = PosixError.Last();
                    return false;
                }
                if (n == 0)
                {
                    error = $"the file ends at 0x{offset + (ulong)done:x}, before the 0x{Length:x} bytes it had when opened";
                    return false;
                }
                done += (int)n;
            }
        }
        error = null;
        return true;
    }

    public override void Dispose()
    {
        if (Contents != null) LibC.munmap((nint)Contents, (nuint)Length);
        Contents = null;
        if (Descriptor >= 0) LibC.close(Descriptor);
        Descriptor = -1;
    }
}

/// <summary>Opens files with open(2) and fstat(2).</summary>
internal sealed class PosixFiles : HostFiles
{
    public override HostFile? Open(string path, out string? error, out bool exists, bool map = true) =>
        PosixFile.Open(path, out error, out exists, map);
}
