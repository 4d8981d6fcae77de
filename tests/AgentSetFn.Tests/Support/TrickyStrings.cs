using System.Globalization;
using System.Text;

namespace AgentSetFn.Tests.Support;

/// <summary>
/// Strings that YAML readers are apt to misread: the families that some YAML 1.1 or 1.2 reader
/// (kubectl's go-yaml, PyYAML, a YAML 1.2 core-schema reader) takes, written plain, for a bool,
/// null, number, timestamp or merge key; strings a plain scalar cannot hold at all; their near
/// misses, which every reader takes as strings; and seeded random ones.
/// </summary>
internal static class TrickyStrings
{
    public static readonly string[] Bools =
    [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ];

    public static readonly string[] Nulls = ["", "~", "null", "Null", "NULL"];

    public static readonly string[] Integers =
    [
        "0", "7", "-1", "+1", "007", "09", "017", "-017", "0o17", "0O17", "+0o17", "0x1F", "0X1f", "0xdeadBEEF", "-0x10", "+0x_1F",
        "0x_", "0b101", "0B101", "-0b101", "0b_1", "1_000", "1__0", "1_", "0_", "+_1", "-_1", "0_x1F", "99999999999999999999",
        "0xFFFFFFFFFFFFFFFFFFFF", "190:20:30", "-1:30", "1:2", "12:30",
    ];

    public static readonly string[] Floats =
    [
        "1.5", "-1.5", "1.", "+1.", ".5", "+.5", "-.5e-3", ".5e+3", "1._5", "1e5", "1E+5", "-1e-5", "1_e5", "1_000.5_5",
        "1.0e5", "190:20:30.15", ".inf", ".Inf", ".INF", "+.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN",
    ];

    public static readonly string[] Timestamps =
    [
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.1Z",
        "2001-12-14T21:59:43Z", "2001-12-14 21:59:43 Z", "2001-12-14T21:59:43+01:00",
    ];

    /// <summary>
    /// Forms no reader at hand misreads, quoted all the same: floats by the YAML 1.1 type
    /// repository's own regex (any dots after the first), and dates and times with one-digit
    /// parts, which go-yaml resolves as timestamps (kubectl then keeps the text; a Go program
    /// decoding into a time.Time does not).
    /// </summary>
    public static readonly string[] QuotedAnyway = ["1.2.3", "0.8.3", ".", "+.", "-.", "1..2", "2001-1-2", "2002-12-14 1:2:3"];

    /// <summary>The merge key and YAML 1.1's value key.</summary>
    public static readonly string[] Keys = ["<<", "="];

    /// <summary>Strings that are no look-alike but cannot be plain: indicators, comments, blanks, line breaks.</summary>
    public static readonly string[] Unsafe =
    [
        "-", "- a", "--flag", "?", "? a", "?a", ":", ": a", ":a", "a:", "a: b", "a:b", "a #b", "a#b", "#a", "#", "&a", "*a", "!a",
        "!!str", "%a", "@a", "`a", "|", "|a", ">", ">a", "'", "'a'", "\"", "\"a\"", "{a}", "[a]", "}", "]", ",a", "a, b",
        " a", "a ", " ", "  ", "---", "--- a", "...", "... a", "a\tb", "\ta", "a\nb", "a\n", "a\nb\n\n", "\na", " a\nb", "a \nb",
        "a\r\nb", "a\\b", "\\", "${DISCORD_BOT_TOKEN}", "http://x:9000/p?q=1#f", "echo \"$HOME\" | sh\n", "a: b\nc: d\n",
        "0x1F\n", "- 0x1F", "on: off", "[on]", "{y: n}", "é", "漢字", "emoji 😀", "\u00a0a", "a\u00a0", "e\u0301", "\u05d0\u05d1", "~a",
    ];

    /// <summary>Near misses: strings every reader takes as strings, which stay plain.</summary>
    public static readonly string[] NearMisses =
    [
        "0x1G", "0xG", "0x", "0b2", "0o8", "0o", "_1", "_", "yesno", "onoff", "truex", "nulls", "Yes!", "yES", "nULL", "tRUE",
        "nan", "NaN", "inf", "Infinity", "1st", "y2k", "no-op", "on-call", "1.2.3a", "0x1F-x", "v1.2", "a1", "x=y", "<<a", "a<<",
        "==", "2001-12-14x", "._5",
    ];

    /// <summary>What some reader at hand (kubectl, PyYAML, a YAML 1.2 core reader) takes for a non-string.</summary>
    public static IEnumerable<string> MisreadLookAlikes => Bools.Concat(Nulls).Concat(Integers).Concat(Floats).Concat(Timestamps).Concat(Keys);

    public static IEnumerable<string> LookAlikes => MisreadLookAlikes.Concat(QuotedAnyway);

    public static IEnumerable<string> All => LookAlikes.Concat(Unsafe).Concat(NearMisses);

    /// <summary>A random look-alike number: any base, sign, case of the prefix, underscores anywhere.</summary>
    public static string RandomNumber(Random random)
    {
        var sign = random.Next(4) switch { 0 => "-", 1 => "+", _ => "" };
        string digits;
        switch (random.Next(6))
        {
            case 0: digits = Pick(random, "0x", "0X") + Digits(random, "0123456789abcdefABCDEF"); break;
            case 1: digits = Pick(random, "0o", "0O", "0") + Digits(random, "01234567"); break;
            case 2: digits = Pick(random, "0b", "0B") + Digits(random, "01"); break;
            case 3: digits = Digits(random, "0123456789") + "." + Digits(random, "0123456789") + (random.Next(2) == 0 ? "" : Pick(random, "e", "E") + Pick(random, "", "+", "-") + Digits(random, "0123456789")); break;
            case 4: digits = Digits(random, "123456789") + ":" + random.Next(60).ToString(CultureInfo.InvariantCulture); break;
            default: digits = Digits(random, "0123456789"); break;
        }
        // Underscores at random places after the first digit: Go's reader drops them all.
        var text = new StringBuilder(digits);
        for (var i = random.Next(3); i > 0; i--) text.Insert(random.Next(1, text.Length + 1), '_');
        return sign + text;
    }

    /// <summary>A random string of printable characters, ASCII or not, YAML indicators among them.</summary>
    public static string RandomText(Random random)
    {
        string[] alphabet =
        [
            "a", "b", "Z", "0", "1", "9", " ", ":", "#", "-", "'", "\"", "{", "}", "[", "]", ",", "&", "*", "!", "|", ">", "%",
            "@", "`", "~", "?", ".", "_", "+", "=", "\\", "/", "$", "x", "e", "é", "ü", "漢", "😀", "\u0301", "\u00a0", "\u200b",
            "\u05d0", "\n", "\t",
        ];
        var text = new StringBuilder();
        for (var i = random.Next(1, 12); i > 0; i--) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }

    /// <summary>Every fixed string once (in a seeded order), then <paramref name="extra"/> random ones.</summary>
    public static List<string> Sample(Random random, int extra)
    {
        var all = All.ToList();
        for (var i = 0; i < extra; i++)
        {
            all.Add(random.Next(3) switch
            {
                0 => RandomNumber(random),
                1 => RandomText(random),
                // A look-alike with something around it, or two glued together.
                _ => Pick(random, [.. LookAlikes]) + Pick(random, "", " ", "\n", "x", "_", ":", " #", "0") + Pick(random, [.. LookAlikes]),
            });
        }
        return [.. all.OrderBy(_ => random.Next())];
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static string Digits(Random random, string alphabet)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 6); i > 0; i--) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }
}
