using System.Text;
using BenchmarkDotNet.Attributes;
using LiveServer.WebRtc.Stun;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>
/// An ICE connectivity check as a browser sends it (USERNAME, PRIORITY, ICE-CONTROLLING,
/// USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT): parse plus both checks against parse only.
/// </summary>
[MemoryDiagnoser]
public class StunBindingRequestBenchmarks
{
    private const int Requests = 64;
    private readonly byte[] _key = Encoding.ASCII.GetBytes("s3cr3tIcePasswordOf24chr");
    private byte[] _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, "abcdefghijkl"u8);
        writer.AddUsername("srvUfrag:brwsrUfr");
        writer.AddPriority(1_853_824_767);
        writer.AddIceControlling(0x1122_3344_5566_7788);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(_key);
        writer.AddFingerprint();
        _request = writer.Written.ToArray();
        if (ParseAndVerify() != Requests)
        {
            throw new InvalidOperationException("The request did not verify.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Requests)]
    [BytesPerOperation(100)]
    public int ParseOnly()
    {
        var ok = 0;
        for (var i = 0; i < Requests; i++)
        {
            ok += StunMessage.TryParse(_request, out var message, out _) && message.HasUsername ? 1 : 0;
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    [BytesPerOperation(100)]
    public int ParseAndVerify()
    {
        var ok = 0;
        for (var i = 0; i < Requests; i++)
        {
            ok += StunMessage.TryParse(_request, out var message, out _)
                && message.VerifyMessageIntegrity(_key)
                && message.VerifyFingerprint() ? 1 : 0;
        }

        return ok;
    }
}
