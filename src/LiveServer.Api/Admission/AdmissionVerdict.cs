namespace LiveServer.Api.Admission;

/// <summary>The outcome of an admission check.</summary>
public enum AdmissionVerdict
{
    /// <summary>It may start.</summary>
    Admitted,

    /// <summary>The configured maximum of livestreams runs already (429).</summary>
    MaxReached,

    /// <summary>The machine is at capacity: the CPU budget would be exceeded or compositors fall behind (503).</summary>
    AtCapacity,
}
