using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microcosm.Elf;

namespace Microcosm.Cli;

/// <summary>
/// Link-time stand-ins for host libraries. A guest that calls a host library depends on
/// <c>libhost_NAME</c>; to link it, gcc needs a shared object with that soname that defines the
/// library's symbols. The stub is generated from the host library's own export table (functions
/// and objects with their sizes), assembled once and cached under the SDK keyed by the library's
/// path, size and time.
/// </summary>
internal static partial class HostLibraryStubs
{
    private const int FormatVersion = 1;

    public static string Get(string sdk, string name)
    {
        string hostPath = Locate(name);
        var info = new FileInfo(hostPath);
        string key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes($"{FormatVersion}|{name}|{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}")))[..16];
        string stubName = name.Length == 0 || name == "default" ? "libhost_.so" : "libhost_" + name;
        string dir = Path.Combine(CacheRoot(sdk), key);
        string stub = Path.Combine(dir, stubName);
        if (File.Exists(stub)) return stub;
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{stubName}.{Environment.ProcessId}");
        string source = temp + ".s";
        File.WriteAllText(source, Assembly(ExportedSymbols.Read(hostPath)));
        var gcc = new ProcessStartInfo("gcc") { RedirectStandardError = true };
        foreach (var a in new[] { "-shared", "-nostdlib", "-Wl,-soname," + stubName, "-o", temp, source }) gcc.ArgumentList.Add(a);
        using (var p = Process.Start(gcc)!)
        {
            string errors = p.StandardError.ReadToEnd();
            p.WaitForExit();
            File.Delete(source);
            if (p.ExitCode != 0) throw new InvalidOperationException($"assembling the link stub failed: {errors}");
        }
        File.Move(temp, stub, overwrite: true);
        return stub;
    }

    /// <summary>The host file behind a library name, as the host's own loader finds it (libc for the default scope).</summary>
    private static string Locate(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : throw new IOException($"host library '{name}' not found");
        string lookup = name.Length == 0 || name == ".so" || name == "default" ? "libc.so.6" : name;
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad(lookup, out nint handle))
            throw new IOException($"host library '{lookup}' not found by the host loader");
        return Microcosm.Host.HostPlatform.Libraries.PathOf(handle) is { Length: > 0 } path && File.Exists(path)
            ? path : throw new IOException($"cannot tell which file the host loaded for '{lookup}'");
    }

    private static string CacheRoot(string sdk)
    {
        string root = Path.Combine(sdk, "hostlib");
        try
        {
            Directory.CreateDirectory(root);
            string probe = Path.Combine(root, $".probe{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return root;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Path.Combine(Path.GetTempPath(), "microcosm-hostlib");
        }
    }

    private static string Assembly(IReadOnlyList<ExportedSymbol> symbols)
    {
        var text = new StringBuilder();
        text.AppendLine("\t.text");
        foreach (var s in symbols.Where(s => s.IsFunction && PlainName().IsMatch(s.Name)))
            text.Append($"\t.{(s.IsWeak ? "weak" : "globl")} {s.Name}\n\t.type {s.Name}, @function\n{s.Name}:\n");
        text.AppendLine("\tret");
        text.AppendLine("\t.data");
        foreach (var s in symbols.Where(s => !s.IsFunction && s.Size > 0 && PlainName().IsMatch(s.Name)))
            text.Append($"\t.{(s.IsWeak ? "weak" : "globl")} {s.Name}\n\t.type {s.Name}, @object\n\t.size {s.Name}, {s.Size}\n\t.balign 8\n{s.Name}:\n\t.zero {s.Size}\n");
        text.AppendLine("\t.section .note.GNU-stack,\"\",@progbits");
        return text.ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.$]*$")]
    private static partial Regex PlainName();
}
