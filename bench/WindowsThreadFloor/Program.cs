using System.Diagnostics;
using System.Runtime.InteropServices;

// The floor under the Windows host's spawn+join: CreateThread of a thread that does nothing (its start routine is
// kernel32's ExitThread itself), WaitForSingleObject, CloseHandle, from a self-contained .NET process as
// microcosm.exe is — so the figure includes what the host charges every thread of such a process (Wine's
// server round trips, DLL_THREAD_ATTACH into every loaded DLL). Best of 5 rounds; prints "thread-floor US us".
unsafe
{
    nint kernel32 = NativeLibrary.Load("kernel32.dll");
    var createThread = (delegate* unmanaged<nint, nuint, nint, nint, uint, uint*, nint>)NativeLibrary.GetExport(kernel32, "CreateThread");
    var waitForSingleObject = (delegate* unmanaged<nint, uint, uint>)NativeLibrary.GetExport(kernel32, "WaitForSingleObject");
    var closeHandle = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(kernel32, "CloseHandle");
    nint exitThread = NativeLibrary.GetExport(kernel32, "ExitThread");
    int pairs = args.Length > 0 ? int.Parse(args[0]) : 1000;
    double best = double.MaxValue;
    for (int round = 0; round < 5; round++)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < pairs; i++)
        {
            uint id;
            nint thread = createThread(0, 64 * 1024, exitThread, i, 0, &id);
            if (thread == 0 || waitForSingleObject(thread, 0xffffffff) != 0) throw new InvalidOperationException("CreateThread failed");
            closeHandle(thread);
        }
        best = Math.Min(best, clock.Elapsed.TotalMicroseconds / pairs);
    }
    Console.WriteLine($"thread-floor {best:F2} us");
}
