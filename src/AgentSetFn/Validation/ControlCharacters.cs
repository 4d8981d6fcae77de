using KrmFn;

namespace AgentSetFn.Validation;

/// <summary>
/// The one rule on control characters (U+0000-U+001F, U+007F-U+009F) in the AgentSet's strings.
/// An identifier (a name, key, path, ID, image, URL, token) holds none: a trailing newline in
/// one becomes part of a directory name, a mount path, an S3 key or a command's argument, and
/// a NUL cannot pass to a process at all. Free text (AGENTS.md, a prompt, an environment value,
/// an argument, an annotation value) may hold tabs and line breaks, and no other control
/// character. Messages name the character and its position, never the value (it may be a token).
/// </summary>
internal static class ControlCharacters
{
    /// <summary>Why <paramref name="value"/> is not a usable identifier, or null.</summary>
    public static string? InIdentifier(string value) =>
        Find(value, text: false) is { } at
            ? $"contains a control character ({Describe(value[at])}) at position {at + 1}: names, keys, paths, IDs and URLs cannot hold one (a trailing newline or NUL included)"
            : null;

    /// <summary>Why <paramref name="value"/> is not usable as text, or null.</summary>
    public static string? InText(string value) =>
        Find(value, text: true) is { } at
            ? $"contains a control character ({Describe(value[at])}) at position {at + 1}: text may hold tabs and line breaks, but no other control character"
            : null;

    private static int? Find(string value, bool text)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]) && !(text && value[i] is '\t' or '\n' or '\r')) return i;
        }
        return null;
    }

    private static string Describe(char c) => $"U+{(int)c:X4}, shown as {KrmResult.Escape(c)}";
}
