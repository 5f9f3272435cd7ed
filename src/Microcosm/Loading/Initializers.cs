namespace Microcosm.Loading;

/// <summary>
/// Runs initializers dependencies first (the program's DT_PREINIT_ARRAY, then per object DT_INIT and
/// DT_INIT_ARRAY) and finalizers in the reverse order (DT_FINI_ARRAY backwards, then DT_FINI).
/// </summary>
internal static unsafe class Initializers
{
    /// <summary>The objects reachable from <paramref name="root"/> that still need initializing, dependencies first.</summary>
    public static List<GuestObject> Order(LoadedObject root)
    {
        var order = new List<GuestObject>();
        var visited = new HashSet<LoadedObject>();
        void Visit(LoadedObject obj)
        {
            if (!visited.Add(obj)) return;
            foreach (var dep in obj.Needed) Visit(dep);
            if (obj is GuestObject g && !g.Initialized) order.Add(g);
        }
        Visit(root);
        return order;
    }

    /// <summary>Initializes each object of <paramref name="order"/>; each is appended to <paramref name="done"/> before its code runs.</summary>
    public static void Run(GuestObject? program, List<GuestObject> order, List<GuestObject> done, int argc, nint argv, nint envp)
    {
        if (program?.Dynamic is { PreinitArray: not 0 } pd && !program.Initialized)
            CallArray(program, pd.PreinitArray, pd.PreinitArraySize, forward: true, argc, argv, envp);
        foreach (var obj in order)
        {
            obj.Initialized = true;
            done.Add(obj);
            var dyn = obj.Dynamic;
            if (dyn == null) continue;
            if (dyn.Init != 0) Call(obj.Address(dyn.Init), argc, argv, envp);
            if (dyn.InitArray != 0) CallArray(obj, dyn.InitArray, dyn.InitArraySize, forward: true, argc, argv, envp);
        }
    }

    public static void Finalize(List<GuestObject> done)
    {
        for (int i = done.Count - 1; i >= 0; i--)
        {
            var obj = done[i];
            if (obj.Finalized) continue;
            obj.Finalized = true;
            var dyn = obj.Dynamic;
            if (dyn == null) continue;
            if (dyn.FiniArray != 0) CallArray(obj, dyn.FiniArray, dyn.FiniArraySize, forward: false, 0, 0, 0);
            if (dyn.Fini != 0) Call(obj.Address(dyn.Fini), 0, 0, 0);
        }
    }

    /// <summary>
    /// Refuses an object whose initializer or finalizer arrays, once relocated, hold an entry outside its code:
    /// called by the linker after relocation, so that a damaged table is a load error naming the file, not a
    /// failure when the program ends (its finalizers) after it has run.
    /// </summary>
    public static void Check(GuestObject obj)
    {
        if (obj.Dynamic is not { } dyn) return;
        CheckArray(obj, dyn.PreinitArray, dyn.PreinitArraySize);
        CheckArray(obj, dyn.InitArray, dyn.InitArraySize);
        CheckArray(obj, dyn.FiniArray, dyn.FiniArraySize);
    }

    private static void CheckArray(GuestObject obj, ulong address, ulong size)
    {
        if (address == 0) return;
        ulong count = size / 8;
        ulong* entries = obj.Space.Array<ulong>(address, count, "initializer array");
        for (ulong k = 0; k < count; k++) CheckEntry(obj, address, entries[k]);
    }

    /// <summary>Entries are run-time addresses (relocated); 0 and -1 are skipped, as ld.so does; any other one
    /// outside the object's code is a damaged table.</summary>
    private static bool CheckEntry(GuestObject obj, ulong address, ulong fn)
    {
        if (fn is 0 or ulong.MaxValue) return false;
        if (fn < (ulong)obj.Base || !obj.File.IsCode(fn - (ulong)obj.Base))
            throw new LoadException(obj.Path, $"initializer or finalizer array at 0x{address:x} holds 0x{fn:x}, which is not in the object's code");
        return true;
    }

    private static void CallArray(GuestObject obj, ulong address, ulong size, bool forward, int argc, nint argv, nint envp)
    {
        ulong count = size / 8;
        ulong* entries = obj.Space.Array<ulong>(address, count, "initializer array");
        for (ulong k = 0; k < count; k++)
        {
            // Checked again: a table outside RELRO stays writable, and the program may have changed it since.
            ulong fn = entries[forward ? k : count - 1 - k];
            if (CheckEntry(obj, address, fn)) Call((nint)fn, argc, argv, envp);
        }
    }

    private static void Call(nint fn, int argc, nint argv, nint envp) => Threads.Guest.Call(fn, argc, argv, envp);
}
