namespace ParIndex.Core.Monitoring;

/// <summary>
/// Final disposition of a sample case, in the families of AAPOR's Standard Definitions (10th ed., 2023), Table 1–3:
/// interviews (1.x), eligible non-interviews (2.x), unknown eligibility (3.x) and not eligible (4.x).
/// </summary>
public enum Disposition
{
    /// <summary>1.1 Complete (I).</summary>
    Complete = 11,
    /// <summary>1.2 Partial (P): broke off after answering enough of the questionnaire.</summary>
    Partial = 12,
    /// <summary>2.10 Refusal and break-off (R), including "logged in but answered nothing" (2.112 implicit refusal).</summary>
    Refusal = 21,
    /// <summary>2.20 Non-contact (NC): known eligible, never reached.</summary>
    NonContact = 22,
    /// <summary>2.30 Other eligible non-interview (O): ill, away, language.</summary>
    Other = 23,
    /// <summary>3.1x Unknown whether the address/household is eligible (UH), e.g. not yet attempted (3.11).</summary>
    UnknownHousehold = 31,
    /// <summary>3.19/3.2x Unknown eligibility, other (UO), e.g. invitation sent, nothing returned.</summary>
    UnknownOther = 32,
    /// <summary>4.x Not eligible (NE): out of sample, moved, not an official of the unit.</summary>
    NotEligible = 41,
}

/// <summary>Counts of cases by disposition, as AAPOR's formulas name them.</summary>
public readonly record struct DispositionCounts(int I, int P, int R, int NC, int O, int UH, int UO, int NE)
{
    public int Total => I + P + R + NC + O + UH + UO + NE;

    public int Interviews => I + P;

    public int EligibleNonInterviews => R + NC + O;

    public int Unknown => UH + UO;

    public DispositionCounts Add(Disposition d) => d switch
    {
        Disposition.Complete => this with { I = I + 1 },
        Disposition.Partial => this with { P = P + 1 },
        Disposition.Refusal => this with { R = R + 1 },
        Disposition.NonContact => this with { NC = NC + 1 },
        Disposition.Other => this with { O = O + 1 },
        Disposition.UnknownHousehold => this with { UH = UH + 1 },
        Disposition.UnknownOther => this with { UO = UO + 1 },
        Disposition.NotEligible => this with { NE = NE + 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(d), d, null),
    };

    public static DispositionCounts operator +(DispositionCounts a, DispositionCounts b) =>
        new(a.I + b.I, a.P + b.P, a.R + b.R, a.NC + b.NC, a.O + b.O, a.UH + b.UH, a.UO + b.UO, a.NE + b.NE);

    public static DispositionCounts Of(IEnumerable<Disposition> dispositions) => dispositions.Aggregate(default(DispositionCounts), (c, d) => c.Add(d));

    /// <summary>
    /// e, the estimated share of unknown-eligibility cases that are eligible, by the proportional ("CASRO") rule:
    /// e = (I+P+R+NC+O) / (I+P+R+NC+O+NE) among cases whose eligibility is known. 1 when no case has known eligibility.
    /// </summary>
    public double EstimatedEligibility
    {
        get
        {
            var eligible = Interviews + EligibleNonInterviews;
            return eligible + NE == 0 ? 1 : (double)eligible / (eligible + NE);
        }
    }
}

/// <summary>
/// AAPOR outcome rates (Standard Definitions, 10th ed.). Every rate returns NaN when its denominator is 0 (no cases
/// in the cell yet), so an empty cell is never shown as 0 %.
/// </summary>
public sealed record AaporRates(
    double RR1, double RR2, double RR3, double RR4, double RR5, double RR6,
    double COOP1, double COOP2, double COOP3, double COOP4,
    double REF1, double REF2, double REF3,
    double CON1, double CON2, double CON3,
    double E)
{
    /// <summary>Where the formulas are defined; linked from the dashboard.</summary>
    public const string DefinitionsUrl = "https://aapor.org/standards-and-ethics/standard-definitions/";

    /// <summary>
    /// The rates of <paramref name="c"/> with eligibility share <paramref name="e"/> for unknown cases (default:
    /// <see cref="DispositionCounts.EstimatedEligibility"/>).
    /// <list type="bullet">
    /// <item>RR1 = I / ((I+P) + (R+NC+O) + (UH+UO)); RR2 = (I+P) / same.</item>
    /// <item>RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO)); RR4 = (I+P) / same.</item>
    /// <item>RR5 = I / ((I+P) + (R+NC+O)); RR6 = (I+P) / same.</item>
    /// <item>COOP1 = I / ((I+P) + R + O); COOP2 = (I+P) / same; COOP3 = I / ((I+P) + R); COOP4 = (I+P) / same.</item>
    /// <item>REF1 = R / ((I+P) + (R+NC+O) + (UH+UO)); REF2 = R / (… + e(UH+UO)); REF3 = R / ((I+P) + (R+NC+O)).</item>
    /// <item>CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO)); CON2 = same numerator / (… + e(UH+UO)); CON3 = … / ((I+P) + R + O + NC).</item>
    /// </list>
    /// </summary>
    public static AaporRates Of(DispositionCounts c, double? e = null)
    {
        var ee = e ?? c.EstimatedEligibility;
        if (ee is < 0 or > 1 || double.IsNaN(ee)) throw new ArgumentOutOfRangeException(nameof(e), "e is a share in [0, 1].");
        double I = c.I, P = c.P, R = c.R, NC = c.NC, O = c.O, U = c.UH + c.UO;
        var ip = I + P;
        var known = ip + R + NC + O;
        var all = known + U;
        var allE = known + ee * U;
        var contacted = ip + R + O;
        return new AaporRates(
            RR1: Div(I, all), RR2: Div(ip, all), RR3: Div(I, allE), RR4: Div(ip, allE), RR5: Div(I, known), RR6: Div(ip, known),
            COOP1: Div(I, ip + R + O), COOP2: Div(ip, ip + R + O), COOP3: Div(I, ip + R), COOP4: Div(ip, ip + R),
            REF1: Div(R, all), REF2: Div(R, allE), REF3: Div(R, known),
            CON1: Div(contacted, contacted + NC + U), CON2: Div(contacted, contacted + NC + ee * U), CON3: Div(contacted, contacted + NC),
            E: ee);
    }

    private static double Div(double a, double b) => b == 0 ? double.NaN : a / b;
}

/// <summary>What is known about one sample case while fieldwork runs, to derive its disposition.</summary>
/// <param name="Invited">A personal link/letter was issued.</param>
/// <param name="Opened">The link was opened at least once.</param>
/// <param name="Submitted">A submitted response exists (web or keyed by field staff).</param>
/// <param name="InProgressShare">For an unsubmitted, started response: its answered items as a share of a typical complete; null when not started.</param>
/// <param name="Recorded">A disposition recorded by staff (refusal, non-contact, ineligible …), if any.</param>
public readonly record struct CaseFacts(bool Invited, bool Opened, bool Submitted, double? InProgressShare, Disposition? Recorded);

public static class DispositionRules
{
    /// <summary>
    /// The case's current disposition. A submitted response is always a complete (a recorded refusal does not undo an
    /// interview). Otherwise a staff-recorded outcome wins; then a started response is a partial when it reached
    /// <paramref name="partialThreshold"/> of a typical complete (AAPOR 1.2, "sufficient partial"), else a break-off
    /// (2.12, counted as R); an opened link with nothing answered is an implicit refusal (2.112); an invitation with
    /// nothing returned is unknown eligibility (3.19, UO); a case not yet attempted is 3.11 (UH).
    /// </summary>
    public static Disposition Derive(CaseFacts f, double partialThreshold = 0.5)
    {
        if (f.Submitted) return Disposition.Complete;
        if (f.Recorded is { } recorded && recorded is not (Disposition.Complete or Disposition.Partial)) return recorded;
        if (f.InProgressShare is { } share) return share >= partialThreshold ? Disposition.Partial : Disposition.Refusal;
        if (f.Opened) return Disposition.Refusal;
        return f.Invited ? Disposition.UnknownOther : Disposition.UnknownHousehold;
    }

    /// <summary>The outcomes staff may record by hand (interviews come from responses only).</summary>
    public static readonly IReadOnlyList<Disposition> Recordable =
        [Disposition.Refusal, Disposition.NonContact, Disposition.Other, Disposition.NotEligible, Disposition.UnknownOther];
}
