using System.Text.RegularExpressions;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Questionnaires;

/// <summary>
/// Says a <see cref="DefinitionValidator"/> problem in Vietnamese for the designer (the Core keeps one English text,
/// used by the CLI). Unknown messages are shown as they are rather than hidden. The path is said in words:
/// <c>sections[2].items[5].relevant</c> → "Phần 3 › Câu 6 › Điều kiện hiển thị".
/// </summary>
public static partial class ProblemText
{
    private static readonly (Regex Pattern, string Vi)[] Messages =
    [
        (new(@"^required$"), "Bắt buộc, chưa nhập."),
        (new(@"^required for a (\w+) item$"), "Câu loại $1 phải chọn danh sách lựa chọn."),
        (new(@"^unknown choice list '(.*)'$"), "Không có danh sách lựa chọn \"$1\"."),
        (new(@"^only single and multiple items take a choice list$"), "Chỉ câu chọn một/chọn nhiều mới có danh sách lựa chọn."),
        (new(@"^only single and multiple items take a choice filter$"), "Chỉ câu chọn một/chọn nhiều mới có bộ lọc lựa chọn."),
        (new(@"^missing text in declared language '(.*)'$"), "Thiếu nội dung bằng ngôn ngữ \"$1\"."),
        (new(@"^language '(.*)' is not declared in languages$"), "Ngôn ngữ \"$1\" chưa được khai báo trong languages."),
        (new(@"^unknown variable \$\{(.*)\}$"), "Không có câu hỏi $${$1} (biến chưa được định nghĩa)."),
        (new(@"^\$\{(.*)\} is asked per unit in a grid and cannot be used outside it$"), "$${$1} được hỏi cho từng đơn vị trong bảng lặp, không dùng được ở ngoài bảng."),
        (new(@"^\$\{(.*)\} is asked per unit in a grid and cannot decide which units are rated$"), "$${$1} được hỏi cho từng đơn vị nên không dùng để chọn đơn vị được đánh giá."),
        (new(@"^\$\{(.*)\} refers to the item itself; use '\.' in a constraint$"), "$${$1} là chính câu này; trong điều kiện kiểm tra hãy dùng dấu \".\"."),
        (new(@"^\$\{(.*)\} is a note and has no value$"), "$${$1} là ghi chú, không có giá trị."),
        (new(@"^'\.' \(the current answer\) can only be used in a constraint$"), "Dấu \".\" (câu trả lời hiện tại) chỉ dùng trong điều kiện kiểm tra."),
        (new(@"^bare name '(.*)': write variables as \$\{name\}.*$"), "Tên \"$1\" không hợp lệ: viết biến dạng $${tên_câu}; tên trần chỉ dùng trong bộ lọc lựa chọn."),
        (new(@"^empty expression; remove the field instead$"), "Biểu thức rỗng; hãy xóa trường này."),
        (new(@"^position (\d+): (.*)$"), "Lỗi cú pháp ở ký tự thứ $1: $2."),
        (new(@"^duplicate item id '(.*)'$"), "Mã câu \"$1\" bị trùng; mỗi câu cần một mã riêng."),
        (new(@"^duplicate section id '(.*)'$"), "Mã phần \"$1\" bị trùng."),
        (new(@"^duplicate code '(.*)'$"), "Mã lựa chọn \"$1\" bị trùng."),
        (new(@"^duplicate language '(.*)'$"), "Ngôn ngữ \"$1\" bị khai báo hai lần."),
        (new(@"^invalid id '(.*)'.*$"), "Mã \"$1\" không hợp lệ: dùng chữ cái, chữ số, \"_\", \"-\" hoặc \".\", bắt đầu bằng chữ cái hoặc \"_\"."),
        (new(@"^'(.*)' is reserved$"), "\"$1\" là tên dành riêng, hãy đặt mã khác."),
        (new(@"^code '(.*)' must not contain spaces.*$"), "Mã \"$1\" không được chứa dấu cách."),
        (new(@"^a choice list needs at least one choice$"), "Danh sách lựa chọn cần ít nhất một lựa chọn."),
        (new(@"^a section needs at least one item$"), "Mỗi phần cần ít nhất một câu."),
        (new(@"^a questionnaire needs at least one section$"), "Phiếu cần ít nhất một phần."),
        (new(@"^only likert5 and likert4 items take scale labels$"), "Chỉ câu thang đo 5 hoặc 4 mức mới có nhãn thang đo."),
        (new(@"^expected (\d+) labels, lowest first, found (\d+)$"), "Cần $1 nhãn (từ thấp đến cao), hiện có $2."),
        (new(@"^min and max only apply to integer and decimal items$"), "Giá trị nhỏ nhất/lớn nhất chỉ áp dụng cho câu số."),
        (new(@"^min (.*) is greater than max (.*)$"), "Giá trị nhỏ nhất $1 lớn hơn giá trị lớn nhất $2."),
        (new(@"^maxLength is a positive length.*$"), "Độ dài tối đa là số dương và chỉ áp dụng cho câu trả lời chữ."),
        (new(@"^a don't-know option only applies.*$"), "Lựa chọn \"Không biết\" chỉ áp dụng cho câu thang đo, câu chọn và câu số."),
        (new(@"^required for a calculate item$"), "Câu tính toán phải có công thức."),
        (new(@"^only calculate items take a calculation$"), "Chỉ câu tính toán mới có công thức."),
        (new(@"^a (\w+) item takes no answer and cannot be required$"), "Câu loại $1 không nhận câu trả lời nên không thể bắt buộc."),
        (new(@"^a (\w+) item takes no answer and cannot have a constraint$"), "Câu loại $1 không nhận câu trả lời nên không có điều kiện kiểm tra."),
        (new(@"^'(.*)' is not a column of choice list '(.*)'.*$"), "\"$1\" không phải là cột của danh sách lựa chọn \"$2\"."),
        (new(@"^required: a sub-criterion code.*$"), "Chọn tiêu chí thành phần (ví dụ 3.2) hoặc yếu tố SIPAS (ví dụ access)."),
        (new(@"^unknown criterion or SIPAS element '(.*)'$"), "Không có tiêu chí hoặc yếu tố SIPAS \"$1\" trong đợt này."),
        (new(@"^required: top_box.*$"), "Chọn cách tính điểm: tỷ lệ trả lời 4–5 (top_box) hoặc trung bình quy về 0–1 (mean_rescaled)."),
        (new(@"^must be a positive number$"), "Phải là số dương."),
        (new(@"^only Likert, integer and decimal items can be scored, not (\w+)$"), "Chỉ câu thang đo và câu số mới tính điểm được, không phải câu loại $1."),
        (new(@"^a scored number item needs min and max.*$"), "Câu số có tính điểm cần giá trị nhỏ nhất và lớn nhất."),
        (new(@"^required for top_box on a number item$"), "Cần ngưỡng \"hài lòng\" (topBoxMin) khi tính tỷ lệ trên câu số."),
        (new(@"^must be between 1 and (\d+)$"), "Phải từ 1 đến $1."),
        (new(@"^circular logic: (.*); relevance.*$"), "Logic vòng tròn: $1 — điều kiện hiển thị và công thức không được phụ thuộc vào chính nó."),
        (new(@"^must be '(.*)', the respondent group of this questionnaire$"), "Phải là \"$1\", nhóm đối tượng của phiếu này."),
        (new(@"^must be '(.*)', the unit type rated by group (.*)$"), "Phải là \"$1\", loại đơn vị mà nhóm $2 đánh giá."),
        (new(@"^'(.*)' is not a number$"), "\"$1\" không phải là số."),
        (new(@"^declare at least one language$"), "Khai báo ít nhất một ngôn ngữ."),
        (new(@"^unsupported schema version.*$"), "Phiên bản định dạng không được hỗ trợ (chỉ hỗ trợ schemaVersion 1)."),
        (new(@"^YAML error at line (\d+), column (\d+): (.*)$"), "Lỗi YAML ở dòng $1, cột $2: $3"),
        (new(@"^duplicate key '(.*)'.*$"), "Khóa \"$1\" bị lặp."),
        (new(@"^the file is empty$"), "Tệp rỗng."),
        (new(@"^the definition is empty$"), "Định nghĩa rỗng."),
    ];

    /// <summary>The message in Vietnamese (or English when the UI is in English).</summary>
    public static string Message(string message, bool english)
    {
        if (english) return message;
        foreach (var (pattern, vi) in Messages)
        {
            if (pattern.IsMatch(message)) return pattern.Replace(message, vi);
        }
        return message;
    }

    private static readonly Dictionary<string, (string Vi, string En)> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = ("Mã", "Id"), ["type"] = ("Loại câu", "Type"), ["label"] = ("Nội dung câu hỏi", "Label"), ["hint"] = ("Gợi ý", "Hint"),
        ["title"] = ("Tiêu đề", "Title"), ["description"] = ("Mô tả", "Description"), ["choiceList"] = ("Danh sách lựa chọn", "Choice list"),
        ["required"] = ("Bắt buộc", "Required"), ["relevant"] = ("Điều kiện hiển thị", "Relevant"), ["constraint"] = ("Điều kiện kiểm tra", "Constraint"),
        ["constraintMessage"] = ("Thông báo khi sai", "Constraint message"), ["calculation"] = ("Công thức", "Calculation"),
        ["choiceFilter"] = ("Bộ lọc lựa chọn", "Choice filter"), ["min"] = ("Nhỏ nhất", "Min"), ["max"] = ("Lớn nhất", "Max"),
        ["scoring"] = ("Tính điểm", "Scoring"), ["target"] = ("Tiêu chí", "Target"), ["rule"] = ("Cách tính", "Rule"), ["weight"] = ("Trọng số", "Weight"),
        ["topBoxMin"] = ("Ngưỡng hài lòng", "Top-box minimum"), ["grid"] = ("Bảng lặp theo đơn vị", "Unit grid"), ["filter"] = ("Lọc đơn vị", "Filter"),
        ["code"] = ("Mã lựa chọn", "Code"), ["scaleLabels"] = ("Nhãn thang đo", "Scale labels"), ["dontKnow"] = ("Không biết", "Don't know"),
        ["languages"] = ("Ngôn ngữ", "Languages"), ["respondentGroup"] = ("Nhóm đối tượng", "Respondent group"), ["unitType"] = ("Loại đơn vị", "Unit type"),
        ["maxLength"] = ("Độ dài tối đa", "Max length"), ["choiceLists"] = ("Danh sách lựa chọn", "Choice lists"), ["sections"] = ("Các phần", "Sections"),
    };

    [GeneratedRegex(@"^(?<name>[^\[]+)\[(?<i>\d+)\]$")]
    private static partial Regex Indexed();

    /// <summary>The path in words, e.g. "Phần 3 › Câu 6 › Điều kiện hiển thị".</summary>
    public static string Where(string path, bool english)
    {
        if (path.Length == 0) return english ? "File" : "Tệp";
        var words = new List<string>();
        foreach (var part in path.Split('.'))
        {
            var m = Indexed().Match(part);
            if (m.Success)
            {
                var n = int.Parse(m.Groups["i"].Value) + 1;
                words.Add(m.Groups["name"].Value switch
                {
                    "sections" => (english ? "Section " : "Phần ") + n,
                    "items" => (english ? "Question " : "Câu ") + n,
                    var list => $"{list} #{n}",
                });
            }
            else if (Fields.TryGetValue(part, out var f)) words.Add(english ? f.En : f.Vi);
            else words.Add(part);
        }
        return string.Join(" › ", words);
    }

    /// <summary>The anchor of the section or item a path is about, for links from the summary to the form.</summary>
    public static string Anchor(string path)
    {
        var m = AnchorPath().Match(path);
        return !m.Success ? "definition" : m.Groups["i"].Success ? $"it-{m.Groups["s"].Value}-{m.Groups["i"].Value}" : $"sec-{m.Groups["s"].Value}";
    }

    [GeneratedRegex(@"^sections\[(?<s>\d+)\](\.items\[(?<i>\d+)\])?")]
    private static partial Regex AnchorPath();

    /// <summary>The form field id of a path.</summary>
    public static string FieldId(string path) => "f-" + FieldChars().Replace(path, "-");

    [GeneratedRegex(@"[^A-Za-z0-9_-]")]
    private static partial Regex FieldChars();
}
