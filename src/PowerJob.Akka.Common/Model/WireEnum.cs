namespace PowerJob.Akka.Model;

/// <summary>
/// PowerJob names its enums in upper snake case on the wire (MAP_REDUCE, FIXED_RATE, HEALTH_FIRST);
/// these convert both ways, accepting any letter case, the code number, or the C# name — exactly one value: .NET's own
/// parser would read "API,CRON" as a combination of flags and so as another member.
/// </summary>
public static class WireEnum
{
    public static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            if (!Enum.IsDefined(typeof(T), code)) return false;
            value = (T)Enum.ToObject(typeof(T), code);
            return true;
        }
        if (!trimmed.All(c => char.IsAsciiLetter(c) || c == '_')) return false;
        return Enum.TryParse(trimmed.Replace("_", ""), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Allowed<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Select(v => $"{Name(v)} ({Convert.ToInt32(v)})"));
}
