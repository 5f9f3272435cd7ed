using Microcosm.Faults;
using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// Calls into guest code from C#. Every call goes through the entry trampoline and links a boundary
/// record into the current thread, so that ending the thread can discard exactly the guest frames
/// above it and never a managed one.
/// </summary>
internal static unsafe class Guest
{
    /// <summary>Calls <c>fn(a, b, c, d, e, f, g)</c> (System V). Throws <see cref="ThreadTermination"/> if the
    /// thread ended while the guest code ran, or faulted (then its instance ends the program); on a host
    /// thread that is not a Microcosm thread, a fault throws <see cref="GuestFaultException"/>.</summary>
    public static nint Call(nint fn, nint a = 0, nint b = 0, nint c = 0, nint d = 0, nint e = 0, nint f = 0, nint g = 0)
    {
        nint* args = stackalloc nint[7] { a, b, c, d, e, f, g };
        return Enter(fn, args);
    }

    /// <summary>Calls <c>fn(a)</c>, which goes on on a stack of its own, [<paramref name="low"/>, <paramref name="low"/> +
    /// <paramref name="size"/>) with <paramref name="guard"/> bytes of guard below (a fork child's copy of the parent's
    /// stack, which <c>fn</c> jumps onto): the host knows the thread by that stack meanwhile (<see cref="OwnStack"/>), and
    /// the C# handlers it calls run on this thread's own stack instead, where .NET expects its frames
    /// (ManagedHandlerThunks), as they do for guest code on this one.</summary>
    public static nint CallOnOwnStack(nint fn, nint a, nint low, nuint size, nint guard)
    {
        nint* args = stackalloc nint[7] { a, 0, 0, 0, 0, 0, 0 };
        OwnStack stack = default;
        (stack.Low, stack.Size, stack.Guard) = (low, size, guard);
        HostPlatform.Faults.PrepareStack(stack.Limits, low, size, guard);
        return Enter(fn, args, &stack);
    }

    private static nint Enter(nint fn, nint* args, OwnStack* ownStack = null)
    {
        Boundary boundary = default;
        boundary.OwnStack = ownStack;
        var thread = GuestThread.Current;
        if (thread == null)
        {
            nint value = GuestEntry.Enter(&boundary, fn, args);
            if (boundary.Unwound == Boundary.Faulted) throw new GuestFaultException(FaultReport.Create(&boundary, 0));
            return value;
        }
        boundary.Previous = thread.Innermost;
        boundary.Record = (nint)thread.Record; // how the handler thunks find out that the thread is ending
        thread.Innermost = &boundary;
        nint result;
        try
        {
            result = GuestEntry.Enter(&boundary, fn, args);
        }
        finally
        {
            thread.Innermost = boundary.Previous;
        }
        if (boundary.Unwound == Boundary.Faulted)
            throw new ThreadTermination(thread.Owner.Faulted(thread, FaultReport.Create(&boundary, thread.Tid)));
        if (boundary.Unwound != Boundary.Returned) throw new ThreadTermination(result);
        return result;
    }
}
