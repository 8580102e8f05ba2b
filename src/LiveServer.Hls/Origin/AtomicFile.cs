namespace LiveServer.Hls.Origin;

/// <summary>
/// Replaces a file so that a reader sees the old content or the new, never half of it: write a
/// temporary file, flush it to the disk, then rename. The flush comes before the rename so that
/// after a power loss a file under its final name is complete.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));
}
