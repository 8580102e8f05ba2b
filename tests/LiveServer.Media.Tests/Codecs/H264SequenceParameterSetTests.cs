using LiveServer.Media.Codecs;

namespace LiveServer.Media.Tests.Codecs;

/// <summary>SPS bytes as x264 (via FFmpeg 5.1) writes them, with start codes, for known picture sizes.</summary>
public sealed class H264SequenceParameterSetTests
{
    [Theory]
    [InlineData("000000016742c01ed900a02ff970110000030001000003003c0f162e48", 640, 360)] // baseline, cropped from 368
    [InlineData("0000000167640028acd940780227e5c044000003000400000300f03c60c658", 1920, 1080)] // high, cropped from 1088
    [InlineData("00000001674d401feca02802dd8088000003000800000301e078c18cb0", 1280, 720)] // main, no cropping
    [InlineData("000000016764000dacd94150878888c044000003000400000300f03c50a658", 322, 242)] // high, odd crop on both axes
    public void TryReadSize_X264Sps_ReadsCroppedSize(string hex, int width, int height)
    {
        Assert.True(H264SequenceParameterSet.TryReadSize(Convert.FromHexString(hex), out var w, out var h));

        Assert.Equal((width, height), (w, h));
    }

    [Fact]
    public void TryReadSize_SpsAfterAccessUnitDelimiterAndBeforeSlice_Found()
    {
        var unit = Convert.FromHexString("0000000109f0" + "00000001674d401feca02802dd8088000003000800000301e078c18cb0" + "0000000168ee3c80" + "0000016588840000");

        Assert.True(H264SequenceParameterSet.TryReadSize(unit, out var w, out var h));

        Assert.Equal((1280, 720), (w, h));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00000001")]
    [InlineData("0000000167")]
    [InlineData("000000016742c01e")]
    [InlineData("0000000165888400")] // an IDR slice, no SPS
    public void TryReadSize_NoCompleteSps_False(string hex)
    {
        Assert.False(H264SequenceParameterSet.TryReadSize(Convert.FromHexString(hex), out _, out _));
    }

    [Fact]
    public void TryReadSize_RandomAndTruncatedInput_RefusesOrGivesASaneSize()
    {
        var random = new Random(6184);
        var sps = Convert.FromHexString("0000000167640028acd940780227e5c044000003000400000300f03c60c658");
        var refused = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var input = i % 2 == 0 ? sps[..random.Next(sps.Length)] : RandomNal(random);
            if (H264SequenceParameterSet.TryReadSize(input, out var width, out var height))
            {
                Assert.InRange(width, 1, 16_384);
                Assert.InRange(height, 1, 16_384);
            }
            else
            {
                refused++;
            }
        }

        Assert.True(refused > 5_000, $"only {refused} refused");
    }

    private static byte[] RandomNal(Random random)
    {
        var bytes = new byte[random.Next(5, 64)];
        random.NextBytes(bytes);
        bytes[0] = 0;
        bytes[1] = 0;
        bytes[2] = 1;
        bytes[3] = 0x67;
        return bytes;
    }
}
