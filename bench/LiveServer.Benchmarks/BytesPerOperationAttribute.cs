namespace LiveServer.Benchmarks;

/// <summary>How many payload bytes one operation of a benchmark moves, for the MB/s and Gbit/s columns.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}
