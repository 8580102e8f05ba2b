using System.Globalization;

namespace LiveServer.HubLoad;

/// <summary>
/// The text of a bench chat message: <c>hl {number} {ticks}</c>, the message's number in the run and
/// the sender's <see cref="DateTime.UtcNow"/> in ticks just before it was sent. Every load process is
/// on the same machine, so a viewer's clock and the sender's are the same clock.
/// </summary>
internal static class ChatStamp
{
    private const string Prefix = "hl ";

    public static string Format(int number, long sentTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{number} {sentTicks}");

    public static bool TryParse(string? text, out int number, out long sentTicks)
    {
        number = 0;
        sentTicks = 0;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        var space = rest.IndexOf(' ');
        return space > 0
            && int.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && long.TryParse(rest[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sentTicks);
    }
}
