namespace LiveServer.WebRtc.Sdp;

/// <summary>Why an SDP offer was refused, naming the offending line when there is one.</summary>
/// <param name="Code">The kind of problem.</param>
/// <param name="Message">A sentence for logs and for the 4xx response.</param>
/// <param name="LineNumber">1-based line number, or 0 when the problem is an absence.</param>
/// <param name="Line">The offending line's text (cut to 120 characters), when there is one.</param>
public sealed record SdpError(SdpErrorCode Code, string Message, int LineNumber = 0, string? Line = null)
{
    /// <inheritdoc/>
    public override string ToString() =>
        LineNumber > 0 ? $"line {LineNumber} \"{Line}\": {Message}" : Message;
}
