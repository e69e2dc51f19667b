using System.Globalization;

namespace ParIndex.Core.Questionnaires;

/// <summary>Respondent-facing messages, Vietnamese by default, English when asked.</summary>
internal static class AnswerMessages
{
    private static readonly Dictionary<string, (string Vi, string En)> Texts = new()
    {
        [AnswerErrorCodes.Required] = ("Vui lòng trả lời câu hỏi này.", "Please answer this question."),
        [AnswerErrorCodes.Constraint] = ("Câu trả lời không hợp lệ.", "This answer is not valid."),
        ["range.both"] = ("Giá trị phải từ {0} đến {1}.", "The value must be between {0} and {1}."),
        ["range.min"] = ("Giá trị phải lớn hơn hoặc bằng {0}.", "The value must be at least {0}."),
        ["range.max"] = ("Giá trị phải nhỏ hơn hoặc bằng {0}.", "The value must be at most {0}."),
        [AnswerErrorCodes.NotInteger] = ("Vui lòng nhập một số nguyên, ví dụ 12.", "Please enter a whole number, e.g. 12."),
        [AnswerErrorCodes.NotDecimal] = ("Vui lòng nhập một số, dùng dấu chấm cho phần thập phân, ví dụ 12.5.", "Please enter a number with a dot for decimals, e.g. 12.5."),
        [AnswerErrorCodes.NotDate] = ("Vui lòng nhập ngày theo dạng năm-tháng-ngày, ví dụ 2026-11-23.", "Please enter a date as year-month-day, e.g. 2026-11-23."),
        [AnswerErrorCodes.UnknownChoice] = ("Lựa chọn không hợp lệ.", "This option is not valid."),
        [AnswerErrorCodes.FilteredChoice] = ("Lựa chọn này không phù hợp với câu trả lời trước đó.", "This option does not apply given an earlier answer."),
        [AnswerErrorCodes.ExclusiveChoice] = ("Không thể chọn \"Không biết / Không áp dụng\" cùng với lựa chọn khác.", "\"Don't know / Not applicable\" cannot be combined with other options."),
        [AnswerErrorCodes.TooLong] = ("Nội dung quá dài (tối đa {0} ký tự).", "The text is too long (at most {0} characters)."),
        [AnswerErrorCodes.HiddenItem] = ("Câu hỏi này không áp dụng nên câu trả lời đã bị bỏ qua.", "This question does not apply; the answer was ignored."),
        [AnswerErrorCodes.UnknownItem] = ("Câu hỏi không có trong phiếu này.", "This question is not part of this questionnaire."),
        [AnswerErrorCodes.UnknownUnit] = ("Đơn vị không có trong danh sách được đánh giá.", "This unit is not in the list of rated units."),
        [AnswerErrorCodes.NotAnswerable] = ("Mục này không nhận câu trả lời.", "This item does not take an answer."),
    };

    public static string Get(string key, string language, params object[] args)
    {
        var (vi, en) = Texts[key];
        var text = language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? en : vi;
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }
}
