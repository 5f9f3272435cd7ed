namespace Microcosm.Tests.Cli;

/// <summary>`microcosm c++` and `microcosm g++` (docs/cxx.md): cc's command for C++, with the SDK's libstdc++.</summary>
public sealed partial class CliTests
{
    [Theory]
    [InlineData("c++")]
    [InlineData("g++")]
    public void CxxBuildsAProgramWithTheSdksLibstdcxx(string verb)
    {
        string source = _scratch.File("hello.cc"), program = _scratch.File("hello");
        File.WriteAllText(source, """
            #include <iostream>
            #include <string>
            int main(int argc, char **argv) { std::string name = argc > 1 ? argv[1] : "nobody"; std::cout << "hello " << name << std::endl; }
            """);
        var build = Run.Cli([verb, "-O2", "-Wall", "-Werror", "-o", program, source], null, timeoutSeconds: 120);
        Assert.True(build.ExitCode == 0, build.StandardError);
        // Linked against the SDK's shared libstdc++, not the host's.
        var inspect = Run.Cli("inspect", program);
        Assert.Contains("libstdc++.so", inspect.StandardOutput);
        Assert.DoesNotContain("libstdc++.so.6", inspect.StandardOutput);
        var result = Run.Cli("run", program, "world");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello world\n", result.StandardOutput);
    }

    [Fact]
    public void CxxCompilesACFileAsCxxAsGxxDoes()
    {
        string source = _scratch.File("plain.c");
        // Valid C++ only: a C compiler would refuse the reference and the class.
        File.WriteAllText(source, "class A { public: int &r; }; int main() { return 0; }\n");
        var result = Run.Cli(["c++", "-fsyntax-only", source], null, timeoutSeconds: 120);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    [Fact]
    public void CxxRefusesNolibcAndItsHelpSaysWhatItIs()
    {
        var nolibc = Run.Cli(["c++", "-nolibc", "-o", _scratch.File("x"), _scratch.File("x.cc")], null, timeoutSeconds: 120);
        Assert.Equal(1, nolibc.ExitCode);
        Assert.Contains("c++: -nolibc: the C++ library needs the C library", nolibc.StandardError);
        var none = Run.Cli(["g++", "-O2"], null, timeoutSeconds: 120);
        Assert.Equal("microcosm: c++: no input files (microcosm c++ --help)\n", none.StandardError);
        var help = Run.Cli(["c++", "--help"], null, timeoutSeconds: 120);
        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage: microcosm c++ [g++ options] FILE...", help.StandardOutput);
        Assert.Contains("libstdc++.so", help.StandardOutput);
    }
}
