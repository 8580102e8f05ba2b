using System.Security.Cryptography;
using System.Text;
using LiveServer.Api.Auth;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Webhooks;

/// <summary>
/// The key webhooks are signed with (<see cref="WebhookSignature"/>): the UTF-8 bytes of
/// <c>Webhooks:Secret</c> when it is set; else of a random secret (32 bytes as 64 hex digits) made
/// once and kept in <see cref="FileName"/> beside the database (<c>Storage:Database</c>), readable by
/// the server's user only, so receivers keep verifying across restarts and an operator can read it
/// there. Which one is used is logged once; the secret never is.
/// </summary>
public sealed class WebhookSecret
{
    /// <summary>The file that keeps the generated secret, in the database's folder.</summary>
    public const string FileName = "webhook-secret";

    private readonly byte[] _key;

    /// <summary>Takes the configured secret, or reads (or makes) the file.</summary>
    /// <exception cref="IOException">The file can be neither read nor made.</exception>
    public WebhookSecret(IOptions<WebhookOptions> webhooks, IOptions<StorageOptions> storage, ILogger<WebhookSecret> logger)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        ArgumentNullException.ThrowIfNull(storage);
        if (!string.IsNullOrEmpty(webhooks.Value.Secret))
        {
            _key = Encoding.UTF8.GetBytes(webhooks.Value.Secret);
            logger.LogInformation("Webhooks are signed with Webhooks:Secret");
            return;
        }

        var path = PathFor(storage.Value.Database);
        var (secret, created) = SecretFile.ReadOrCreate(path, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        _key = Encoding.UTF8.GetBytes(secret);
        logger.LogInformation(
            "Webhooks:Secret is not set: webhooks are signed with {Which} secret kept in {SecretPath}", created ? "a new random" : "the", path);
        if (SecretFile.IsReadableByOthers(path))
        {
            logger.LogWarning("{SecretPath} is readable by other users; chmod 600 it", path);
        }
    }

    /// <summary>The HMAC key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>Where the generated secret is kept for the database at <paramref name="database"/>.</summary>
    public static string PathFor(string database) => SecretFile.BesideDatabase(database, FileName);
}
