namespace LiveServer.Api.Interactive;

/// <summary>One gift of the catalogue (<c>Interactive:Gifts</c>): what the audience may send, and what it is worth.</summary>
public sealed class GiftDefinition
{
    /// <summary>The gift's id, 1–64 of <c>[A-Za-z0-9_-]</c>, unique in the catalogue.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Its display name, 1–100 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>What it is worth (coins, say): a positive integer; leaderboards add these up.</summary>
    public int Value { get; set; }
}
