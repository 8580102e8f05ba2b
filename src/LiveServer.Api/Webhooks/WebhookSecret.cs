using System.Security.Cryptography;
using System.Text;
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
        var (secret, created) = ReadOrCreate(path);
        _key = Encoding.UTF8.GetBytes(secret);
        if (created)
        {
            logger.LogInformation("Webhooks:Secret is not set: webhooks are signed with a new random secret, kept in {SecretPath}", path);
        }
        else
        {
            logger.LogInformation("Webhooks:Secret is not set: webhooks are signed with the secret kept in {SecretPath}", path);
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            logger.LogWarning("{SecretPath} is readable by other users; chmod 600 it", path);
        }
    }

    /// <summary>The HMAC key.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>Where the generated secret is kept for the database at <paramref name="database"/>.</summary>
    public static string PathFor(string database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? Path.GetFullPath("."), FileName);
    }

    private static (string Secret, bool Created) ReadOrCreate(string path)
    {
        if (TryRead(path) is { } existing)
        {
            return (existing, false);
        }

        if (File.Exists(path))
        {
            throw new IOException($"{path} is empty: delete it (a new secret is made) or set Webhooks:Secret.");
        }

        // Written to a file of its own and moved into place, so neither a crash mid-write nor a second
        // server starting at the same moment leaves a half-written or different secret behind.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, create))
            {
                file.Write(Encoding.ASCII.GetBytes(secret + "\n"));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return (secret, true);
        }
        catch (IOException) when (TryRead(path) is { } other)
        {
            // Another process made it first: use that one.
            return (other, false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}
