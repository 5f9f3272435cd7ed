using System.Text;
using Microcosm.Diagnostics;
using Microcosm.Threads;

namespace Microcosm.Syscalls;

/// <summary>
/// While tracing (text or EventSource), every call goes through here: it reports the call, calls the
/// registered handler and reports the result, the thread's end, or a kill (docs/tracing.md).
/// </summary>
internal sealed class SyscallTracer(SyscallTable table, ThreadManager threads, Tracer tracer)
{
    public nint Invoke(long number, nint a, nint b, nint c, nint d, nint e, nint f)
    {
        long tid = GuestThread.Current?.Tid ?? 0;
        var (name, arguments, family) = SyscallNames.Describe(number);
        if (threads.NoticeKill())
        {
            tracer.Killed(tid, number, name);
            return 0;
        }
        ReadOnlySpan<nint> args = [a, b, c, d, e, f];
        tracer.SyscallEnter(tid, number, name, args);
        // What the call reads is read before it; the line is made after it when the call fills an argument it shows.
        var shown = tracer.ShowsCall(name, arguments, family) ? TraceArguments.Read(arguments, args) : null;
        StringBuilder? call = shown != null ? TraceFormat.Call(tid, name, args, shown) : null;
        bool killsSelf = (number == CoreSyscall.KillThread && (a == 0 || a == tid)) || number == CoreSyscall.ExitSignal;
        if (killsSelf) tracer.SyscallEndsThread(tid, number, name, call); // before: the call does not come back
        nint result;
        try
        {
            result = table.CallRegistered(number, a, b, c, d, e, f);
        }
        catch (ThreadTermination)
        {
            if (!killsSelf) tracer.SyscallEndsThread(tid, number, name, call); // e.g. killed while waiting in join
            throw;
        }
        if (threads.NoticeKill())
        {
            tracer.Killed(tid, number, name); // the kill arrived while the call ran
            return result;
        }
        if (GuestThread.Current is { Terminating: true }) return result;
        if (shown != null && TraceArguments.FillsAny(arguments))
        {
            TraceArguments.ReadFilled(arguments, args, result, shown);
            call = TraceFormat.Call(tid, name, args, shown);
        }
        tracer.SyscallExit(tid, number, name, call, result, result < 0 && result >= -4095 ? Errno.Name(-result) : null);
        return result;
    }
}
