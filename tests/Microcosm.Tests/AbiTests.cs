using System.Text.RegularExpressions;
using Microcosm.Syscalls;

namespace Microcosm.Tests;

/// <summary>
/// The target ABI's lists (abi/syscalls.tsv, abi/errno.tsv), from which every number in the tree is
/// generated, against the Linux kernel's UAPI headers row by row, and the core's generated names against
/// the lists.
/// </summary>
public sealed partial class AbiTests
{
    private static string[][] Rows(string list) =>
        [.. File.ReadAllLines(Path.Combine(TestPaths.Root, "abi", list))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'))];

    private static Dictionary<string, long> Defines(Regex pattern, params string[] headers)
    {
        var found = new Dictionary<string, long>();
        foreach (var header in headers)
            foreach (Match m in pattern.Matches(File.ReadAllText(header))) found[m.Groups[1].Value] = long.Parse(m.Groups[2].Value);
        return found;
    }

    [Fact]
    public void EveryLinuxSyscallIsListedWithTheKernelsNumber()
    {
        const string header = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h";
        Assert.True(File.Exists(header), $"{header} is missing (Debian's linux-libc-dev, which the build installs)");
        var kernel = Defines(SyscallNumber(), header);
        var listed = Rows("syscalls.tsv").Where(r => r[1] == "linux").ToDictionary(r => r[2], r => long.Parse(r[0]));
        Assert.True(kernel.Count > 300, $"only {kernel.Count} syscalls in {header}");
        Assert.Equal(kernel.OrderBy(p => p.Value), listed.OrderBy(p => p.Value));
    }

    [Fact]
    public void EveryLinuxErrorIsListedWithTheKernelsValue()
    {
        var kernel = Defines(ErrnoValue(), "/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h");
        var listed = Rows("errno.tsv").Where(r => !r[1].StartsWith('=')).ToDictionary(r => r[0], r => long.Parse(r[1]));
        Assert.Equal(kernel.OrderBy(p => p.Value), listed.OrderBy(p => p.Value));
        Assert.All(Rows("errno.tsv"), r => Assert.True(r[1].StartsWith('=') || r[2].Length > 0, $"{r[0]} has no message"));
    }

    [Fact]
    public void TheCoresNamesAndNumbersAreTheLists()
    {
        var families = Rows("families.tsv").SelectMany(r => r[1].Split(' ').Select(name => (name, family: r[0]))).ToDictionary(p => p.name, p => p.family);
        foreach (var r in Rows("syscalls.tsv"))
        {
            long number = long.Parse(r[0]);
            string arguments = r[3].All(char.IsDigit) ? new string('i', int.Parse(r[3])) : r[3];
            string family = r[1] == "core" ? "core" : families.GetValueOrDefault(r[2], "");
            Assert.Equal((r[1] == "linux" ? r[2] : "mc_" + r[2], arguments, family), SyscallNames.Describe(number));
            if (r[1] == "core") Assert.Equal(number, (long)typeof(CoreSyscall).GetField(r[4])!.GetValue(null)!);
        }
        foreach (var r in Rows("errno.tsv").Where(r => !r[1].StartsWith('=')))
        {
            Assert.Equal(r[0], Errno.Name(long.Parse(r[1])));
            Assert.Equal(r[2], Errno.Message(long.Parse(r[1])));
        }
    }

    [GeneratedRegex(@"#define __NR_(\w+) (\d+)")]
    private static partial Regex SyscallNumber();

    [GeneratedRegex(@"#define\s+(E\w+)\s+(\d+)")]
    private static partial Regex ErrnoValue();
}
