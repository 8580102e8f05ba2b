using System.ComponentModel.DataAnnotations;

namespace LiveServer.Api.Admission;

/// <summary>
/// Admission control, section <c>Admission</c>: how many livestreams may run and how much CPU they
/// may take, so that one more start is refused instead of degrading every running stream.
/// </summary>
public sealed class AdmissionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Admission";

    /// <summary>The share of the machine's cores that is the default budget (the rest is headroom for the host, ingest and HTTP).</summary>
    public const double DefaultBudgetShare = 0.85;

    /// <summary>Livestreams that may run at once; beyond it a start gets 429.</summary>
    [Range(1, 10_000, ErrorMessage = "Admission:MaxLivestreams must be between 1 and 10000.")]
    public int MaxLivestreams { get; set; } = 32;

    /// <summary>CPU cores livestreams may use; 0 for <see cref="DefaultBudgetShare"/> of the machine's processor count.</summary>
    [Range(0.0, 1024.0, ErrorMessage = "Admission:CpuBudgetCores must be between 0 (automatic) and 1024.")]
    public double CpuBudgetCores { get; set; }

    /// <summary>Estimated cores of one low (360p) livestream with four participants.</summary>
    [Range(0.01, 64.0, ErrorMessage = "Admission:CostLowCores must be between 0.01 and 64.")]
    public double CostLowCores { get; set; } = 0.3;

    /// <summary>Estimated cores of one med (720p) livestream with four participants.</summary>
    [Range(0.01, 64.0, ErrorMessage = "Admission:CostMedCores must be between 0.01 and 64.")]
    public double CostMedCores { get; set; } = 0.5;

    /// <summary>Estimated cores of one high (1080p) livestream with four participants.</summary>
    [Range(0.01, 64.0, ErrorMessage = "Admission:CostHighCores must be between 0.01 and 64.")]
    public double CostHighCores { get; set; } = 1.5;

    /// <summary>Estimated cores of one audio-only livestream.</summary>
    [Range(0.01, 64.0, ErrorMessage = "Admission:CostAudioCores must be between 0.01 and 64.")]
    public double CostAudioCores { get; set; } = 0.05;

    /// <summary>How far back the measured load (CPU of the process tree, late compositor ticks) looks.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Admission:LoadWindow must be between 1 s and 1 min.")]
    public TimeSpan LoadWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The share of compositor ticks in <see cref="LoadWindow"/> that may be late before the machine counts as falling behind.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Admission:LateTickShare must be between 0 and 1.")]
    public double LateTickShare { get; set; } = 0.2;

    /// <summary>The <c>Retry-After</c> sent with a refusal.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Admission:RetryAfter must be between 1 s and 1 h.")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The budget in cores: <see cref="CpuBudgetCores"/>, or the default share of the machine.</summary>
    public double BudgetCores => CpuBudgetCores > 0 ? CpuBudgetCores : Math.Round(Environment.ProcessorCount * DefaultBudgetShare, 2);
}
