namespace Microcosm.Syscalls;

/// <summary>
/// Reads and writes memory through pointers that a guest passed to a syscall, without any risk of a fault
/// in C#: a bad pointer (NULL, unmapped, read-only for a write, non-canonical, a file mapping past its end)
/// makes the call return false (or -EFAULT), as the kernel's <c>copy_from_user</c> does, instead of ending
/// the host process. The copy is the core's checked copy (<c>mc_copy_checked</c>, docs/faults.md), so a
/// pointer is checked by using it: no other thread can unmap it between a check and the access.
/// <para>
/// Every C# handler that touches guest memory should go through here; reading it directly with
/// <c>Marshal.PtrToStringUTF8</c>, a <c>Span</c> over the pointer or a dereference takes the host down on
/// a bad pointer (.NET turns an access violation into a crash, or near address 0 into a NullReferenceException).
/// </para>
/// </summary>
public static unsafe class GuestMemory
{
    /// <summary>The checked copy; its first use installs the fault handler that makes it safe.</summary>
    private static readonly delegate* unmanaged<void*, void*, nuint, nint> Copy = CheckedCopy.Copy;

    /// <summary>Copies <c>destination.Length</c> bytes from guest address <paramref name="source"/>. False if any of them cannot be read.</summary>
    public static bool TryRead(nint source, Span<byte> destination)
    {
        fixed (byte* to = destination) return Copy(to, (void*)source, (nuint)destination.Length) == 0;
    }

    /// <summary>Copies <paramref name="source"/> to guest address <paramref name="destination"/>. False if any byte cannot be
    /// written; the bytes before the bad one may have been written (as with Linux's <c>copy_to_user</c>).</summary>
    public static bool TryWrite(nint destination, ReadOnlySpan<byte> source)
    {
        fixed (byte* from = source) return Copy((void*)destination, from, (nuint)source.Length) == 0;
    }

    /// <summary>Reads one value of an unmanaged type (a guest structure or word) from guest address <paramref name="source"/>.</summary>
    public static bool TryRead<T>(nint source, out T value) where T : unmanaged
    {
        T local = default; // on the stack: `value` may be a field of a movable object
        bool read = TryRead(source, new Span<byte>(&local, sizeof(T)));
        value = local;
        return read;
    }

    /// <summary>Writes one value of an unmanaged type to guest address <paramref name="destination"/>.</summary>
    public static bool TryWrite<T>(nint destination, in T value) where T : unmanaged
    {
        T copy = value;
        return TryWrite(destination, new ReadOnlySpan<byte>(&copy, sizeof(T)));
    }

    /// <summary>
    /// Reads a NUL-terminated string from guest address <paramref name="pointer"/>: its bytes without the NUL.
    /// Returns 0; -EFAULT if a byte before the NUL cannot be read; -ENAMETOOLONG if no NUL comes within
    /// <paramref name="maxLength"/> bytes (as Linux answers a path longer than PATH_MAX). The string is read a
    /// page at a time, never past the page holding its NUL: a string that ends just before an unmapped page is fine.
    /// </summary>
    public static int TryReadCString(nint pointer, int maxLength, out byte[] value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        value = [];
        int pageSize = Host.HostMemory.PageSize;
        Span<byte> chunk = stackalloc byte[pageSize];
        var bytes = new List<byte>();
        for (nint at = pointer; bytes.Count < maxLength;)
        {
            var part = chunk[..Math.Min(pageSize - (int)((nuint)at % (nuint)pageSize), maxLength - bytes.Count)];
            if (!TryRead(at, part)) return -Errno.EFAULT;
            int nul = part.IndexOf((byte)0);
            bytes.AddRange(nul < 0 ? part : part[..nul]);
            if (nul >= 0)
            {
                value = [.. bytes];
                return 0;
            }
            at += part.Length;
        }
        return -Errno.ENAMETOOLONG;
    }
}
