using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// The <c>LiveServer-Signature</c> header of a webhook: <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where the hex
/// is the lower-case HMAC-SHA256 (RFC 2104, FIPS 180-4) under the webhook secret of the bytes
/// <c>"&lt;t&gt;." + raw body</c>. The time is inside what is signed, so a captured request cannot be
/// replayed later with a new <c>t</c>; a receiver refuses a <c>t</c> too far from its clock.
/// Only <c>v1</c> is defined; a receiver ignores other keys, so a later scheme can be sent beside it.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "LiveServer-Signature";

    /// <summary>The header that carries the event's id, the same for every target and attempt.</summary>
    public const string IdHeaderName = "LiveServer-Webhook-Id";

    /// <summary>How far a signature's time may be from the receiver's clock by default.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Create(ReadOnlySpan<byte> key, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var t = at.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(key, t, body))}";
    }

    /// <summary>
    /// True when <paramref name="header"/> has a <c>v1</c> that matches <paramref name="body"/> under
    /// <paramref name="key"/> and a <c>t</c> within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// The comparison takes the same time wherever the first wrong byte is.
    /// </summary>
    public static bool Verify(string? header, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (header is null || !TryParse(header, out var t, out var signatures))
        {
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - t) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Mac(key, t, body);
        var matched = false;
        foreach (var signature in signatures)
        {
            matched |= signature.Length == expected.Length && CryptographicOperations.FixedTimeEquals(signature, expected);
        }

        return matched;
    }

    private static bool TryParse(string header, out long t, out List<byte[]> signatures)
    {
        t = 0;
        signatures = [];
        var hasTime = false;
        foreach (var part in header.Split(','))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq].Trim();
            var value = part[(eq + 1)..].Trim();
            if (name == "t")
            {
                hasTime = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out t);
            }
            else if (name == "v1" && value.Length == 2 * HMACSHA256.HashSizeInBytes)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    // Not hex: not a signature of ours.
                }
            }
        }

        return hasTime && signatures.Count > 0;
    }

    private static byte[] Mac(ReadOnlySpan<byte> key, long t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, signed);
    }
}
