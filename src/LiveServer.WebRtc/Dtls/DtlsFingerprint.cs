// Certificate fingerprints as carried in SDP: RFC 8122 section 5 (the "a=fingerprint" attribute) as
// used by RFC 8827 section 6.5 (WebRTC binds the DTLS certificate to the signalling by this hash).
// Only "sha-256" is supported: every browser offers it and RFC 8122 asks for at least SHA-256. Other
// hash functions (sha-1, sha-384, sha-512) are rejected by Parse; a caller facing an offer with several
// fingerprint attributes picks the sha-256 one.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// The SHA-256 fingerprint of a DER-encoded X.509 certificate, formatted and parsed in the SDP
/// <c>a=fingerprint</c> form: <c>sha-256 AB:CD:...</c> (32 upper-case hex pairs joined by colons).
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>The hash function token of RFC 8122 (the IANA "Hash Function Textual Names" entry).</summary>
    public const string Sha256 = "sha-256";

    /// <summary>Length in bytes of a SHA-256 fingerprint.</summary>
    public const int Sha256Length = 32;

    private readonly byte[] _value;

    private DtlsFingerprint(byte[] value) => _value = value;

    /// <summary>The hash function name, always <see cref="Sha256"/>.</summary>
    public string Algorithm => Sha256;

    /// <summary>The raw 32 hash bytes.</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>The hash as upper-case hex pairs joined by colons, e.g. <c>AB:CD:...</c>.</summary>
    public string HexValue => FormatHex(_value);

    /// <summary>Computes the fingerprint of a DER-encoded certificate.</summary>
    /// <param name="derCertificate">The certificate exactly as sent in the TLS Certificate message.</param>
    /// <returns>The SHA-256 fingerprint.</returns>
    public static DtlsFingerprint FromCertificate(ReadOnlySpan<byte> derCertificate) =>
        new(SHA256.HashData(derCertificate));

    /// <summary>Wraps an already computed SHA-256 hash.</summary>
    /// <param name="sha256">Exactly 32 bytes.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="ArgumentException">The hash is not 32 bytes long.</exception>
    public static DtlsFingerprint FromSha256(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != Sha256Length)
        {
            throw new ArgumentException($"A SHA-256 fingerprint has {Sha256Length} bytes, not {sha256.Length}.", nameof(sha256));
        }

        return new DtlsFingerprint(sha256.ToArray());
    }

    /// <summary>
    /// Parses the value of an SDP fingerprint attribute, <c>sha-256 AB:CD:...</c>. The hash function
    /// name and the hex digits are matched case-insensitively (RFC 8122 section 5 says upper case on
    /// output; peers are not all strict). Leading and trailing white space is ignored.
    /// </summary>
    /// <param name="sdpValue">The attribute value, without the <c>a=fingerprint:</c> prefix.</param>
    /// <param name="fingerprint">The parsed fingerprint when the method returns <see langword="true"/>.</param>
    /// <returns>Whether the value is a well-formed sha-256 fingerprint.</returns>
    public static bool TryParse([NotNullWhen(true)] string? sdpValue, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (sdpValue is null)
        {
            return false;
        }

        ReadOnlySpan<char> text = sdpValue.AsSpan().Trim();
        int space = text.IndexOfAny(' ', '\t');
        if (space < 0 || !text[..space].Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ReadOnlySpan<char> hex = text[(space + 1)..].TrimStart();

        // "XX" followed by 31 times ":XX".
        if (hex.Length != (Sha256Length * 3) - 1)
        {
            return false;
        }

        var value = new byte[Sha256Length];
        for (int i = 0; i < Sha256Length; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                return false;
            }

            if (!byte.TryParse(hex.Slice(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value[i]))
            {
                return false;
            }
        }

        fingerprint = new DtlsFingerprint(value);
        return true;
    }

    /// <summary>Parses the value of an SDP fingerprint attribute; see <see cref="TryParse"/>.</summary>
    /// <param name="sdpValue">The attribute value, e.g. <c>sha-256 AB:CD:...</c>.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="FormatException">The value is not a well-formed sha-256 fingerprint.</exception>
    public static DtlsFingerprint Parse(string sdpValue) =>
        TryParse(sdpValue, out DtlsFingerprint? fingerprint)
            ? fingerprint
            : throw new FormatException($"Not an SDP sha-256 fingerprint (expected \"sha-256 XX:XX:...\" with {Sha256Length} hex pairs).");

    /// <summary>The SDP attribute value, <c>sha-256 AB:CD:...</c>, as written after <c>a=fingerprint:</c>.</summary>
    /// <returns>The formatted value.</returns>
    public string ToSdpValue() => Sha256 + " " + HexValue;

    /// <inheritdoc />
    public override string ToString() => ToSdpValue();

    /// <inheritdoc />
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && _value.AsSpan().SequenceEqual(other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_value, 0);

    private static string FormatHex(byte[] value) =>
        string.Create((value.Length * 3) - 1, value, static (chars, bytes) =>
        {
            const string digits = "0123456789ABCDEF";
            for (int i = 0; i < bytes.Length; i++)
            {
                int at = i * 3;
                if (i > 0)
                {
                    chars[at - 1] = ':';
                }

                chars[at] = digits[bytes[i] >> 4];
                chars[at + 1] = digits[bytes[i] & 0xF];
            }
        });
}
