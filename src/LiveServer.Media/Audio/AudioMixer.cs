namespace LiveServer.Media.Audio;

/// <summary>
/// Mixes every participant's audio into one interleaved 16-bit stereo chunk. Sums in 32 bits; when
/// the sum would clip, a limiter lowers the gain at once for the whole chunk (no sample can wrap or
/// clip) and releases it back to unity over about half a second.
/// </summary>
public sealed class AudioMixer
{
    private const float ReleasePerSample = 1f / 24_000f;
    private int[] _sum = new int[3_840];
    private float _gain = 1f;

    /// <summary>The limiter's current gain (1 = no reduction).</summary>
    public float Gain => _gain;

    /// <summary>Fills <paramref name="output"/> with the mix of <paramref name="inputs"/>.</summary>
    public void Mix(IReadOnlyList<PcmJitterBuffer> inputs, Span<short> output)
    {
        if (_sum.Length < output.Length)
        {
            _sum = new int[output.Length];
        }

        var sum = _sum.AsSpan(0, output.Length);
        sum.Clear();
        for (var i = 0; i < inputs.Count; i++)
        {
            inputs[i].MixInto(sum);
        }

        var peak = 0;
        foreach (var sample in sum)
        {
            peak = Math.Max(peak, Math.Abs(sample));
        }

        var limit = peak > short.MaxValue ? (float)short.MaxValue / peak : 1f;
        var start = Math.Min(_gain, limit);
        var end = Math.Min(limit, start + (ReleasePerSample * output.Length / 2));
        var step = (end - start) / output.Length;
        var gain = start;
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = (short)Math.Clamp(MathF.Round(sum[i] * gain), short.MinValue, short.MaxValue);
            gain += step;
        }

        _gain = end;
    }
}
