using System.Reflection;
using System.Text.RegularExpressions;
using AgentSetFn.Tests.Support;

namespace AgentSetFn.Tests.Validation;

/// <summary>
/// Every regular expression of the function matches the whole string: .NET's `$` also matches
/// before a final newline (so `^[a-z]+$` accepts "team\n"), and `^` and `$` depend on
/// RegexOptions.Multiline. The convention is `\A(...)\z`, checked here on every
/// [GeneratedRegex] of the assembly, and no regex is built any other way.
/// </summary>
public partial class RegexConventionTests
{
    private static IEnumerable<(string Name, GeneratedRegexAttribute Attribute)> GeneratedRegexes() =>
        typeof(AgentSetFn.Validation.AgentSetValidator).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Name: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<GeneratedRegexAttribute>()))
            .Where(r => r.Attribute is not null)
            .Select(r => (r.Name, r.Attribute!));

    [Fact]
    public void Every_generated_regex_is_anchored_at_both_ends_of_the_string()
    {
        var regexes = GeneratedRegexes().ToList();
        // The scan found the regexes (a scan that finds nothing proves nothing).
        Assert.True(regexes.Count >= 15, $"found only {regexes.Count} [GeneratedRegex] methods");
        var problems = regexes
            .Select(r => (r.Name, r.Attribute.Pattern, Problem: AnchoringProblem(r.Attribute.Pattern, r.Attribute.Options)))
            .Where(r => r.Problem is not null)
            .Select(r => $"{r.Name}: {r.Problem}: {r.Pattern}")
            .ToList();
        Assert.True(problems.Count == 0, "write patterns as \\A(...)\\z:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void No_regex_is_built_at_run_time()
    {
        // A Regex made from a string is not checked by the test above: generate it instead.
        var offenders = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetRelativePath(Repo.Root, file), Line: i + 1, Text: line)))
            .Where(l => RuntimeRegex().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [GeneratedRegex(@"\A.*(new\s+Regex\s*\(|\bRegex\s*\.\s*(IsMatch|Match|Matches|Replace|Split|Count|EnumerateMatches)\s*\()")]
    private static partial Regex RuntimeRegex();

    [Theory]
    [InlineData(@"^[a-z]+$", "unanchored")]
    [InlineData(@"\A[a-z]+$", "unanchored")]
    [InlineData(@"[a-z]+\z", "unanchored")]
    [InlineData(@"\A[a-z]+\\z", "unanchored")]
    [InlineData(@"\Aa|b\z", "alternation")]
    [InlineData(@"\A(a)|(b)\z", "alternation")]
    [InlineData(@"\Aa$|^b\z", "`^` or `$`")]
    [InlineData(@"\A(a$)\z", "`^` or `$`")]
    public void The_check_rejects_patterns_that_let_a_suffix_through(string pattern, string problem)
    {
        Assert.Contains(problem, AnchoringProblem(pattern, RegexOptions.None), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"\A[a-z]+\z")]
    [InlineData(@"\A(a|b)\z")]
    [InlineData(@"\A(?:a|[|$^])\z")]
    [InlineData(@"\A[^$]\$\z")]
    [InlineData(@"\A[]a]\z")]
    public void The_check_accepts_anchored_patterns(string pattern)
    {
        Assert.Null(AnchoringProblem(pattern, RegexOptions.None));
        Assert.NotNull(AnchoringProblem(pattern, RegexOptions.Multiline));
    }

    /// <summary>Why a pattern could match less than the whole string, or null when it cannot.</summary>
    private static string? AnchoringProblem(string pattern, RegexOptions options)
    {
        if ((options & RegexOptions.Multiline) != 0)
            return "Multiline changes what the anchors mean";
        if ((options & RegexOptions.IgnorePatternWhitespace) != 0) pattern = WithoutLayout(pattern);
        if (!pattern.StartsWith(@"\A", StringComparison.Ordinal) || !pattern.EndsWith(@"\z", StringComparison.Ordinal)
            || EndsInEscapedBackslash(pattern[..^2]))
            return @"unanchored: it must start with \A and end with \z";
        var body = pattern[2..^2];
        var depth = 0;
        for (var i = 0; i < body.Length; i++)
        {
            switch (body[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    i = EndOfClass(body, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    // `(a)|(b)`: the group closes and reopens, the alternation is at the top.
                    if (depth < 0) return "alternation outside a group: unbalanced parentheses";
                    break;
                case '|' when depth == 0:
                    return @"alternation outside a group: one side is not anchored; write \A(a|b)\z";
                case '^' or '$':
                    return "uses `^` or `$`, whose meaning depends on the options and a final newline";
            }
        }
        return null;
    }

    /// <summary>
    /// A pattern written with IgnorePatternWhitespace as the engine reads it: blanks and `#`
    /// comments outside character classes removed (escaped ones kept).
    /// </summary>
    private static string WithoutLayout(string pattern)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
            }
            else if (c == '[')
            {
                var end = Math.Min(EndOfClass(pattern, i), pattern.Length - 1);
                result.Append(pattern, i, end - i + 1);
                i = end;
            }
            else if (c == '#')
            {
                while (i + 1 < pattern.Length && pattern[i + 1] != '\n') i++;
            }
            else if (!char.IsWhiteSpace(c))
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    [Theory]
    [InlineData("\\A(?:\n  a # one\n  | b # two\n)\\z", null)]
    [InlineData("\\A a\n | b \\z", "alternation")]
    [InlineData("  ^(?: a | b )\\z", "unanchored")]
    public void Layout_of_a_pattern_with_IgnorePatternWhitespace_is_read_as_the_engine_reads_it(string pattern, string? problem)
    {
        var found = AnchoringProblem(pattern, RegexOptions.IgnorePatternWhitespace);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    private static bool EndsInEscapedBackslash(string text)
    {
        var backslashes = text.Length - text.TrimEnd('\\').Length;
        return backslashes % 2 == 1;
    }

    /// <summary>The index of the `]` that closes the class opened at <paramref name="open"/>.</summary>
    private static int EndOfClass(string body, int open)
    {
        var i = open + 1;
        if (i < body.Length && body[i] == '^') i++;
        if (i < body.Length && body[i] == ']') i++; // a leading ']' is a literal
        for (; i < body.Length; i++)
        {
            if (body[i] == '\\') i++;
            else if (body[i] == ']') return i;
        }
        return body.Length;
    }
}
