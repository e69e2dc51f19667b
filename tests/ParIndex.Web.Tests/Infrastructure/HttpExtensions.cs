using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ParIndex.Web.Tests.Infrastructure;

public static partial class HttpExtensions
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<JsonElement> ReadJson(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Json));

    /// <summary>Asserts the response is a ProblemDetails with the given stable type.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJson();
        Assert.Equal($"/problems/{code}", body.GetProperty("type").GetString());
        return body;
    }

    /// <summary>The hidden inputs of the first form of a page (anti-forgery token, client id…).</summary>
    public static Dictionary<string, string> HiddenInputs(string html)
    {
        var inputs = new Dictionary<string, string>();
        foreach (Match tag in InputTag().Matches(html))
        {
            var attrs = Attribute().Matches(tag.Value).ToDictionary(a => a.Groups["k"].Value, a => System.Net.WebUtility.HtmlDecode(a.Groups["v"].Value));
            if (attrs.GetValueOrDefault("type") == "hidden" && attrs.TryGetValue("name", out var name)) inputs.TryAdd(name, attrs.GetValueOrDefault("value") ?? "");
        }
        return inputs;
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("(?<k>[a-zA-Z_-]+)=\"(?<v>[^\"]*)\"")]
    private static partial Regex Attribute();
}
