using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>An invalid setting stops the server at start with a message that names the key.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Media:SpeakerTakeOver", "00:00:00.010")]
    [InlineData("Media:SpeechThresholdDbov", "200")]
    [InlineData("Media:EncoderPreset", "placebo")]
    [InlineData("Hls:SegmentDuration", "00:00:30")]
    [InlineData("Hls:LiveWindowSegments", "1")]
    [InlineData("Hls:PublicBaseUrl", "not a url")]
    [InlineData("WebRtc:UdpPort", "70000")]
    [InlineData("WebRtc:PublicAddresses:0", "not-an-ip")]
    [InlineData("Auth:Secret", "shorter-than-32-bytes")]
    [InlineData("Auth:ClockSkew", "01:00:00")]
    [InlineData("Hls:SignedUrlLifetime", "00:00:01")]
    [InlineData("Limits:MaxRequestBodySize", "10")]
    [InlineData("Limits:RateLimitWindow", "00:00:00")]
    [InlineData("Limits:RestRequestsPerWindow", "0")]
    [InlineData("Limits:WhipRequestsPerWindow", "0")]
    [InlineData("Limits:MaxRooms", "0")]
    [InlineData("Limits:MaxParticipantsPerRoom", "0")]
    [InlineData("Limits:MaxWhipSessionsPerClient", "0")]
    public async Task Start_InvalidSetting_FailsNamingTheKey(string key, string value)
    {
        await using var factory = new LiveServerFactory(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        var section = key.Split(':')[0];
        var name = key.Split(':')[1];
        Assert.Contains($"{section}:{name}", error.Message, StringComparison.Ordinal);
    }
}
