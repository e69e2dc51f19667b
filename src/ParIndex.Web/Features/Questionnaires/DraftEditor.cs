using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Questionnaires;

/// <summary>
/// Applies the designer form to a definition. Form fields are named by the definition's own paths
/// (<c>sections[0].items[3].label.vi</c>) — the same paths <see cref="DefinitionValidator"/> reports — so a
/// message lands next to the field it is about. Edits are made on the canonical JSON tree, so every field the form
/// does not show (hints of other languages, scale labels, choice properties…) is kept as it was.
/// </summary>
public static partial class DraftEditor
{
    [GeneratedRegex(@"^(title|description)\.[a-z]{2,3}$"
        + @"|^sections\[\d{1,4}\]\.(id|relevant|title\.[a-z]{2,3}|description\.[a-z]{2,3}|grid\.filter)$"
        + @"|^sections\[\d{1,4}\]\.items\[\d{1,4}\]\.(id|type|choiceList|required|relevant|constraint|calculation|choiceFilter|min|max|dontKnow|label\.[a-z]{2,3}|hint\.[a-z]{2,3}|constraintMessage\.[a-z]{2,3}|scoring\.(target|rule))$"
        + @"|^choiceLists\.[A-Za-z0-9_-]{1,60}\[\d{1,4}\]\.(code|label\.[a-z]{2,3})$")]
    private static partial Regex EditablePath();

    [GeneratedRegex(@"([^.\[\]]+)|\[(\d+)\]")]
    private static partial Regex Segment();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]{0,59}$")]
    public static partial Regex ListId();

    public static bool IsEditable(string path) => EditablePath().IsMatch(path);

    /// <summary>
    /// The working copy carried in the form between posts, gzip + base64url: a 40-item questionnaire is ~20 K characters
    /// of JSON but ~60 K once form-encoded, above the server's per-value limit; compressed it is ~6 K.
    /// </summary>
    public static string Pack(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(json));
        return System.Buffers.Text.Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The JSON packed by <see cref="Pack"/>; a mangled value is a format problem, not a crash.</summary>
    public static string Unpack(string packed)
    {
        try
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(System.Buffers.Text.Base64Url.DecodeFromChars(packed)), System.IO.Compression.CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
            var text = new System.Text.StringBuilder();
            var chunk = new char[8192];
            int n;
            while ((n = reader.Read(chunk, 0, chunk.Length)) > 0)
            {
                // A small packed value must not inflate into something huge (a "zip bomb").
                if (text.Length + n > QuestionnaireSerializer.MaxTextLength) throw new QuestionnaireFormatException([new DefinitionProblem("", "the file is larger than 4 MB")]);
                text.Append(chunk, 0, n);
            }
            return text.ToString();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            throw new QuestionnaireFormatException([new DefinitionProblem("", "the form's working copy is damaged; reload the page")]);
        }
    }

    /// <summary>
    /// The definition <paramref name="baseJson"/> with the form's values and then <paramref name="op"/> applied.
    /// Unparsable values (a min that is not a number) are added to <paramref name="problems"/> with their path.
    /// Throws <see cref="QuestionnaireFormatException"/> when the result is not a definition at all.
    /// </summary>
    public static QuestionnaireDefinition Apply(string baseJson, IEnumerable<KeyValuePair<string, string?>> fields, string? op, List<DefinitionProblem> problems)
    {
        var root = JsonNode.Parse(baseJson) as JsonObject ?? throw new QuestionnaireFormatException([new DefinitionProblem("", "the definition is empty")]);
        foreach (var (path, raw) in fields)
        {
            if (!IsEditable(path)) continue;
            Set(root, path, Convert(path, raw, problems));
        }
        CleanUp(root);
        if (!string.IsNullOrEmpty(op)) Operate(root, op);
        return QuestionnaireSerializer.FromJson(root.ToJsonString());
    }

    private static JsonNode? Convert(string path, string? raw, List<DefinitionProblem> problems)
    {
        var value = raw?.Normalize(System.Text.NormalizationForm.FormC).Trim();
        var field = path[(path.LastIndexOf('.') + 1)..];
        if (field == "dontKnow") return value is "true" or "on" ? JsonValue.Create(true) : null;
        if (string.IsNullOrEmpty(value)) return null;
        if (field is "min" or "max")
        {
            if (double.TryParse(value.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return JsonValue.Create(d);
            problems.Add(new DefinitionProblem(path, $"'{value}' is not a number"));
            return null;
        }
        return JsonValue.Create(value);
    }

    private static List<object> Parse(string path) =>
        Segment().Matches(path).Select(m => m.Groups[1].Success ? (object)m.Groups[1].Value : int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToList();

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segs = Parse(path);
        JsonNode? node = root;
        for (var k = 0; k < segs.Count - 1; k++)
        {
            JsonNode? next = segs[k] switch
            {
                string name when node is JsonObject o => o[name] ?? (value is null ? null : (o[name] = segs[k + 1] is int ? new JsonArray() : new JsonObject())),
                int index when node is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
            if (next is null) return; // a stale field (the element is gone) or nothing to remove
            node = next;
        }
        if (node is not JsonObject parent || segs[^1] is not string last) return;
        if (value is null) parent.Remove(last);
        else parent[last] = value;
    }

    /// <summary>Drops what the form emptied: texts with no language left, a scoring block with neither target nor rule.</summary>
    private static void CleanUp(JsonObject root)
    {
        static void Texts(JsonObject o, params string[] keys)
        {
            foreach (var k in keys) if (o[k] is JsonObject t && t.Count == 0) o.Remove(k);
        }
        Texts(root, "description");
        foreach (var sec in (root["sections"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Texts(sec, "description");
            if (sec["grid"] is JsonObject g && g.Count == 0) { /* a grid with no filter still repeats per unit */ }
            foreach (var it in (sec["items"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Texts(it, "hint", "constraintMessage");
                if (it["scoring"] is JsonObject sc && sc["target"] is null && sc["rule"] is null) it.Remove("scoring");
            }
        }
    }

    /// <summary>
    /// Structural edits named by the button pressed: <c>add-section:2</c> (after section 2), <c>del-section:2</c>,
    /// <c>up-section:2</c>, <c>down-section:2</c>, <c>add-item:1:4</c> (after item 4 of section 1; -1 = first),
    /// <c>del-item:1:4</c>, <c>up-item:1:4</c> / <c>down-item:1:4</c> (across section ends), <c>add-choice:list</c>,
    /// <c>del-choice:list:3</c>, <c>add-list:newId</c>. Unknown or stale operations do nothing.
    /// </summary>
    public static void Operate(JsonObject root, string op)
    {
        var parts = op.Split(':');
        int At(int k) => parts.Length > k && int.TryParse(parts[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -2;
        var sections = root["sections"] as JsonArray ?? (JsonArray)(root["sections"] = new JsonArray());
        JsonArray? Items(int s) => s >= 0 && s < sections.Count && sections[s] is JsonObject sec ? sec["items"] as JsonArray ?? (JsonArray)(sec["items"] = new JsonArray()) : null;
        var ids = new HashSet<string>(root["sections"]!.AsArray().OfType<JsonObject>()
            .SelectMany(s => (s["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => (string?)i["id"] ?? "")
                .Append((string?)s["id"] ?? "")), StringComparer.Ordinal);
        string Fresh(string prefix) { var n = 1; while (ids.Contains($"{prefix}{n}")) n++; return $"{prefix}{n}"; }
        var langs = (root["languages"] as JsonArray)?.Select(l => (string?)l ?? "").Where(l => l.Length > 0).ToList() is { Count: > 0 } ls ? ls : ["vi", "en"];
        JsonObject Text(string vi, string en) => new(langs.Select(l => KeyValuePair.Create(l, (JsonNode?)JsonValue.Create(l == "en" ? en : vi))));

        switch (parts[0])
        {
            case "add-section":
                var newSection = new JsonObject
                {
                    ["id"] = Fresh("section_"), ["title"] = Text("Phần mới", "New section"),
                    ["items"] = new JsonArray(NewItem()),
                };
                sections.Insert(Math.Clamp(At(1) + 1, 0, sections.Count), newSection);
                break;
            case "del-section" when At(1) >= 0 && At(1) < sections.Count:
                sections.RemoveAt(At(1));
                break;
            case "up-section" when At(1) > 0 && At(1) < sections.Count:
                Swap(sections, At(1), At(1) - 1);
                break;
            case "down-section" when At(1) >= 0 && At(1) < sections.Count - 1:
                Swap(sections, At(1), At(1) + 1);
                break;
            case "add-item" when Items(At(1)) is { } list:
                list.Insert(Math.Clamp(At(2) + 1, 0, list.Count), NewItem());
                break;
            case "del-item" when Items(At(1)) is { } list && At(2) >= 0 && At(2) < list.Count:
                list.RemoveAt(At(2));
                break;
            case "up-item" when Items(At(1)) is { } list && At(2) >= 0 && At(2) < list.Count:
                if (At(2) > 0) Swap(list, At(2), At(2) - 1);
                else if (Items(At(1) - 1) is { } previous) { var it = list[0]!; list.RemoveAt(0); previous.Add(it); }
                break;
            case "down-item" when Items(At(1)) is { } list && At(2) >= 0 && At(2) < list.Count:
                if (At(2) < list.Count - 1) Swap(list, At(2), At(2) + 1);
                else if (Items(At(1) + 1) is { } next) { var it = list[^1]!; list.RemoveAt(list.Count - 1); next.Insert(0, it); }
                break;
            case "add-choice" when parts.Length > 1 && ChoiceList(root, parts[1]) is { } choices:
                var code = 1;
                var codes = choices.OfType<JsonObject>().Select(c => (string?)c["code"] ?? "").ToHashSet(StringComparer.Ordinal);
                while (codes.Contains(code.ToString(CultureInfo.InvariantCulture))) code++;
                choices.Add(new JsonObject { ["code"] = code.ToString(CultureInfo.InvariantCulture), ["label"] = Text("Lựa chọn mới", "New choice") });
                break;
            case "del-choice" when parts.Length > 2 && ChoiceList(root, parts[1]) is { } choices && At(2) >= 0 && At(2) < choices.Count:
                choices.RemoveAt(At(2));
                break;
            case "add-list" when parts.Length > 1 && ListId().IsMatch(parts[1]):
                var lists = root["choiceLists"] as JsonObject ?? (JsonObject)(root["choiceLists"] = new JsonObject());
                if (!lists.ContainsKey(parts[1]))
                    lists[parts[1]] = new JsonArray(new JsonObject { ["code"] = "1", ["label"] = Text("Lựa chọn 1", "Choice 1") });
                break;
        }

        JsonObject NewItem()
        {
            var id = Fresh("q_new_");
            ids.Add(id);
            return new JsonObject { ["id"] = id, ["type"] = "text", ["label"] = Text("Câu hỏi mới", "New question") };
        }
    }

    private static JsonArray? ChoiceList(JsonObject root, string id) => root["choiceLists"] is JsonObject lists ? lists[id] as JsonArray : null;

    private static void Swap(JsonArray a, int i, int j)
    {
        var x = a[i]!; var y = a[j]!;
        a[i] = null; a[j] = null;
        a[i] = y; a[j] = x;
    }
}
