using System.Text;

namespace Microcosm.Tests;

/// <summary>C# source with its comments and the text of its literals blanked out (interpolation holes stay code).</summary>
internal static class CSharpText
{
    public static string Strip(string source)
    {
        var code = new StringBuilder(source.Length);
        int i = 0;
        Scan(source, ref i, code, inHole: false);
        return code.ToString();
    }

    /// <summary>Copies code from <paramref name="i"/> on; inside an interpolation hole it stops at the hole's closing brace.</summary>
    private static void Scan(string s, ref int i, StringBuilder code, bool inHole)
    {
        int braces = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '/' && i + 1 < s.Length && s[i + 1] == '/')
            {
                while (i < s.Length && s[i] != '\n') i++;
            }
            else if (c == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
                code.Append(' ');
            }
            else if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'') i += s[i] == '\\' ? 2 : 1;
                i++;
                code.Append("' '");
            }
            else if (c is '"' or '$' or '@' && StringStart(s, i) is var (length, verbatim, interpolated) && length > 0)
            {
                i += length;
                code.Append('"');
                Literal(s, ref i, code, verbatim, interpolated);
                code.Append('"');
            }
            else if (inHole && c == '{')
            {
                braces++;
                code.Append(c);
                i++;
            }
            else if (inHole && c == '}')
            {
                if (braces-- == 0) return;
                code.Append(c);
                i++;
            }
            else
            {
                code.Append(c);
                i++;
            }
        }
    }

    /// <summary>The length of a string literal's opening (<c>"</c>, <c>@"</c>, <c>$"</c>, <c>$@"</c>, <c>@$"</c>), or 0.</summary>
    private static (int Length, bool Verbatim, bool Interpolated) StringStart(string s, int i)
    {
        int j = i;
        bool verbatim = false, interpolated = false;
        while (j < s.Length && s[j] is '$' or '@')
        {
            if (s[j] == '$') interpolated = true;
            else verbatim = true;
            j++;
        }
        if (j < s.Length && s[j] == '"' && j - i <= 2 && (i == 0 || !char.IsLetterOrDigit(s[i - 1]) && s[i - 1] != '_')) return (j - i + 1, verbatim, interpolated);
        return (0, false, false);
    }

    private static void Literal(string s, ref int i, StringBuilder code, bool verbatim, bool interpolated)
    {
        while (i < s.Length)
        {
            char c = s[i];
            if (!verbatim && c == '\\') i += 2;
            else if (c == '"' && verbatim && i + 1 < s.Length && s[i + 1] == '"') i += 2;
            else if (c == '"')
            {
                i++;
                return;
            }
            else if (interpolated && c == '{' && i + 1 < s.Length && s[i + 1] == '{') i += 2;
            else if (interpolated && c == '{')
            {
                i++;
                code.Append('{');
                Scan(s, ref i, code, inHole: true);
                code.Append('}');
                i++;
            }
            else i++;
        }
    }
}
