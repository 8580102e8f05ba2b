using LiveServer.Domain.Participants;

namespace LiveServer.Domain.Tests.Participants;

public sealed class EncodedFrameTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Constructor_NoLevelGiven_LevelUnknown()
    {
        var frame = new EncodedFrame(MediaCodec.Opus, true, 960, Now, new byte[] { 0xfc });

        Assert.Null(frame.AudioLevelDbov);
    }

    [Fact]
    public void Constructor_Rfc6464Level_Carried()
    {
        var frame = new EncodedFrame(MediaCodec.Opus, true, 960, Now, new byte[] { 0xfc }, AudioLevelDbov: 42);

        Assert.Equal(42, frame.AudioLevelDbov);
        Assert.Equal((0, 0), (frame.Width, frame.Height));
    }
}
