using System.Net.Http.Json;
using System.Text.Json;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Demo;

namespace ParIndex.Web.Tests.Infrastructure;

public static class Answers
{
    /// <summary>Fetches the form behind a token through the API and fills it with plausible, valid answers.</summary>
    public static async Task<(FormDto Form, ResponseData Data)> ValidFor(HttpClient client, string token, int seed = 1)
    {
        var form = (await client.GetFromJsonAsync<FormDto>($"/api/v1/forms/{token}", HttpExtensions.Json))!;
        var data = SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(seed));
        var check = AnswerEngine.Create(form.Definition).Validate(data, form.RatedUnits);
        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => $"{e.ItemId}: {e.Message}")));
        return (form, check.Cleaned);
    }

    public static object Body(Guid clientId, ResponseData data) => new { clientId, answers = data.Answers, units = data.Units, language = "vi", deviceClass = "phone" };
}
