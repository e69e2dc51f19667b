namespace ParIndex.Core.Scoring;

/// <summary>
/// A question whose answer splits SIPAS into domains: the service field ("field") or the channel ("channel") a citizen
/// used. SIPAS is computed for every answer code seen (figure code "field:health"), per unit and per unit type, with the
/// same estimator, intervals and anonymity rule as the unit's SIPAS (docs/methodology.md § 11, "Sector SIPAS").
/// </summary>
public sealed record SipasBreakdown
{
    /// <summary>Id of the single-choice item that splits (the same id in every questionnaire that asks it).</summary>
    public string Item { get; init; } = "";

    /// <summary>Vietnamese name of the split ("Lĩnh vực thủ tục").</summary>
    public string? Name { get; init; }

    /// <summary>The figure code of one answer code of this breakdown: "field:health".</summary>
    public string FigureCode(string answer) => Item + ":" + answer;
}

/// <summary>
/// A named group of answers of one breakdown item, scored as one domain: "land, construction and investment" = the
/// fields land, construction and business/investment registration (figure code "sector:land-construction-investment").
/// </summary>
public sealed record SipasSector
{
    /// <summary>Prefix of a sector's figure code.</summary>
    public const string Prefix = "sector:";

    /// <summary>Code: lower-case letters, digits, '-' and '_'.</summary>
    public string Code { get; init; } = "";

    public string? Name { get; init; }

    /// <summary>The breakdown item the sector groups answers of (a <see cref="SipasBreakdown.Item"/>).</summary>
    public string Item { get; init; } = "";

    /// <summary>The answer codes that make up the sector.</summary>
    public List<string> Answers { get; init; } = [];

    /// <summary>Where the sector comes from (document and section), or "configurable default".</summary>
    public string? Source { get; init; }

    public string FigureCode => Prefix + Code;
}
