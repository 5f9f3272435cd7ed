using System.Runtime.InteropServices;
using Microcosm.Host;

namespace Microcosm.Syscalls;

/// <summary>
/// The descriptors a program starts with (<c>CosmosOptions.Descriptors</c>, and 0-2 from the
/// host process): duplicates the instance owns from its creation until the standard modules take them
/// into the program's descriptor table (core syscall -11, <see cref="CoreSyscall.TakeDescriptor"/>);
/// those nobody took are closed when the instance is disposed. So a guest reaches exactly these host
/// descriptors, never the host's own: closing its 0, 1 or 2 closes a duplicate.
/// </summary>
internal sealed class ProgramDescriptors : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(int Number, nint Handle, bool Taken)> _given = [];

    /// <param name="descriptors">The handles the program is given, by number.</param>
    /// <param name="moved">The numbers among them whose handles the instance takes over as they are, instead of duplicates.</param>
    /// <param name="inheritStandard">Whether 0, 1 and 2 not given are duplicates of this process's own.</param>
    public ProgramDescriptors(IReadOnlyDictionary<int, SafeHandle> descriptors, IReadOnlySet<int> moved, bool inheritStandard)
    {
        const string options = "options"; // what the caller passed them in: CosmosOptions
        try
        {
            foreach (var (number, handle) in descriptors.OrderBy(d => d.Key))
            {
                if (number < 0) throw new ArgumentException($"descriptor number {number} is negative", options);
                if (handle.IsInvalid || handle.IsClosed) throw new ArgumentException($"the handle given as descriptor {number} is closed or invalid", options);
                if (moved.Contains(number)) _given.Add((number, HostPlatform.Descriptors.Adopt(HostPlatform.Descriptors.Of(handle)), false));
                else Add(number, HostPlatform.Descriptors.Of(handle));
            }
            for (int number = 0; number <= 2 && inheritStandard; number++)
                if (!descriptors.ContainsKey(number) && HostPlatform.Descriptors.Standard(number) is { } standard)
                    Add(number, standard);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Add(int number, nint handle)
    {
        var copy = HostPlatform.Descriptors.Duplicate(handle, out string? error)
            ?? throw new ArgumentException($"cannot duplicate the handle given as descriptor {number}: {error}");
        _given.Add((number, copy, false));
    }

    /// <summary>
    /// -11: gives the <paramref name="index"/>-th descriptor to the caller: writes its number and host handle
    /// to <paramref name="output"/> (<c>int64_t out[2]</c>) and forgets it (the caller closes it from now on).
    /// -ENOENT past the last, -EBADF if it was taken before, -EFAULT for an output it cannot write (the
    /// descriptor stays here).
    /// </summary>
    public nint Take(nint index, nint output)
    {
        lock (_gate)
        {
            if (index < 0 || index >= _given.Count) return -Errno.ENOENT;
            var (number, handle, taken) = _given[(int)index];
            if (taken) return -Errno.EBADF;
            Span<long> pair = [number, handle];
            if (!GuestMemory.TryWrite(output, MemoryMarshal.AsBytes(pair))) return -Errno.EFAULT;
            _given[(int)index] = (number, handle, true);
            return 0;
        }
    }

    /// <summary>Closes the descriptors nobody took.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            for (int i = 0; i < _given.Count; i++)
                if (!_given[i].Taken) HostPlatform.Descriptors.Close(_given[i].Handle);
            _given.Clear();
        }
    }
}
