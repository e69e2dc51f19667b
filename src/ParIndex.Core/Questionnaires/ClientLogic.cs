using System.Text.Json.Nodes;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// The logic of a questionnaire as compact JSON for the phone form's <c>expr.js</c>: the same
/// parsed expressions the server evaluates, so instant skip logic cannot drift from server checks.
/// </summary>
public static class ClientLogic
{
    /// <summary>
    /// <c>{"sections":{id:{"relevant":AST,"filter":AST}}, "items":{id:{"type":"likert5","section":id,"grid":true,
    /// "relevant":AST,"required":true|AST,"constraint":AST,"calculation":AST,"choiceFilter":AST}}}</c>.
    /// Only sections with logic are listed; items are listed when they have logic or are referenced
    /// by an expression (their type tells the client how to type the answer, see <c>ParIndexExpr.typed</c>).
    /// The definition must be valid (see <see cref="DefinitionValidator"/>).
    /// </summary>
    public static string ToJson(QuestionnaireDefinition definition)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        JsonNode? Ast(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var e = Expression.Parse(text);
            referenced.UnionWith(e.Variables);
            return JsonNode.Parse(e.ToJson());
        }

        var sections = new JsonObject();
        var items = new JsonObject();
        foreach (var s in definition.Sections)
        {
            var so = new JsonObject();
            if (Ast(s.Relevant) is { } rel) so["relevant"] = rel;
            if (Ast(s.Grid?.Filter) is { } filter) so["filter"] = filter;
            if (so.Count > 0) sections[s.Id] = so;
        }
        var withLogic = new List<(Section Section, Item Item, JsonObject Logic)>();
        foreach (var (s, item) in definition.AllItems())
        {
            var o = new JsonObject();
            if (Ast(item.Relevant) is { } r) o["relevant"] = r;
            if (item.Required?.Trim() is { Length: > 0 } req && !req.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                o["required"] = req.Equals("true", StringComparison.OrdinalIgnoreCase) ? true : Ast(req);
            }
            if (Ast(item.Constraint) is { } c) o["constraint"] = c;
            if (Ast(item.Calculation) is { } calc) o["calculation"] = calc;
            if (Ast(item.ChoiceFilter) is { } cf) o["choiceFilter"] = cf;
            withLogic.Add((s, item, o));
        }
        foreach (var (s, item, o) in withLogic)
        {
            if (o.Count == 0 && !referenced.Contains(item.Id)) continue;
            o["type"] = DefinitionValidator.Name(item.Type);
            o["section"] = s.Id;
            if (s.Grid is not null) o["grid"] = true;
            items[item.Id] = o;
        }
        var root = new JsonObject { ["sections"] = sections, ["items"] = items };
        // Default encoder on purpose: it escapes < > & ' so the JSON can sit inside a <script> element.
        return root.ToJsonString();
    }
}
