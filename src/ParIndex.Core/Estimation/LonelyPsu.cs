namespace ParIndex.Core.Estimation;

/// <summary>
/// What to do with a stratum that has a single sampled PSU, as R's
/// <c>options(survey.lonely.psu = ...)</c> (survey 4.1).
/// </summary>
public enum LonelyPsu
{
    /// <summary>Throw <see cref="LonelyPsuException"/> (R's default, <c>"fail"</c>).</summary>
    Fail,

    /// <summary>The stratum contributes zero variance (a certainty PSU).</summary>
    Certainty,

    /// <summary>The PSU total is centred at zero (the grand mean of an influence function) instead of the stratum mean.</summary>
    Adjust,

    /// <summary>The stratum is dropped and the variance is scaled by strata / strata-with-variance.</summary>
    Average,
}

/// <summary>Thrown when a stratum has one PSU and <see cref="LonelyPsu.Fail"/> is in force.</summary>
public sealed class LonelyPsuException(string message) : InvalidOperationException(message);
