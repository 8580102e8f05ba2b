namespace LiveServer.Hls.Tests.TestKit;

/// <summary>A fresh temporary folder, deleted with everything in it at Dispose.</summary>
internal class TempFolder : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("liveserver-hls-tests-").FullName;

    public string PathOf(string file) => Path.Combine(Folder, file);

    public string ReadText(string file) => File.ReadAllText(PathOf(file));

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
