using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Questionnaires;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Questionnaires;

/// <summary>
/// The designer through its pages, as a browser without JavaScript uses them: anti-forgery token, the form's own
/// hidden fields, field names that are definition paths.
/// </summary>
public sealed class DesignerTests(DesignerTests.OwnApp app) : IClassFixture<DesignerTests.OwnApp>
{
    /// <summary>Its own database: these tests publish new versions of the demo questionnaires.</summary>
    public sealed class OwnApp : ParIndexFactory;

    private async Task<HttpClient> Designer() => await app.CreateClientAs(Roles.Designer, followRedirects: false);

    private Task<(int QuestionnaireId, int VersionId)> Published(string group) => app.WithDb(async db =>
    {
        var v = await db.QuestionnaireVersions.Where(x => x.Questionnaire!.RespondentGroup!.Code == group && x.Status == QuestionnaireVersionStatus.Published)
            .OrderBy(x => x.Number).FirstAsync();
        return (v.QuestionnaireId, v.Id);
    });

    private Task<QuestionnaireVersion> Version(int id) => app.WithDb(db => db.QuestionnaireVersions.AsNoTracking().FirstAsync(v => v.Id == id));

    private Task<int> RevisionOf(int id) => app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Id == id).Select(v => EF.Property<int>(v, VersionTracking.Revision)).FirstAsync());

    /// <summary>Opens (or reuses) the draft of <paramref name="group"/>'s questionnaire through the "edit" button of its published version.</summary>
    private async Task<int> Draft(HttpClient client, string group)
    {
        var (_, published) = await Published(group);
        var page = await client.GetStringAsync($"/questionnaires/versions/{published}/edit");
        var response = await client.PostAsync($"/questionnaires/versions/{published}/edit?handler=newDraft", Form(page));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.OriginalString;
        return int.Parse(location.Split('/')[3]);
    }

    /// <summary>
    /// What a browser posts for the page's designer form (or its first form): hidden and text inputs, checked boxes,
    /// selected options; then <paramref name="fields"/> typed over them.
    /// </summary>
    private static FormUrlEncodedContent Form(string page, params (string Key, string Value)[] fields)
    {
        var start = page.IndexOf("id=\"designer-form\"", StringComparison.Ordinal);
        var html = start < 0 ? page : page[page.LastIndexOf("<form", start, StringComparison.Ordinal)..page.IndexOf("</form>", start, StringComparison.Ordinal)];
        var values = new List<KeyValuePair<string, string>>();
        string? Attr(string tag, string name) => Regex.Match(tag, $"\\s{name}=\"(?<v>[^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["v"].Value) : null;
        foreach (Match tag in Regex.Matches(html, "<input[^>]*>"))
        {
            var (type, name) = (Attr(tag.Value, "type") ?? "text", Attr(tag.Value, "name"));
            if (name is null || Regex.IsMatch(tag.Value, "\\sdisabled")) continue;
            if (type == "checkbox" && !Regex.IsMatch(tag.Value, "\\schecked")) continue;
            if (type is "hidden" or "text" or "checkbox") values.Add(KeyValuePair.Create(name, Attr(tag.Value, "value") ?? ""));
        }
        foreach (Match select in Regex.Matches(html, "<select[^>]*>.*?</select>", RegexOptions.Singleline))
        {
            var name = Attr(select.Value[..(select.Value.IndexOf('>') + 1)], "name");
            var options = Regex.Matches(select.Value, "<option[^>]*>").Select(o => o.Value).ToList();
            if (name is null || options.Count == 0) continue;
            values.Add(KeyValuePair.Create(name, Attr(options.FirstOrDefault(o => Regex.IsMatch(o, "\\sselected")) ?? options[0], "value") ?? ""));
        }
        foreach (var (k, v) in fields)
        {
            values.RemoveAll(p => p.Key == k);
            values.Add(KeyValuePair.Create(k, v));
        }
        return new FormUrlEncodedContent(values);
    }

    [Fact]
    public async Task An_invalid_definition_is_refused_with_messages_at_their_paths_and_nothing_is_saved()
    {
        var client = await Designer();
        var draft = await Draft(client, "SO-HDND");
        var before = await Version(draft);
        var revision = await RevisionOf(draft);
        var audits = await app.WithDb(db => db.AuditEntries.CountAsync());

        var page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var response = await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save",
            Form(page, ("sections[0].items[0].relevant", "${khong_co} = 1"), ("sections[0].items[0].label.vi", ""), ("op", "save")));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-path=\"sections[0].items[0].relevant\"", html);
        Assert.Contains("Không có câu hỏi ${khong_co}", html);
        Assert.Contains("data-path=\"sections[0].items[0].label.vi\"", html);
        Assert.Contains("Chưa lưu", html);
        // The designer's own text is still in the form.
        Assert.Contains("value=\"${khong_co} = 1\"", html);
        var after = await Version(draft);
        Assert.Equal(before.DefinitionJson, after.DefinitionJson);
        Assert.Equal(revision, await RevisionOf(draft));
        Assert.Equal(audits, await app.WithDb(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Publishing_freezes_the_version_and_editing_it_afterwards_opens_the_next_version_while_older_responses_stay_readable()
    {
        var client = await Designer();
        var (questionnaireId, v1) = await Published("XA-DAN");
        var v1Before = await Version(v1);
        var v1Responses = await app.WithDb(db => db.Responses.CountAsync(r => r.QuestionnaireVersionId == v1 && r.Status == ResponseStatus.Submitted));
        Assert.True(v1Responses > 0, "the demo round has responses on version 1");

        var draft = await Draft(client, "XA-DAN");
        var d = await Version(draft);
        Assert.Equal(QuestionnaireVersionStatus.Draft, d.Status);
        Assert.Equal(v1Before.DefinitionJson, d.DefinitionJson);

        var page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var publish = await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save",
            Form(page, ("sections[0].items[0].label.vi", "Ông/Bà đã đến giao dịch tại bộ phận một cửa bao nhiêu lần?"), ("op", "publish")));
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);

        var published = await Version(draft);
        Assert.Equal(QuestionnaireVersionStatus.Published, published.Status);
        var definition = QuestionnaireSerializer.FromJson(published.DefinitionJson);
        Assert.Equal(QuestionnaireSerializer.ContentHash(definition), published.ContentHash);
        Assert.Equal("Ông/Bà đã đến giao dịch tại bộ phận một cửa bao nhiêu lần?", definition.Sections[0].Items[0].Label!["vi"]);
        Assert.Equal("designer@tests.parindex.local", await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Id == draft).Select(v => EF.Property<string>(v, VersionTracking.PublishedBy)).FirstAsync()));

        // Frozen: a save posted to the published version changes nothing.
        var frozenPage = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        Assert.Contains("id=\"frozen\"", frozenPage);
        await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(page, ("sections[0].items[0].label.vi", "Đổi sau khi phát hành"), ("op", "save")));
        Assert.Equal(published.DefinitionJson, (await Version(draft)).DefinitionJson);

        // Version 1 and its responses are untouched and still shown.
        var v1After = await Version(v1);
        Assert.Equal(v1Before.DefinitionJson, v1After.DefinitionJson);
        Assert.Equal(v1Before.ContentHash, v1After.ContentHash);
        Assert.Equal(v1Responses, await app.WithDb(db => db.Responses.CountAsync(r => r.QuestionnaireVersionId == v1 && r.Status == ResponseStatus.Submitted)));
        var v1Page = await (await app.CreateClientAs(Roles.Viewer)).GetStringAsync($"/questionnaires/versions/{v1}");
        Assert.Contains($"data-submitted=\"{v1Responses}\"", v1Page);

        // A new respondent gets the newest published version.
        var (token, _) = await app.IssueTokenAsync("XA-DAN");
        var form = await app.CreateClient().GetFromJsonAsync<FormDto>($"/api/v1/forms/{token}", HttpExtensions.Json);
        Assert.Equal(published.Number, form!.QuestionnaireVersion);

        // Editing the published version opens the next one.
        var next = await Draft(client, "XA-DAN");
        Assert.NotEqual(draft, next);
        Assert.Equal(published.Number + 1, (await Version(next)).Number);

        var actions = await app.WithDb(db => db.AuditEntries.Where(a => a.EntityType == nameof(QuestionnaireVersion) && a.EntityId == draft.ToString()).Select(a => a.Action).ToListAsync());
        Assert.Contains("questionnaire.draft.save", actions);
        Assert.Contains("questionnaire.publish", actions);
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "questionnaire.draft.create" && a.EntityId == questionnaireId.ToString())));

        // Compare shows the changed label.
        var compare = WebUtility.HtmlDecode(await client.GetStringAsync($"/questionnaires/{questionnaireId}/compare?from={v1}&to={draft}"));
        Assert.Contains($"data-id=\"{definition.Sections[0].Items[0].Id}\"", compare);
        Assert.Contains("bộ phận một cửa bao nhiêu lần", compare);
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_save_is_a_conflict_that_keeps_both_texts()
    {
        var alice = await Designer();
        var bob = await app.CreateClientAs(Roles.Admin, followRedirects: false);
        var draft = await Draft(alice, "XA-HDND");
        var alicePage = await alice.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var bobPage = await bob.GetStringAsync($"/questionnaires/versions/{draft}/edit");

        var first = await alice.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(alicePage, ("title.vi", "Tiêu đề của Alice"), ("op", "save")));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await bob.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(bobPage, ("title.vi", "Tiêu đề của Bob"), ("op", "save")));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        Assert.Contains("id=\"conflict\"", html);
        Assert.Contains("value=\"Tiêu đề của Bob\"", html); // Bob's work is still on his screen
        Assert.Equal("Tiêu đề của Alice", QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson).Title["vi"]);

        // Bob decides to overwrite, knowingly.
        var current = await RevisionOf(draft);
        var overwrite = await bob.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save",
            Form(html, ("title.vi", "Tiêu đề của Bob"), ("op", "save"), ("overwrite", current.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, overwrite.StatusCode);
        Assert.Equal("Tiêu đề của Bob", QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson).Title["vi"]);
    }

    [Fact]
    public async Task A_downloaded_definition_uploads_back_unchanged_and_a_broken_file_is_refused()
    {
        var client = await Designer();
        var (_, v1) = await Published("SO-CTXA");
        var yaml = await client.GetStringAsync($"/questionnaires/versions/{v1}?handler=download&format=yaml");
        var json = await client.GetStringAsync($"/questionnaires/versions/{v1}?handler=download&format=json");
        var original = QuestionnaireSerializer.FromJson((await Version(v1)).DefinitionJson);
        Assert.Equal(original.Sections.Count, QuestionnaireSerializer.FromYaml(yaml).Sections.Count);

        var draft = await Draft(client, "SO-CTXA");
        var edited = yaml.Replace(original.Title["vi"], original.Title["vi"] + " (sửa)");
        Assert.NotEqual(yaml, edited);
        var upload = await Upload(client, draft, "upload", "phieu.yaml", Encoding.UTF8.GetBytes(edited), "application/yaml");
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var stored = QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson);
        Assert.Equal(original.Title["vi"] + " (sửa)", stored.Title["vi"]);
        Assert.DoesNotContain(QuestionnaireDiff.Compare(original, stored), c => c.Element != "questionnaire");

        // JSON back in: identical to the published version again, hash included.
        upload = await Upload(client, draft, "upload", "phieu.json", Encoding.UTF8.GetBytes(json), "application/json");
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(QuestionnaireSerializer.ContentHash(original), QuestionnaireSerializer.ContentHash(QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson)));
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "questionnaire.upload" && a.EntityId == draft.ToString())));

        var before = (await Version(draft)).DefinitionJson;
        var broken = await Upload(client, draft, "upload", "broken.yaml", Encoding.UTF8.GetBytes("id: X\nsections: [\n"), "application/yaml");
        Assert.Equal((HttpStatusCode)422, broken.StatusCode);
        Assert.Contains("Lỗi YAML", WebUtility.HtmlDecode(await broken.Content.ReadAsStringAsync()));
        var wrongGroup = await Upload(client, draft, "upload", "other.yaml", Encoding.UTF8.GetBytes(yaml.Replace("respondentGroup: SO-CTXA", "respondentGroup: XA-DAN")), "application/yaml");
        Assert.Equal((HttpStatusCode)422, wrongGroup.StatusCode);
        Assert.Contains("data-path=\"respondentGroup\"", await wrongGroup.Content.ReadAsStringAsync());
        Assert.Equal(before, (await Version(draft)).DefinitionJson);
    }

    [Fact]
    public async Task An_xlsform_exported_from_the_designer_imports_back_with_items_logic_and_labels()
    {
        var client = await Designer();
        var (_, v1) = await Published("XA-GDSO");
        var xlsx = await client.GetByteArrayAsync($"/questionnaires/versions/{v1}?handler=download&format=xlsx");
        Assert.Equal((byte)'P', xlsx[0]); // a zip (xlsx) container
        var draft = await Draft(client, "XA-GDSO");
        // Change the draft first, so the import has something to replace (an import equal to the draft stores nothing).
        var page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(page, ("title.vi", "Tạm"), ("op", "save")))).StatusCode);
        var response = await Upload(client, draft, "importXlsForm", "phieu.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html[..Math.Min(html.Length, 4000)]);

        var original = QuestionnaireSerializer.FromJson((await Version(v1)).DefinitionJson);
        var imported = QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson);
        Assert.Equal(original.Title["vi"], imported.Title["vi"]);
        Assert.Equal(original.AllItems().Select(p => p.Item.Id), imported.AllItems().Select(p => p.Item.Id));
        foreach (var (a, b) in original.AllItems().Zip(imported.AllItems()))
        {
            Assert.Equal(a.Item.Type, b.Item.Type);
            Assert.Equal(a.Item.Label?.GetValueOrDefault("vi"), b.Item.Label?.GetValueOrDefault("vi"));
            Assert.Equal(a.Item.Label?.GetValueOrDefault("en"), b.Item.Label?.GetValueOrDefault("en"));
            Assert.Equal(a.Item.Relevant, b.Item.Relevant);
            Assert.Equal(a.Item.Constraint, b.Item.Constraint);
            Assert.Equal(a.Item.Scoring?.Target, b.Item.Scoring?.Target);
        }
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "questionnaire.xlsform.import" && a.EntityId == draft.ToString())));
    }

    [Fact]
    public async Task Structural_edits_add_move_and_delete_items_and_the_preview_renders_the_working_copy()
    {
        var client = await Designer();
        var draft = await Draft(client, "XA-TRUONGTHON");
        var before = QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson);
        var count = before.Sections[0].Items.Count;

        var page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var add = await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(page, ("op", "add-item:0:0")));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var after = QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson);
        Assert.Equal(count + 1, after.Sections[0].Items.Count);
        var added = after.Sections[0].Items[1];
        Assert.StartsWith("q_new_", added.Id);

        page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var up = await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(page, ("op", "up-item:0:1")));
        Assert.Equal(HttpStatusCode.Redirect, up.StatusCode);
        Assert.Equal(added.Id, QuestionnaireSerializer.FromJson((await Version(draft)).DefinitionJson).Sections[0].Items[0].Id);

        page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var del = await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=save", Form(page, ("op", "del-item:0:0")));
        Assert.Equal(HttpStatusCode.Redirect, del.StatusCode);
        Assert.Equal(QuestionnaireSerializer.ToJson(before), (await Version(draft)).DefinitionJson);

        page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var preview = await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler=preview", Form(page, ("sections[0].items[0].label.vi", "Câu xem trước 123")));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Câu xem trước 123", html);
        Assert.Contains("fieldset class=\"q", html); // the respondent form's own item partial
        Assert.Equal(QuestionnaireSerializer.ToJson(before), (await Version(draft)).DefinitionJson); // a preview stores nothing
    }

    [Fact]
    public async Task Staff_without_the_design_role_read_versions_but_cannot_open_the_designer()
    {
        var viewer = await app.CreateClientAs(Roles.Viewer, followRedirects: false);
        var (questionnaireId, v1) = await Published("SO-DAN");
        var demo = await app.WithDb(db => db.Rounds.Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/rounds/{demo}/questionnaires")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/questionnaires/versions/{v1}")).StatusCode);
        var print = await viewer.GetAsync($"/questionnaires/versions/{v1}/print");
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        Assert.Contains("<h2", await print.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/questionnaires/{questionnaireId}/compare")).StatusCode);
        var edit = await viewer.GetAsync($"/questionnaires/versions/{v1}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Contains("/denied", edit.Headers.Location!.OriginalString);
    }

    private static async Task<HttpResponseMessage> Upload(HttpClient client, int draft, string handler, string fileName, byte[] bytes, string contentType)
    {
        var page = await client.GetStringAsync($"/questionnaires/versions/{draft}/edit");
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in HttpExtensions.HiddenInputs(page).Where(p => p.Key is "__RequestVerificationToken" or "revision")) content.Add(new StringContent(v), k);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "file", fileName);
        return await client.PostAsync($"/questionnaires/versions/{draft}/edit?handler={handler}", content);
    }
}
