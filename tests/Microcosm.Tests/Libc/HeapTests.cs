using System.Text.RegularExpressions;

namespace Microcosm.Tests.Libc;

/// <summary>
/// The C library's heap and the guest's mappings: an instance gives back what its program mapped, however
/// the program ended, and `ulimit -v` / `ulimit -d` bound a guest's heap as they bound a native program's
/// (docs/libc.md, "The heap"). Each test runs its instances in a subprocess: a leak of address space must
/// exhaust that process, not the tests'.
/// </summary>
public class HeapTests
{
    public HeapTests() => GuestBuild.Ensure();

    private static readonly string Heap = TestPaths.Guest("libc/heap");
    private static readonly string NativeHeap = TestPaths.Guest("libc/heap-native");

    /// <summary>Runs the instance host: COUNT instances of heap with ARGS, each ending with STATUS.</summary>
    private static (int Before, int After) RunInstances(int count, int status, params string[] args)
    {
        var result = Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "Microcosm.InstanceHost.dll"), $"{count}", $"{status}", Heap, .. args],
            new() { ["MICROCOSM_SDK"] = TestPaths.Sdk }, timeoutSeconds: 300);
        var match = Regex.Match(result.StandardOutput, @"^ran \d+, mappings (\d+) -> (\d+)$", RegexOptions.Multiline);
        Assert.True(result.ExitCode == 0 && match.Success, $"exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value));
    }

    [Fact]
    public void ThreeThousandInstancesInOneProcessEachGetAHeapAndLeaveNoMappingsBehind()
    {
        // Each instance once reserved 64 GiB for its heap and never gave it back: the 2,047th found no
        // address space left, and every instance left two mappings behind.
        var (before, after) = RunInstances(3000, 0);
        Assert.True(after - before < 50, $"mappings grew from {before} to {after} over 3000 instances");
    }

    [Fact]
    public void AFaultingProgramsMappingsAreGivenBackToo()
    {
        // The modules' finalizers (the memory module's unmaps what the guest mapped) run after a fault too.
        var (before, after) = RunInstances(300, 128 + 11, "fault");
        Assert.True(after - before < 50, $"mappings grew from {before} to {after} over 300 faulting instances");
    }

    /// <summary>Runs PROGRAM ARGS under a resource limit set by the shell, as a user would.</summary>
    private static ProcessResult UnderLimit(string ulimit, string program, params string[] args)
    {
        string command = program == Heap ? $"exec \"$0\" run \"$@\"" : "exec \"$@\"";
        return Run.Process("bash", ["-c", $"ulimit {ulimit} || exit 99; {command}", TestPaths.Cli, program, .. args],
            new() { ["MICROCOSM_SDK"] = TestPaths.Sdk });
    }

    /// <summary>How far heap got before malloc failed (it must fail, with ENOMEM, and not crash).</summary>
    private static int MebibytesBeforeFailure(ProcessResult result, string who)
    {
        var match = Regex.Match(result.StandardOutput, @"^malloc failed after (\d+) MiB: ENOMEM$", RegexOptions.Multiline);
        Assert.True(result.ExitCode == 1 && match.Success, $"{who}: exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        return int.Parse(match.Groups[1].Value);
    }

    [Theory]
    [InlineData("-v", 4L << 20, 2048, 768)]  // RLIMIT_AS: the CLI's own runtime takes a few hundred MiB of it
    [InlineData("-d", 1L << 20, 512, 256)]   // RLIMIT_DATA: counts only writable private memory, the runtime's is small
    public void AResourceLimitBoundsTheHeapAsItBoundsANativeProgram(string option, long limitKiB, int fits, int slackMiB)
    {
        string ulimit = $"{option} {limitKiB}";
        foreach (var program in new[] { NativeHeap, Heap })
        {
            var result = UnderLimit(ulimit, program, $"{fits}");
            Assert.True(result.ExitCode == 0 && result.StandardOutput == $"allocated {fits} MiB\n",
                $"{Path.GetFileName(program)} under ulimit {ulimit}: exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");
        }
        int native = MebibytesBeforeFailure(UnderLimit(ulimit, NativeHeap, "1000000"), "native");
        int guest = MebibytesBeforeFailure(UnderLimit(ulimit, Heap, "1000000"), "guest");
        Assert.True(guest <= native && guest >= native - slackMiB,
            $"under ulimit {ulimit} the native program allocated {native} MiB before malloc failed, the guest {guest} MiB");
    }
}
