using LiveServer.WebRtc.Dtls;

namespace LiveServer.WebRtc.Tests.Dtls;

public sealed class DtlsRecordHeaderTests
{
    // A DTLS 1.2 handshake record, epoch 0, sequence 0x010203040506, 3 body bytes (ClientHello type first).
    private static readonly byte[] s_record = [22, 0xFE, 0xFD, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00, 0x03, 0x01, 0x00, 0x00];

    [Theory]
    [InlineData(0, false)]
    [InlineData(3, false)]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(22, true)]
    [InlineData(63, true)]
    [InlineData(64, false)]
    [InlineData(128, false)]
    [InlineData(191, false)]
    [InlineData(255, false)]
    public void IsDtls_FirstByte_FollowsRfc7983Ranges(int firstByte, bool expected)
    {
        Assert.Equal(expected, DtlsDemux.IsDtls((byte)firstByte));
        Assert.Equal(expected, DtlsDemux.IsDtls([(byte)firstByte, 0xFE]));
    }

    [Fact]
    public void IsDtls_Empty_False()
    {
        Assert.False(DtlsDemux.IsDtls(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void TryRead_HandshakeRecord_ReadsAllFields()
    {
        Assert.True(DtlsRecordHeader.TryRead(s_record, out DtlsRecordHeader header));

        Assert.Equal(DtlsRecordHeader.Handshake, header.ContentType);
        Assert.Equal(DtlsRecordHeader.Dtls12, header.Version);
        Assert.Equal(0, header.Epoch);
        Assert.Equal(0x010203040506L, header.SequenceNumber);
        Assert.Equal(3, header.Length);
        Assert.Equal(16, header.TotalLength);
        Assert.True(DtlsRecordHeader.IsClientHello(s_record));
    }

    [Fact]
    public void TryRead_TruncatedBody_False()
    {
        Assert.False(DtlsRecordHeader.TryRead(s_record.AsSpan(0, 15), out _));
        Assert.False(DtlsRecordHeader.TryRead(s_record.AsSpan(0, 12), out _));
    }

    [Theory]
    [InlineData(0, 19)]
    [InlineData(0, 25)]
    [InlineData(1, 0x03)]
    public void TryRead_BadTypeOrTlsVersion_False(int offset, int value)
    {
        byte[] record = (byte[])s_record.Clone();
        record[offset] = (byte)value;

        Assert.False(DtlsRecordHeader.TryRead(record, out _));
    }

    [Fact]
    public void CountRecords_TwoRecordsAndTrailingGarbage_CountsTwo()
    {
        byte[] datagram = [.. s_record, .. s_record, 0x17, 0xFE];

        Assert.Equal(2, DtlsRecordHeader.CountRecords(datagram));
    }

    [Fact]
    public void IsClientHello_EncryptedOrOtherMessage_False()
    {
        byte[] epochOne = (byte[])s_record.Clone();
        epochOne[4] = 1;
        byte[] serverHello = (byte[])s_record.Clone();
        serverHello[13] = 2;

        Assert.False(DtlsRecordHeader.IsClientHello(epochOne));
        Assert.False(DtlsRecordHeader.IsClientHello(serverHello));
    }
}
