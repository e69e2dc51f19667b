using System.Globalization;
using System.Text;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// Renders a questionnaire as Markdown for paper fieldwork (phiếu giấy) and for review: numbered
/// questions, tick boxes, skip instructions in words that name question numbers (<see cref="LogicText"/>: never the
/// expression), and unit grids as a matrix (one column per rated unit) when the units are known.
/// </summary>
public static class QuestionnairePrinter
{
    private static readonly Dictionary<string, (string Vi, string En)> Words = new()
    {
        ["required"] = ("bắt buộc", "required"),
        ["choose_one"] = ("chọn một", "choose one"),
        ["choose_many"] = ("chọn nhiều", "choose all that apply"),
        ["each_unit"] = ("Hỏi lần lượt cho từng đơn vị được đánh giá", "Ask once for each rated unit"),
        ["range"] = ("từ {0} đến {1}", "from {0} to {1}"),
        ["date"] = ("ngày/tháng/năm: ____/____/______", "day/month/year: ____/____/______"),
        ["item"] = ("Nội dung", "Statement"),
        ["default"] = ("Bản mặc định có thể cấu hình, không phải mẫu phiếu chính thức.", "Configurable default, not the official questionnaire."),
    };

    /// <summary>Markdown of <paramref name="definition"/> in <paramref name="language"/>; grids become matrices over <paramref name="units"/> when given.</summary>
    public static string ToMarkdown(QuestionnaireDefinition definition, string language = "vi", IReadOnlyList<RatedUnit>? units = null)
    {
        string W(string key) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Words[key].En : Words[key].Vi;
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var (_, item) in definition.AllItems().Where(p => p.Item.IsAnswerable))
        {
            numbers[item.Id] = (++n).ToString(CultureInfo.InvariantCulture);
        }
        var logic = new LogicText(definition, language, id => numbers.GetValueOrDefault(id), units);

        var sb = new StringBuilder();
        sb.Append("# ").AppendLine(definition.Title.Get(language)).AppendLine();
        if (definition.Description is { Count: > 0 } d) sb.AppendLine(d.Get(language)).AppendLine();
        sb.Append("*").Append(W("default")).Append(" (").Append(definition.Id).AppendLine(")*").AppendLine();

        foreach (var section in definition.Sections)
        {
            sb.Append("## ").AppendLine(section.Title.Get(language)).AppendLine();
            if (section.Description is { Count: > 0 } sd) sb.AppendLine(sd.Get(language)).AppendLine();
            if (section.Relevant is { } sr) sb.Append("> ").AppendLine(logic.SectionIf(sr)).AppendLine();
            if (section.Grid is { } grid)
            {
                sb.Append("> ").Append(W("each_unit")).Append('.');
                if (grid.Filter is { } f) sb.Append(' ').Append(logic.UnitsIf(f));
                sb.AppendLine().AppendLine();
                if (units is { Count: > 0 } && section.Items.Any(i => i.IsLikert))
                {
                    // Paper forms rate many units side by side: Likert items become a matrix, the rest follow.
                    Matrix(sb, definition, section, units, language, numbers, W("item"));
                    foreach (var item in section.Items.Where(i => !i.IsLikert))
                    {
                        Item(sb, definition, item, units, language, numbers, W, logic);
                    }
                    continue;
                }
            }
            foreach (var item in section.Items)
            {
                Item(sb, definition, item, units ?? [], language, numbers, W, logic);
            }
        }
        return sb.ToString();
    }

    private static void Matrix(StringBuilder sb, QuestionnaireDefinition def, Section section, IReadOnlyList<RatedUnit> units, string language,
        Dictionary<string, string> numbers, string itemWord)
    {
        var scale = section.Items.FirstOrDefault(i => i.IsLikert) is { } first
            ? string.Join("; ", Choices.For(def, first, units).Select(c => $"{c.Code} = {c.Label.Get(language)}"))
            : "";
        if (scale.Length > 0) sb.Append("> ").AppendLine(scale).AppendLine();
        sb.Append("| # | ").Append(itemWord).Append(" | ").AppendJoin(" | ", units.Select(u => Cell(u.Name))).AppendLine(" |");
        sb.Append("|---|---|").AppendJoin("", units.Select(_ => "---|")).AppendLine();
        foreach (var item in section.Items.Where(i => i.IsLikert))
        {
            sb.Append("| ").Append(numbers[item.Id]).Append(" | ").Append(Cell(item.Label?.Get(language) ?? item.Id)).Append(" | ")
                .AppendJoin(" | ", units.Select(_ => " ")).AppendLine(" |");
        }
        sb.AppendLine();
    }

    private static void Item(StringBuilder sb, QuestionnaireDefinition def, Item item, IReadOnlyList<RatedUnit> units, string language,
        Dictionary<string, string> numbers, Func<string, string> w, LogicText logic)
    {
        if (item.Type == ItemType.Calculate) return;
        if (item.Type == ItemType.Note)
        {
            sb.Append("*").Append(item.Label?.Get(language)).AppendLine("*").AppendLine();
            return;
        }
        sb.Append("**").Append(numbers[item.Id]).Append(". ").Append(item.Label?.Get(language)).Append("**");
        if (item.Required?.Trim() == "true") sb.Append(" (").Append(w("required")).Append(')');
        sb.AppendLine();
        if (item.Hint is { Count: > 0 } h) sb.Append("  *").Append(h.Get(language)).AppendLine("*");
        if (item.Relevant is { } r) sb.Append("  > ").AppendLine(logic.AskIf(r, numbers[item.Id]));
        sb.AppendLine();
        switch (item.Type)
        {
            case ItemType.Likert5:
            case ItemType.Likert4:
            case ItemType.Single:
            case ItemType.Multiple:
                if (item.Type == ItemType.Multiple) sb.Append("  (").Append(w("choose_many")).AppendLine(")");
                var options = Choices.For(def, item, units);
                foreach (var c in options)
                {
                    sb.Append("- ☐ ").Append(c.Label.Get(language)).Append(" (").Append(c.Code).AppendLine(")");
                }
                if (options.Count == 0) sb.AppendLine("  ______________________________________________"); // @units without a unit list
                break;
            case ItemType.Integer:
            case ItemType.Decimal:
                sb.Append("  ____________");
                if (item.Min is { } lo && item.Max is { } hi)
                {
                    sb.Append(" (").AppendFormat(CultureInfo.InvariantCulture, w("range"), lo, hi).Append(')');
                }
                sb.AppendLine();
                break;
            case ItemType.Date:
                sb.Append("  ").AppendLine(w("date"));
                break;
            case ItemType.LongText:
                sb.AppendLine("  ______________________________________________").AppendLine("  ______________________________________________");
                break;
            default:
                sb.AppendLine("  ______________________________________________");
                break;
        }
        if (item.Constraint is { } con) sb.Append("  > ").AppendLine(logic.Check(con));
        sb.AppendLine();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

}
