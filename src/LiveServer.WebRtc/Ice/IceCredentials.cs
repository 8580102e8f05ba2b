// ICE credentials of the local (ICE-lite) side: RFC 8445 section 5.3 and RFC 8839 section 5.4. The
// ufrag carries at least 24 bits and the password at least 128 bits of randomness; both use only
// ice-chars (ALPHA / DIGIT / "+" / "/"). The ufrag is also the key the endpoint demultiplexes STUN
// requests with, so it must be unique among live sessions; the endpoint retries on a collision.
using System.Security.Cryptography;
using System.Text;

namespace LiveServer.WebRtc.Ice;

/// <summary>The local ufrag and password of one session, with the password's UTF-8 bytes cached for HMAC.</summary>
internal sealed class IceCredentials
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // 8 chars = 48 bits (the ufrag is public in the answer; it only needs to be unique), 32 chars = 192 bits.
    private const int UfragLength = 8;
    private const int PasswordLength = 32;

    private IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
        PasswordBytes = Encoding.ASCII.GetBytes(password);
    }

    /// <summary>The local username fragment, the part before ':' in USERNAME of requests we receive.</summary>
    public string Ufrag { get; }

    /// <summary>The local password; MESSAGE-INTEGRITY of requests and responses is keyed with it.</summary>
    public string Password { get; }

    /// <summary>The password as the HMAC key (RFC 8489 9.1.1 short-term credential: the UTF-8 bytes).</summary>
    public byte[] PasswordBytes { get; }

    /// <summary>Creates fresh random credentials.</summary>
    public static IceCredentials Create() =>
        new(RandomNumberGenerator.GetString(IceChars, UfragLength), RandomNumberGenerator.GetString(IceChars, PasswordLength));
}
