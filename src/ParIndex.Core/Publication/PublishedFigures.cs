using ParIndex.Core.Scoring;

namespace ParIndex.Core.Publication;

/// <summary>
/// The headline figures of a unit that a publication follows over the years (changes since last year, trend lines): the
/// index (points of 100), the survey points and the SIPAS index (a share). Each comes with its standard error exactly as
/// the engine published it; a withheld or missing figure has none.
/// </summary>
public static class PublishedFigures
{
    public const string Index = "index";
    public const string SurveyPoints = "survey_points";
    public const string Sipas = "sipas";

    /// <summary>The figures a change since last year is estimated for, in the order pages show them.</summary>
    public static readonly IReadOnlyList<string> Tracked = [Index, Sipas, SurveyPoints];

    /// <summary>The value and standard error of <paramref name="figure"/> for <paramref name="unit"/>, or null when not published.</summary>
    public static (double Value, double StandardError)? Of(UnitScore unit, string figure)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return figure switch
        {
            Index => unit.Index is { } v && unit.IndexStandardError is { } s && double.IsFinite(v) && double.IsFinite(s) ? (v, s) : null,
            SurveyPoints => Pair(unit.SurveyPoints),
            Sipas => unit.Sipas.FirstOrDefault(f => f.Code == Sipas)?.Share is { } e ? Pair(e) : null,
            _ => null,
        };
    }

    /// <summary>True when the figure exists for the unit but was withheld (fewer than k respondents).</summary>
    public static bool Withheld(UnitScore unit, string figure)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return figure switch
        {
            Index => unit.Index is null && unit.SurveyPoints.Suppressed,
            SurveyPoints => unit.SurveyPoints.Suppressed,
            Sipas => unit.Sipas.FirstOrDefault(f => f.Code == Sipas)?.Share.Suppressed == true,
            _ => false,
        };
    }

    private static (double, double)? Pair(Estimate e) =>
        e is { Value: { } v, StandardError: { } s } && double.IsFinite(v) && double.IsFinite(s) ? (v, s) : null;
}
