namespace ParIndex.Core.FieldEntry;

/// <summary>One keying of one form by one keyer: when, how many fields, and (once compared) how many of its fields were wrong.</summary>
/// <param name="FieldsCompared">Fields of this keying checked against a second keying (0 when the form was keyed once).</param>
/// <param name="Errors">Fields of this keying that disagreed with the paper value chosen by the supervisor.</param>
public sealed record KeyingRecord(string Keyer, DateTime StartedAt, DateTime FinishedAt, int Fields, int FieldsCompared = 0, int Errors = 0);

/// <summary>A keyer's throughput and accuracy.</summary>
/// <param name="Hours">Time spent on the keying screen: the sum over forms of finish − start, in hours.</param>
/// <param name="FormsPerHour">Forms / Hours; NaN when Hours is 0.</param>
/// <param name="FieldsPerHour">Fields / Hours; NaN when Hours is 0.</param>
/// <param name="DiscrepancyRate">Errors / FieldsCompared; NaN when nothing was compared.</param>
public sealed record KeyerStatistics(string Keyer, int Forms, long Fields, double Hours, double FormsPerHour, double FieldsPerHour,
    long FieldsCompared, long Errors, double DiscrepancyRate);

/// <summary>Operator statistics: a streaming accumulator per keyer (push each keying, read the totals).</summary>
public sealed class KeyingStatistics
{
    private sealed class Acc
    {
        public int Forms;
        public long Fields, Compared, Errors;
        public double Hours;
    }

    private readonly Dictionary<string, Acc> byKeyer = new(StringComparer.Ordinal);

    public void Push(KeyingRecord r)
    {
        if (!byKeyer.TryGetValue(r.Keyer, out var a)) byKeyer[r.Keyer] = a = new Acc();
        a.Forms++;
        a.Fields += r.Fields;
        a.Compared += r.FieldsCompared;
        a.Errors += r.Errors;
        // A negative span (clock skew) counts as zero rather than lowering the total.
        a.Hours += Math.Max(0, (r.FinishedAt - r.StartedAt).TotalHours);
    }

    public static IReadOnlyList<KeyerStatistics> Of(IEnumerable<KeyingRecord> records)
    {
        var s = new KeyingStatistics();
        foreach (var r in records) s.Push(r);
        return s.Result();
    }

    public IReadOnlyList<KeyerStatistics> Result() => byKeyer.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyerStatistics(
        p.Key, p.Value.Forms, p.Value.Fields, p.Value.Hours,
        p.Value.Hours > 0 ? p.Value.Forms / p.Value.Hours : double.NaN,
        p.Value.Hours > 0 ? p.Value.Fields / p.Value.Hours : double.NaN,
        p.Value.Compared, p.Value.Errors,
        p.Value.Compared > 0 ? (double)p.Value.Errors / p.Value.Compared : double.NaN)).ToList();
}
