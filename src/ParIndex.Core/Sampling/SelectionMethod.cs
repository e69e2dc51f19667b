namespace ParIndex.Core.Sampling;

/// <summary>How units are selected within a stratum or a selected cluster. See docs/sampling.md § Algorithms.</summary>
public enum SelectionMethod
{
    /// <summary>Take every unit (π = 1): e.g. all council delegates.</summary>
    Census,
    /// <summary>Simple random sampling without replacement, π = n/N.</summary>
    Srs,
    /// <summary>Equal-probability systematic sampling with fractional interval N/n and a random start, π = n/N.</summary>
    Systematic,
    /// <summary>Systematic πps (R <c>UPsystematic</c>), exact π, frame order matters.</summary>
    PpsSystematic,
    /// <summary>Brewer's πps without replacement (R <c>UPbrewer</c>), exact π.</summary>
    PpsBrewer,
    /// <summary>Sampford's rejective πps without replacement (R <c>UPsampford</c>), exact π.</summary>
    PpsSampford,
}

public static class SelectionMethodExtensions
{
    public static bool UsesSize(this SelectionMethod m) =>
        m is SelectionMethod.PpsSystematic or SelectionMethod.PpsBrewer or SelectionMethod.PpsSampford;

    /// <summary>Parses the design-file spelling (case-insensitive): census, srs, systematic, pps-systematic, pps-brewer, pps-sampford.</summary>
    public static SelectionMethod Parse(string text) => text.Trim().ToLowerInvariant().Replace('_', '-') switch
    {
        "census" or "all" => SelectionMethod.Census,
        "srs" or "srswor" => SelectionMethod.Srs,
        "systematic" or "sys" => SelectionMethod.Systematic,
        "pps-systematic" or "pps" or "upsystematic" => SelectionMethod.PpsSystematic,
        "pps-brewer" or "brewer" or "upbrewer" => SelectionMethod.PpsBrewer,
        "pps-sampford" or "sampford" or "upsampford" => SelectionMethod.PpsSampford,
        _ => throw new FormatException($"Unknown selection method '{text}'. Use census, srs, systematic, pps-systematic, pps-brewer or pps-sampford."),
    };

    public static string ToDesignName(this SelectionMethod m) => m switch
    {
        SelectionMethod.Census => "census",
        SelectionMethod.Srs => "srs",
        SelectionMethod.Systematic => "systematic",
        SelectionMethod.PpsSystematic => "pps-systematic",
        SelectionMethod.PpsBrewer => "pps-brewer",
        SelectionMethod.PpsSampford => "pps-sampford",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };
}
