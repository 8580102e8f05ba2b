using System.Text;

namespace LiveServer.Media.Compositing;

/// <summary>The initials a placeholder shows for a participant without a picture.</summary>
public static class Initials
{
    private static readonly char[] WordSeparators = [' ', '\t', '\n', '\r', '-', '_', '.'];

    /// <summary>
    /// One or two upper-case letters: the first letter (or digit) of the first and of the last word of
    /// <paramref name="name"/> ("Ada Lovelace" → "AL", "ada" → "A"); "?" when the name has none.
    /// </summary>
    public static string Of(string? name)
    {
        var letters = (name ?? string.Empty)
            .Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries)
            .Select(FirstLetter)
            .OfType<Rune>()
            .Select(Rune.ToUpperInvariant)
            .ToList();
        return letters.Count switch
        {
            0 => "?",
            1 => letters[0].ToString(),
            _ => string.Concat(letters[0].ToString(), letters[^1].ToString()),
        };
    }

    private static Rune? FirstLetter(string word)
    {
        foreach (var rune in word.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return rune;
            }
        }

        return null;
    }
}
