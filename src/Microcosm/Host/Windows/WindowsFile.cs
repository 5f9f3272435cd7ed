using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// A file opened for loading: its handle (for reads at an offset: <see cref="WindowsMemory.MapFile"/> reads
/// segments), a read-only view of all of it for parsing, and its identity (volume serial number and file index,
/// what st_dev and st_ino are on POSIX).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed unsafe class WindowsFile : HostFile
{
    private nint _handle;

    private WindowsFile(string path, nint handle, ulong device, ulong inode, byte* contents, ulong length) : base(path, device, inode, length)
    {
        _handle = handle;
        Contents = contents;
    }

    private const uint FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;   // lets a directory open, so that it is refused by name
    private const uint FILE_MAP_READ = 4;
    private const int ERROR_HANDLE_EOF = 38;   // a read at or past the end of a file opened for synchronous reads

    public static WindowsFile? Open(string path, out string? error, out bool exists, bool map)
    {
        exists = true;
        nint handle = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, 0, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, 0);
        if (handle == INVALID_HANDLE_VALUE)
        {
            int code = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            exists = code is not (ERROR_FILE_NOT_FOUND or ERROR_PATH_NOT_FOUND or ERROR_INVALID_NAME or ERROR_BAD_PATHNAME);
            error = exists ? Describe(code) : "No such file or directory";
            return null;
        }
        ByHandleFileInformation info;
        if (!GetFileInformationByHandle(handle, &info))
        {
            error = LastError();
            CloseHandle(handle);
            return null;
        }
        if ((info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 || GetFileType(handle) != FILE_TYPE_DISK)
        {
            error = (info.FileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? "is a directory" : "not a regular file";
            CloseHandle(handle);
            return null;
        }
        ulong length = (ulong)info.FileSizeHigh << 32 | info.FileSizeLow;
        byte* contents = null;
        if (map && length > 0)
        {
            nint mapping = CreateFileMappingW(handle, 0, PAGE_READONLY, 0, 0, 0);
            if (mapping != 0)
            {
                contents = (byte*)MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
                CloseHandle(mapping);   // the view keeps the mapping
            }
            if (contents == null)
            {
                error = LastError();
                CloseHandle(handle);
                return null;
            }
        }
        error = null;
        return new WindowsFile(path, handle, info.VolumeSerialNumber, (ulong)info.FileIndexHigh << 32 | info.FileIndexLow, contents, length);
    }

    public override bool ReadAt(ulong offset, Span<byte> buffer, out string? error)
    {
        fixed (byte* start = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                ulong at = offset + (ulong)done;
                var overlapped = new NativeOverlapped { OffsetLow = (int)(uint)at, OffsetHigh = (int)(uint)(at >> 32) };
                uint read;
                if (!ReadFile(_handle, start + done, (uint)Math.Min(buffer.Length - done, 1 << 30), &read, &overlapped)
                    && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != ERROR_HANDLE_EOF)
                {
                    error = LastError();
                    return false;
                }
                if (read == 0)
                {
                    error = $"the file ends at 0x{at:x}, before the 0x{Length:x} bytes it had when opened";
                    return false;
                }
                done += (int)read;
            }
        }
        error = null;
        return true;
    }

    public override void Dispose()
    {
        if (Contents != null) UnmapViewOfFile((nint)Contents);
        Contents = null;
        if (_handle != 0) CloseHandle(_handle);
        _handle = 0;
    }
}

/// <summary>Opens files with CreateFileW.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class WindowsFiles : HostFiles
{
    public override HostFile? Open(string path, out string? error, out bool exists, bool map = true) =>
        WindowsFile.Open(path, out error, out exists, map);
}
