using System.Collections.Concurrent;
using System.Text;
using Microcosm.Syscalls;

namespace Microcosm.Examples;

/// <summary>
/// A module written in C#: a process-wide key-value store that guests reach through three syscalls.
/// It shows what a C# module does — read and write guest memory through <see cref="GuestMemory"/> (guest
/// pointers are host pointers: Microcosm is not a sandbox, and a bad one read directly would take the host
/// down; GuestMemory answers -EFAULT instead), validate arguments, and answer -errno on failure — and how an embedder
/// installs it: <c>KeyValueModule.Register(cosmos.Syscalls)</c> before <c>cosmos.Run</c>.
/// <code>
/// intptr_t kv_put(const char *key, const void *value, size_t length);          // 0 or -errno
/// intptr_t kv_get(const char *key, void *buffer, size_t capacity);             // value length or -ENOENT
/// intptr_t kv_delete(const char *key);                                         // 0 or -ENOENT
/// </code>
/// </summary>
public static class KeyValueModule
{
    /// <summary>Module numbers >= 0 follow Linux; Microcosm-specific modules take numbers from 4096 up.</summary>
    public const long Put = 4096, Get = 4097, Delete = 4098;
    private const int MaxKey = 255, MaxValue = 1 << 20;

    private static readonly ConcurrentDictionary<string, byte[]> Store = new();

    public static void Register(SyscallTable table)
    {
        table.Register(Put, (in SyscallArgs a) => PutValue(a.A, a.B, a.C));
        table.Register(Get, (in SyscallArgs a) => GetValue(a.A, a.B, a.C));
        table.Register(Delete, (in SyscallArgs a) => ReadKey(a.A, out var key) is { } error ? error : Store.TryRemove(key, out _) ? 0 : -Errno.ENOENT);
    }

    private static nint PutValue(nint keyPointer, nint value, nint length)
    {
        if (ReadKey(keyPointer, out var key) is { } error) return error;
        if (length < 0 || length > MaxValue || (value == 0 && length != 0)) return -Errno.EINVAL;
        var bytes = new byte[length];
        if (!GuestMemory.TryRead(value, bytes)) return -Errno.EFAULT;
        Store[key] = bytes;
        return 0;
    }

    private static nint GetValue(nint keyPointer, nint buffer, nint capacity)
    {
        if (ReadKey(keyPointer, out var key) is { } error) return error;
        if (!Store.TryGetValue(key, out var value)) return -Errno.ENOENT;
        if (capacity < 0 || (buffer == 0 && capacity != 0)) return -Errno.EINVAL;
        if (!GuestMemory.TryWrite(buffer, value.AsSpan(0, (int)Math.Min(value.Length, capacity)))) return -Errno.EFAULT;
        return value.Length;
    }

    /// <summary>A NUL-terminated UTF-8 key of 1 to 255 bytes, or the -errno to answer.</summary>
    private static nint? ReadKey(nint pointer, out string key)
    {
        key = "";
        int read = GuestMemory.TryReadCString(pointer, MaxKey + 1, out byte[] bytes);
        if (read == -Errno.EFAULT) return read;
        if (read != 0 || bytes.Length == 0) return -Errno.EINVAL; // longer than MaxKey, or empty
        key = Encoding.UTF8.GetString(bytes);
        return null;
    }
}
