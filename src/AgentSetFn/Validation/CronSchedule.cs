using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime.TimeZones;

namespace AgentSetFn.Validation;

/// <summary>
/// Checks a five-field cron schedule (minute hour day-of-month month day-of-week) the way
/// openab will read it: openab prefixes "0 " for seconds and hands it to the Rust `cron` crate
/// (src/cron.rs, parse_cron_expr), which counts days of the week 1 = Sunday to 7 = Saturday
/// (Quartz), not crontab's 0/7 = Sunday, 1 = Monday. A schedule openab refuses stops the pod
/// at start, so it is an error here; a numeric day of week is valid but means a different
/// day than in crontab, so it is a warning.
/// Accepted: `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, and the names
/// JAN-DEC and SUN-SAT. The crate's extensions (`?`, `L`, `#`, `W`) are refused as not portable.
/// </summary>
internal static partial class CronSchedule
{
    private sealed record Field(string Name, int Min, int Max, string[]? Names = null);

    private static readonly Field[] Fields =
    [
        new("minute", 0, 59),
        new("hour", 0, 23),
        new("day of month", 1, 31),
        new("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        new("day of week", 1, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    /// <summary>An error (the schedule cannot run) and/or a warning (it runs, perhaps not as meant).</summary>
    public static (string? Error, string? Warning) Check(string schedule)
    {
        var parts = schedule.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
            return ($"`{schedule}` has {parts.Length} field(s); a schedule has five: minute hour day-of-month month day-of-week (e.g. \"0 9 * * MON-FRI\")", null);
        var numericWeekday = false;
        for (var i = 0; i < Fields.Length; i++)
        {
            if (CheckField(parts[i], Fields[i], ref numericWeekday) is { } problem)
                return ($"`{schedule}`: {Fields[i].Name} `{parts[i]}` {problem}", null);
        }
        return (null, numericWeekday
            ? $"`{schedule}` gives the day of week as a number: openab (the Rust cron crate) counts 1 = Sunday to 7 = Saturday, not crontab's 1 = Monday, so `1-5` fires Sunday to Thursday; write day names (MON-FRI) to say what you mean"
            : null);
    }

    private static string? CheckField(string text, Field field, ref bool numericWeekday)
    {
        foreach (var item in text.Split(','))
        {
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            var range = slash < 0 ? item : item[..slash];
            if (slash >= 0)
            {
                if (!int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1 || step > field.Max)
                    return $"has a step that is not a number from 1 to {field.Max}";
                if (range != "*" && !range.Contains('-', StringComparison.Ordinal))
                    return "has a step after a single value: put it after * or a range (e.g. */15, 0-30/10)";
            }
            if (range == "*") continue;
            var bounds = range.Split('-');
            if (bounds.Length > 2 || bounds.Any(b => b.Length == 0))
                return $"is not a value, a range (a-b), a step (*/n) or a list (a,b) of {field.Name}s";
            var values = new List<int>();
            foreach (var bound in bounds)
            {
                if (Value(bound, field, ref numericWeekday, out var value) is { } problem) return problem;
                values.Add(value);
            }
            if (values.Count == 2 && values[0] > values[1])
                return $"runs backwards ({bounds[0]} is after {bounds[1]}); split it into two ranges";
        }
        return null;
    }

    private static string? Value(string text, Field field, ref bool numericWeekday, out int value)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            if (field.Names is { Length: 7 })
            {
                if (value == 0) return "uses 0 for Sunday, which openab refuses at start (it counts 1 = Sunday to 7 = Saturday): write SUN";
                numericWeekday = true;
            }
            return value >= field.Min && value <= field.Max ? null : $"is out of range ({field.Min}-{field.Max})";
        }
        var index = field.Names is null ? -1 : Array.IndexOf(field.Names, text.ToUpperInvariant());
        if (index >= 0)
        {
            value = field.Min + index;
            return null;
        }
        return field.Names is null
            ? $"is not a number from {field.Min} to {field.Max}" + (text.IndexOfAny(['?', 'L', '#', 'W']) >= 0 ? " (?, L, # and W are not supported)" : "")
            : $"is not a number from {field.Min} to {field.Max} or one of {field.Names[0]}-{field.Names[^1]}";
    }

    /// <summary>
    /// The IANA time zone database, as NodaTime embeds it: the database chrono-tz (which openab
    /// parses `timezone` with, case-sensitively) compiles in too, links included (UTC, Etc/GMT+5,
    /// US/Eastern), and the same on every machine the function runs on. Loaded on first use.
    /// </summary>
    private static readonly Lazy<(TzdbDateTimeZoneSource Source, HashSet<string> Ids, string[] Sorted)> Tzdb = new(() =>
    {
        var source = TzdbDateTimeZoneSource.Default;
        var ids = source.GetIds().ToHashSet(StringComparer.Ordinal);
        return (source, ids, [.. ids.Order(StringComparer.Ordinal)]);
    });

    /// <summary>The tz database release the zones are checked against (e.g. 2025b).</summary>
    internal static string TzdbVersion => Tzdb.Value.Source.TzdbVersion;

    // UTC+2, GMT-5: what people write for a fixed offset; the tz database has it as Etc/GMT-2,
    // Etc/GMT+5 (POSIX signs: west of Greenwich is +).
    [GeneratedRegex(@"\A(?:UTC|GMT)([+-])([0-9]{1,2})\z", RegexOptions.IgnoreCase)]
    private static partial Regex FixedOffset();

    /// <summary>Null when openab will accept the zone; otherwise why not, with the zone that was probably meant.</summary>
    public static string? TimezoneProblem(string zone)
    {
        var (_, ids, sorted) = Tzdb.Value;
        if (ids.Contains(zone)) return null;
        var problem = $"`{zone}` is not a time zone of the IANA tz database (tzdb {TzdbVersion}), whose names (case-sensitive) are the only ones openab accepts: ";
        return Suggest(zone, sorted) is { } suggestion
            ? problem + $"did you mean `{suggestion.Zone}`?{suggestion.Note}"
            : problem + "write a zone name such as UTC, Europe/Berlin or America/New_York";
    }

    private static (string Zone, string Note)? Suggest(string zone, string[] ids)
    {
        if (ids.FirstOrDefault(id => string.Equals(id, zone, StringComparison.OrdinalIgnoreCase)) is { } sameLetters)
            return (sameLetters, "");
        if (FixedOffset().Match(zone) is { Success: true } offset)
        {
            var hours = int.Parse(offset.Groups[2].Value, CultureInfo.InvariantCulture);
            var candidate = hours == 0 ? "Etc/GMT" : $"Etc/GMT{(offset.Groups[1].Value == "+" ? "-" : "+")}{hours}";
            if (Array.BinarySearch(ids, candidate, StringComparer.Ordinal) >= 0)
                return (candidate, " (the tz database's name for a fixed offset inverts the sign: west of Greenwich is +)");
        }
        // A city alone ("Berlin", "new york"): the zone named after it, a canonical one first.
        var city = "/" + zone.Replace(' ', '_');
        var byCity = ids.Where(id => id.EndsWith(city, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byCity.Count > 0) return (byCity.FirstOrDefault(IsCanonical) ?? byCity[0], "");
        return MappingReader.Suggest(zone, ids) is { } near ? (near, "") : null;
    }

    private static bool IsCanonical(string id) =>
        Tzdb.Value.Source.CanonicalIdMap.TryGetValue(id, out var canonical) && canonical == id;
}
