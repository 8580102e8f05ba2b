namespace LiveServer.Media.Encoding;

/// <summary>Mixed s16le stereo audio in a pooled buffer.</summary>
/// <param name="Buffer">The pooled buffer.</param>
/// <param name="Length">Bytes used.</param>
public readonly record struct AudioChunk(byte[] Buffer, int Length);
