using System.Text;

namespace LiveServer.Api.Auth;

/// <summary>
/// A secret the server makes once and keeps in a file of its own beside the database, readable by
/// the server's user only (mode 600), so what was signed with it stays valid across restarts.
/// </summary>
public static class SecretFile
{
    /// <summary>The file <paramref name="fileName"/> in the folder of the database at <paramref name="database"/> (<c>Storage:Database</c>).</summary>
    public static string BesideDatabase(string database, string fileName)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(fileName);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database)) ?? Path.GetFullPath("."), fileName);
    }

    /// <summary>
    /// The secret kept at <paramref name="path"/>; when there is no such file, one made by
    /// <paramref name="create"/> and written there. Created is true when this call wrote it.
    /// </summary>
    /// <exception cref="IOException">The file is empty, or can be neither read nor made.</exception>
    public static (string Secret, bool Created) ReadOrCreate(string path, Func<string> create)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(create);
        if (TryRead(path) is { } existing)
        {
            return (existing, false);
        }

        if (File.Exists(path))
        {
            throw new IOException($"{path} is empty: delete it and a new secret is made.");
        }

        // Written to a file of its own and moved into place, so neither a crash mid-write nor a second
        // process making it at the same moment leaves a half-written or different secret behind.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = create();
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(Encoding.UTF8.GetBytes(secret + "\n"));
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

    /// <summary>True when users other than the owner may read the file at <paramref name="path"/>.</summary>
    public static bool IsReadableByOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;

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
