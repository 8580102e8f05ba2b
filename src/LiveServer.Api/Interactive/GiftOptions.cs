using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Interactive;

/// <summary>The gifts' keys of the <c>Interactive</c> configuration section; <see cref="GiftOptionsValidation"/> checks the catalogue.</summary>
public sealed class GiftOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = ReactionOptions.SectionName;

    /// <summary>The catalogue (<c>Interactive:Gifts</c>), in the order it is listed to the audience.</summary>
    public IList<GiftDefinition> Gifts { get; } = [];

    /// <summary>Gifts one sender may send per second in a room, once its burst is spent (a token bucket).</summary>
    [Range(1, 1000, ErrorMessage = "Interactive:GiftsPerSecond must be between 1 and 1000.")]
    public int GiftsPerSecond { get; set; } = 2;

    /// <summary>Gifts one sender may send at once before the rate applies (the bucket's size).</summary>
    [Range(1, 10000, ErrorMessage = "Interactive:GiftBurst must be between 1 and 10000.")]
    public int GiftBurst { get; set; } = 10;
}
