using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;

namespace LiveServer.WebRtc.Tests.Dtls;

public sealed class DtlsServerTransportOptionsTests
{
    public static TheoryData<DtlsServerTransportOptions, string> InvalidOptions => new()
    {
        { new DtlsServerTransportOptions { HandshakeTimeout = TimeSpan.Zero }, nameof(DtlsServerTransportOptions.HandshakeTimeout) },
        { new DtlsServerTransportOptions { InitialRetransmitTimeout = TimeSpan.Zero }, nameof(DtlsServerTransportOptions.InitialRetransmitTimeout) },
        { new DtlsServerTransportOptions { MaxSendDatagramSize = 100 }, nameof(DtlsServerTransportOptions.MaxSendDatagramSize) },
        { new DtlsServerTransportOptions { MaxReceiveDatagramSize = 70000 }, nameof(DtlsServerTransportOptions.MaxReceiveDatagramSize) },
        { new DtlsServerTransportOptions { ReceiveQueueCapacity = 0 }, nameof(DtlsServerTransportOptions.ReceiveQueueCapacity) },
        { new DtlsServerTransportOptions { SrtpProfiles = [] }, nameof(DtlsServerTransportOptions.SrtpProfiles) },
        { new DtlsServerTransportOptions { SrtpProfiles = [0x0002] }, nameof(DtlsServerTransportOptions.SrtpProfiles) },
    };

    [Fact]
    public void Validate_Defaults_Pass()
    {
        DtlsServerTransportOptions.Default.Validate();

        Assert.Equal([DtlsSrtpProfile.AeadAes128Gcm, DtlsSrtpProfile.Aes128CmHmacSha1Tag80], DtlsServerTransportOptions.Default.SrtpProfiles);
        Assert.Equal(1200, DtlsServerTransportOptions.Default.MaxSendDatagramSize);
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_OutOfRange_ThrowsNamingTheProperty(DtlsServerTransportOptions options, string property)
    {
        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(property, exception.ParamName);
        Assert.Contains(property, exception.Message);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DtlsServerTransport(
            DtlsLoopback.ServerCertificate,
            TestClientIdentity.Shared.Fingerprint,
            new DatagramPipe(),
            new DtlsServerTransportOptions { ReceiveQueueCapacity = 0 }));
    }
}
