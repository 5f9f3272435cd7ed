using System.Text.RegularExpressions;

namespace Microcosm.Tests.Infrastructure;

/// <summary>The trace format's grammar, read from docs/tracing.md itself, so the document and the output cannot drift apart.</summary>
public static class TraceGrammar
{
    public static Regex Line { get; } = FromDoc("trace-line-regex");
    public static Regex Field { get; } = FromDoc("trace-field-regex");

    /// <summary>The stderr of a traced run, split into lines, each asserted to match the grammar.</summary>
    public static string[] Parse(string trace)
    {
        string[] lines = trace.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(Line, line));
        return lines;
    }

    /// <summary>An event line's fields, in order, string values unescaped.</summary>
    public static List<(string Key, string Value)> Fields(string line)
    {
        var match = Line.Match(line);
        Assert.True(match.Groups["event"].Success, $"not an event line: {line}");
        return [.. Field.Matches(match.Groups["fields"].Value).Select(m => (m.Groups["key"].Value, Unescape(m.Groups["value"].Value)))];
    }

    private static string Unescape(string value)
    {
        if (!value.StartsWith('"')) return value;
        return Regex.Replace(value[1..^1], @"\\(x[0-9a-f]{2}|.)", m => m.Groups[1].Value switch
        {
            "n" => "\n", "r" => "\r", "t" => "\t",
            var x when x.StartsWith('x') && x.Length == 3 => ((char)Convert.ToInt32(x[1..], 16)).ToString(),
            var other => other,
        });
    }

    private static Regex FromDoc(string marker)
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "tracing.md"));
        var block = Regex.Match(doc, $@"<!-- {marker} -->\n```\n(.*)\n```");
        Assert.True(block.Success, $"docs/tracing.md has no {marker} block");
        return new Regex(block.Groups[1].Value, RegexOptions.CultureInvariant);
    }
}
