// RFC 8122 section 5: a=fingerprint:<hash-func> <hex pairs separated by colons>.
using System.Globalization;
using System.Text;

namespace LiveServer.WebRtc.Sdp;

/// <summary>A certificate fingerprint as carried in a=fingerprint.</summary>
public sealed record SdpFingerprint
{
    private SdpFingerprint(string algorithm, string value)
    {
        Algorithm = algorithm;
        Value = value;
    }

    /// <summary>The hash function name in lower case, e.g. "sha-256".</summary>
    public string Algorithm { get; }

    /// <summary>The hash as upper-case hex pairs separated by colons.</summary>
    public string Value { get; }

    /// <summary>Parses the value of an a=fingerprint attribute.</summary>
    /// <param name="text">"&lt;hash-func&gt; &lt;fingerprint&gt;".</param>
    /// <param name="fingerprint">The fingerprint.</param>
    /// <returns><see langword="false"/> when the text is not of that form.</returns>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return false;
        }

        var algorithm = text[..space];
        var hex = text[(space + 1)..].Trim();
        if (hex.Length < 2 || (hex.Length + 1) % 3 != 0)
        {
            return false;
        }

        for (var i = 0; i < hex.Length; i++)
        {
            var ok = i % 3 == 2 ? hex[i] == ':' : char.IsAsciiHexDigit(hex[i]);
            if (!ok)
            {
                return false;
            }
        }

        foreach (var c in algorithm)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        fingerprint = new SdpFingerprint(algorithm.ToLowerInvariant(), hex.ToUpperInvariant());
        return true;
    }

    /// <summary>Builds a fingerprint from a hash.</summary>
    /// <param name="algorithm">The hash function name, e.g. "sha-256".</param>
    /// <param name="hash">The certificate hash.</param>
    /// <returns>The fingerprint.</returns>
    public static SdpFingerprint FromHash(string algorithm, ReadOnlySpan<byte> hash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(algorithm);
        if (hash.IsEmpty)
        {
            throw new ArgumentException("The hash is empty.", nameof(hash));
        }

        var builder = new StringBuilder((hash.Length * 3) - 1);
        for (var i = 0; i < hash.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(hash[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return new SdpFingerprint(algorithm.ToLowerInvariant(), builder.ToString());
    }

    /// <summary>The hash bytes.</summary>
    /// <returns>A new array with the hash.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[(Value.Length + 1) / 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(Value.AsSpan(i * 3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    /// <summary>The attribute value: "&lt;hash-func&gt; &lt;fingerprint&gt;".</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Algorithm} {Value}";
}
