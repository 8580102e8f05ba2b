using LiveServer.Media.Cmaf;

namespace LiveServer.Media.Encoding;

/// <summary>A finished fragment (an LL-HLS part) of one rendition, as the encoder wrote it.</summary>
/// <param name="Rendition">Index of the rendition in the ladder.</param>
/// <param name="Init">The initialization section the fragment belongs to (a new one after an encoder restart).</param>
/// <param name="Fragment">moof + mdat with the lead track's timing.</param>
/// <param name="ProgramDateTime">The wall-clock time the fragment's first frame was composed.</param>
public sealed record RenditionFragment(int Rendition, CmafInit Init, CmafFragment Fragment, DateTimeOffset ProgramDateTime)
{
    /// <summary>True for the first fragment of a restarted encoder: the playlists mark a discontinuity before it.</summary>
    public bool Discontinuity { get; init; }
}
