using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// The answers of one respondent, ODK style: every value is a string; multiple choice is
/// space-separated codes; dates are ISO yyyy-MM-dd; numbers use the invariant culture.
/// Empty or absent means unanswered.
/// </summary>
public sealed class ResponseData
{
    /// <summary>Answers to items outside unit grids, by item id.</summary>
    public Dictionary<string, string> Answers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Answers to unit-grid items: unit code → item id → value.</summary>
    public Dictionary<string, Dictionary<string, string>> Units { get; set; } = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 8,
        Converters = { new QuestionnaireSerializer.LenientStringConverter() },
    };

    /// <summary>JSON <c>{"answers":{id:value},"units":{code:{id:value}}}</c>, the stored form of a response.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Reads <see cref="ToJson"/> output (numbers and booleans are accepted as answers and kept as
    /// their text). Returns false with a reason instead of throwing on malformed input.
    /// </summary>
    public static bool TryFromJson(string json, out ResponseData? data, out string? error)
    {
        try
        {
            data = JsonSerializer.Deserialize<ResponseData>(json, JsonOptions);
            data ??= new ResponseData();
            data.Answers ??= new Dictionary<string, string>(StringComparer.Ordinal);
            data.Units ??= new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            data = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The answer to <paramref name="itemId"/> (for <paramref name="unitCode"/> when given), or null.</summary>
    public string? Get(string itemId, string? unitCode = null)
    {
        // Null maps can arrive from deserialised posts; treat them as "no answers", not as a crash.
        if (unitCode is null)
        {
            return Answers is not null && Answers.TryGetValue(itemId, out var v) ? v : null;
        }
        return Units is not null && Units.TryGetValue(unitCode, out var unit) && unit is not null && unit.TryGetValue(itemId, out var u) ? u : null;
    }

    /// <summary>Sets an answer, creating the unit's map when needed. Returns this for chaining in tests and seeds.</summary>
    public ResponseData Set(string itemId, string value, string? unitCode = null)
    {
        if (unitCode is null)
        {
            Answers[itemId] = value;
        }
        else
        {
            if (!Units.TryGetValue(unitCode, out var unit))
            {
                Units[unitCode] = unit = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            unit[itemId] = value;
        }
        return this;
    }
}

/// <summary>A unit being rated in a unit grid, as listed by the survey round.</summary>
/// <param name="Code">Unit code, the key in <see cref="ResponseData.Units"/>.</param>
/// <param name="Name">Display name, e.g. "Sở Tài chính".</param>
public sealed record RatedUnit(string Code, string Name);
