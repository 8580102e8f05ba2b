using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Checks the gift catalogue at start: every entry has an id of 1–64 of <c>[A-Za-z0-9_-]</c> that no
/// other entry has, a name of 1–100 characters and a positive value; each failure names its key
/// (<c>Interactive:Gifts:2:Value</c>).
/// </summary>
public sealed class GiftOptionsValidation : IValidateOptions<GiftOptions>
{
    /// <summary>The most characters a gift id may have.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The most characters a gift name may have.</summary>
    public const int MaxNameLength = 100;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GiftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Gifts.Count; i++)
        {
            var gift = options.Gifts[i];
            var key = $"Interactive:Gifts:{i}";
            if (gift.Id is not { Length: > 0 and <= MaxIdLength } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                failures.Add($"{key}:Id must be 1 to {MaxIdLength} characters of A-Z, a-z, 0-9, '_' and '-'.");
            }
            else if (!seen.TryAdd(id, i))
            {
                failures.Add($"{key}:Id '{id}' is already the id of Interactive:Gifts:{seen[id]}; gift ids must be unique.");
            }

            if (string.IsNullOrWhiteSpace(gift.Name) || gift.Name.Length > MaxNameLength)
            {
                failures.Add($"{key}:Name must be 1 to {MaxNameLength} characters.");
            }

            if (gift.Value <= 0)
            {
                failures.Add($"{key}:Value must be a positive integer (it is {gift.Value}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
