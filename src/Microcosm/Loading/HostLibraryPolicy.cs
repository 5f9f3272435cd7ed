using System.IO.Enumeration;

namespace Microcosm;

/// <summary>
/// Which host libraries one scope (the program, or the modules) may depend on through
/// <c>libhost_NAME</c>. Patterns are globs on NAME, the text after <c>libhost_</c> exactly as the
/// dependency is written (<c>libc.so.6</c>; <c>.so</c> for the host's default scope): <c>*</c>
/// matches any run of characters (<c>/</c> included), <c>?</c> one character, <c>\</c> escapes the next.
/// Deny beats allow: a library is refused when a deny pattern matches it; otherwise it is allowed
/// when an allow pattern matches it or when there are no allow patterns at all. So the default
/// (no patterns) allows everything, and any allow pattern turns the scope into an allow list.
/// This decides which libraries the loader opens; it is not a sandbox (README.md, docs/policy.md).
/// </summary>
public sealed class HostLibraryPolicy
{
    /// <summary>Globs of host libraries this scope may use; when not empty, nothing else is allowed.</summary>
    public List<string> Allow { get; } = [];

    /// <summary>Globs of host libraries this scope may not use (checked first).</summary>
    public List<string> Deny { get; } = [];

    /// <summary>Null when <paramref name="name"/> is allowed; otherwise the rule that refuses it, in words.</summary>
    public string? Refusal(string name)
    {
        foreach (string pattern in Deny)
            if (Matches(pattern, name)) return $"deny rule '{pattern}'";
        if (Allow.Count == 0) return null;
        foreach (string pattern in Allow)
            if (Matches(pattern, name)) return null;
        return $"no allow rule matches it (allowed: {string.Join(", ", Allow.Select(p => $"'{p}'"))})";
    }

    /// <summary>Whether the glob <paramref name="pattern"/> matches the whole of <paramref name="name"/> (case-sensitive).</summary>
    public static bool Matches(string pattern, string name) =>
        FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: false);

    /// <summary>Throws for a pattern that can match nothing useful (empty), so a typo is not silently a no-op.</summary>
    internal void Validate(string scope)
    {
        foreach (string pattern in Allow.Concat(Deny))
            if (string.IsNullOrEmpty(pattern))
                throw new ArgumentException($"the {scope} host-library policy has an empty pattern (the default scope is named '.so')");
    }
}
