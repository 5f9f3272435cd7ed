using Microcosm.Syscalls;

namespace Microcosm.Tests.Syscalls;

/// <summary>The syscall table seen from C# (the embedding API) and from guests, in one process.</summary>
public class SyscallTableTests
{
    public SyscallTableTests() => GuestBuild.Ensure();

    private static string Guest(string name) => TestPaths.Guest("syscalls/" + name);

    [Fact]
    public void GuestCallsCSharpHandler()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(1000, (in SyscallArgs a) => a.A + a.B + (nint)(a.Number - 1000));
        Assert.Equal(42, cosmos.Run(Guest("call")));
    }

    [Fact]
    public void EmptyNumberReturnsEnosys()
    {
        using var cosmos = new Cosmos();
        Assert.Equal(-Errno.ENOSYS, cosmos.Run(Guest("call")));
        Assert.Equal(-Errno.ENOSYS, cosmos.Syscalls.Invoke(12345));
        Assert.Equal(-Errno.ENOSYS, cosmos.Syscalls.Invoke(-63));
    }

    [Fact]
    public void SixArgumentsArriveIntact()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(1001, (in SyscallArgs a) => a.A + 2 * a.B + 3 * a.C + 4 * a.D + 5 * a.E + 6 * a.F);
        Assert.Equal(1 + 4 + 9 + 16 + 25 + 36, cosmos.Run(Guest("sum6")));
    }

    [Fact]
    public void GetReturnsNativeCallablePointerForCSharpHandler()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(1000, (in SyscallArgs a) => a.A + a.B);
        Assert.NotEqual(0, cosmos.Syscalls.Get(1000));
        Assert.Equal(42, cosmos.Run(Guest("direct")));
    }

    [Fact]
    public unsafe void UnmanagedCallersOnlyHandlerGetsEveryArgumentThroughItsThunk()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(1001, &WeightedSum);
        nint registered = cosmos.Syscalls.Get(1001);
        Assert.NotEqual((nint)(delegate* unmanaged<nint, nint, nint, nint, nint, nint, nint, nint>)&WeightedSum, registered); // a thunk
        Assert.Equal(1 + 4 + 9 + 16 + 25 + 36, cosmos.Run(Guest("sum6")));
        Assert.Equal(1 + 4 + 9 + 16 + 25 + 36, cosmos.Syscalls.Invoke(1001, 1, 2, 3, 4, 5, 6));
        // One thunk per method and table, whatever the number of registrations; it is described as C#.
        cosmos.Syscalls.Register(1002, &WeightedSum);
        Assert.Equal(registered, cosmos.Syscalls.Get(1002));
        Assert.Contains(cosmos.DescribeSyscalls(), e => e.Number == 1001 && e.Owner == "C# handler");
    }

    [System.Runtime.InteropServices.UnmanagedCallersOnly]
    private static nint WeightedSum(nint number, nint a, nint b, nint c, nint d, nint e, nint f) =>
        number == 1001 ? a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f : -1;

    [Fact]
    public void GuestToCSharpToGuestNesting()
    {
        using var cosmos = new Cosmos();
        var syscalls = cosmos.Syscalls;
        // 1003 (C#) calls 1002 (registered by the guest) through the dispatcher, then adds one.
        syscalls.Register(1003, (in SyscallArgs a) => syscalls.Invoke(1002, a.A) + 1);
        Assert.Equal(22, cosmos.Run(Guest("nested")));
        Assert.NotEqual(0, syscalls.Get(1002)); // the guest's registration is visible from C#
    }

    [Fact]
    public void NumbersOutsideTheDenseRange()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(1L << 41, (in SyscallArgs a) => 77);
        Assert.Equal(77, cosmos.Run(Guest("sparse")));
        Assert.Equal(0, cosmos.Syscalls.Get(1L << 40));
    }

    [Fact]
    public void RegisterReplaceDeregisterFromCSharp()
    {
        using var cosmos = new Cosmos();
        var table = cosmos.Syscalls;
        SyscallHandler one = (in SyscallArgs _) => 1, two = (in SyscallArgs _) => 2;
        Assert.Equal(0, table.Register(7, one));
        nint first = table.Get(7);
        Assert.Equal(1, table.Invoke(7));
        Assert.Equal(first, table.Register(7, two));       // returns the previous handler
        Assert.Equal(2, table.Invoke(7));
        Assert.Equal(table.Get(7), table.Register(7, one)); // the same delegate keeps its entry point
        Assert.Equal(first, table.Get(7));
        table.Deregister(7);
        Assert.Equal(0, table.Get(7));
        Assert.Equal(-Errno.ENOSYS, table.Invoke(7));
    }

    [Fact]
    public void CoreRegistrationSyscallsAreOrdinaryEntries()
    {
        using var cosmos = new Cosmos();
        var table = cosmos.Syscalls;
        table.Register(9, (in SyscallArgs _) => 99);
        nint handler = table.Invoke(CoreSyscall.Get, 9);
        Assert.Equal(table.Get(9), handler);
        Assert.Equal(handler, table.Invoke(CoreSyscall.Register, 10, handler)  == 0 ? table.Get(10) : 0);
        Assert.Equal(99, table.Invoke(10));
        Assert.Equal(0, table.Invoke(CoreSyscall.Deregister, 10));
        Assert.Equal(-Errno.ENOSYS, table.Invoke(10));

        // Core entries can be replaced and removed like any other.
        nint register = table.Get(CoreSyscall.Register);
        table.Register(CoreSyscall.Register, (in SyscallArgs _) => -Errno.EPERM);
        Assert.Equal(-Errno.EPERM, table.Invoke(CoreSyscall.Register, 11, handler));
        table.Register(CoreSyscall.Register, register);
        Assert.Equal(0, table.Invoke(CoreSyscall.Register, 11, handler));
        Assert.Equal(99, table.Invoke(11));
    }

    [Fact]
    public void HandlerExceptionBecomesEioAndIsReported()
    {
        using var cosmos = new Cosmos();
        cosmos.Syscalls.Register(1000, (in SyscallArgs _) => throw new InvalidOperationException("boom"));
        var ex = Assert.Throws<SyscallHandlerException>(() => cosmos.Run(Guest("call")));
        Assert.Equal(-Errno.EIO, ex.ExitStatus);
        Assert.Equal("boom", Assert.Single(ex.InnerExceptions).Message);
    }

    [Fact]
    public void InstancesHaveSeparateTablesAndObjects()
    {
        using var first = new Cosmos();
        using var second = new Cosmos();
        first.Syscalls.Register(1000, (in SyscallArgs a) => 1);
        second.Syscalls.Register(1000, (in SyscallArgs a) => 2);
        Assert.NotEqual(first.Syscalls.Dispatcher, second.Syscalls.Dispatcher);
        Assert.Equal(1, first.Run(Guest("call")));
        Assert.Equal(2, second.Run(Guest("call")));
        var a = Assert.IsType<Microcosm.Loading.GuestObject>(first.Objects[0]);
        var b = Assert.IsType<Microcosm.Loading.GuestObject>(second.Objects[0]);
        Assert.NotEqual(a.LoadAddress, b.LoadAddress); // the same file, mapped once per instance
    }

    [Fact]
    public void InstancesSideBySideOnThreads()
    {
        var results = new int[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using var cosmos = new Cosmos();
            cosmos.Syscalls.Register(1000, (in SyscallArgs a) => i);
            results[i] = cosmos.Run(Guest("call"));
        });
        Assert.Equal(Enumerable.Range(0, results.Length), results);
    }

    [Fact]
    public void ConcurrentRegistrationNeverTearsOrLosesAnEntry()
    {
        using var cosmos = new Cosmos();
        var table = cosmos.Syscalls;
        long[] numbers = [5, 4000, 1L << 40]; // dense, dense, sparse
        SyscallHandler odd = (in SyscallArgs a) => 1, even = (in SyscallArgs a) => 2;
        foreach (var n in numbers) table.Register(n, odd);
        nint oddEntry = table.Get(numbers[0]), evenEntry = table.Register(numbers[0], even) == oddEntry ? table.Get(numbers[0]) : 0;
        Assert.NotEqual(0, evenEntry);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        long calls = 0, bad = 0;
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            for (long k = 0; !stop.IsCancellationRequested; k++)
                foreach (var n in numbers) table.Register(n, (k & 1) == 0 ? evenEntry : oddEntry);
        }));
        var readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
                foreach (var n in numbers)
                {
                    nint result = table.Invoke(n);
                    Interlocked.Increment(ref calls);
                    if (result is not (1 or 2)) Interlocked.Increment(ref bad);
                }
        }));
        var threads = writers.Concat(readers).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.True(calls > 1000, $"only {calls} calls were made");
        Assert.Equal(0, bad);
    }

}
