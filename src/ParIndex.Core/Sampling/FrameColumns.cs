using System.Globalization;
using System.Text;

namespace ParIndex.Core.Sampling;

/// <summary>The fields a frame column can map to.</summary>
public enum FrameField { Id, Name, Phone, Email, Address, Group, Unit, Size, Cluster1, Cluster2, Cluster3 }

/// <summary>
/// Header aliases, Vietnamese and English. A header matches when its key — NFC, diacritics removed
/// (đ → d), lower case, only letters and digits kept — equals an alias key: "Mã đối tượng",
/// "MA_DOI_TUONG" and "ma doi tuong" all read as <see cref="FrameField.Id"/>. Headers that match no
/// alias become strata columns under their own (NFC, trimmed) name.
/// </summary>
public static class FrameColumns
{
    private static readonly Dictionary<string, FrameField> Aliases = Build(new()
    {
        [FrameField.Id] = ["id", "mã", "ma", "mã đối tượng", "mã số", "respondent id", "record id", "frame id"],
        [FrameField.Name] = ["name", "tên", "họ tên", "họ và tên", "full name", "tên đối tượng"],
        [FrameField.Phone] = ["phone", "điện thoại", "số điện thoại", "sđt", "sdt", "tel", "mobile", "di động"],
        [FrameField.Email] = ["email", "e-mail", "thư điện tử", "mail"],
        [FrameField.Address] = ["address", "địa chỉ"],
        [FrameField.Group] = ["group", "group code", "nhóm", "mã nhóm", "nhóm đối tượng", "đối tượng"],
        [FrameField.Unit] = ["unit", "unit code", "đơn vị", "mã đơn vị", "cơ quan", "đơn vị được đánh giá"],
        [FrameField.Size] = ["size", "size measure", "measure of size", "mos", "quy mô", "kích thước"],
        [FrameField.Cluster1] = ["cluster1", "cluster 1", "psu", "xã", "xã phường", "mã xã", "cụm 1"],
        [FrameField.Cluster2] = ["cluster2", "cluster 2", "ssu", "thôn", "tổ dân phố", "thôn tổ", "thôn tổ dân phố", "mã thôn", "cụm 2"],
        [FrameField.Cluster3] = ["cluster3", "cluster 3", "household", "hộ", "hộ gia đình", "mã hộ", "cụm 3"],
    });

    public static FrameField? Match(string header) => Aliases.TryGetValue(Key(header), out var f) ? f : null;

    /// <summary>NFC, diacritics removed, đ → d, lower case, letters and digits only.</summary>
    public static string Key(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var d = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (char.IsLetterOrDigit(d)) sb.Append(d);
        }
        return sb.ToString();
    }

    public static string DisplayName(FrameField f) => f switch
    {
        FrameField.Id => "id (mã)",
        FrameField.Name => "name (họ tên)",
        FrameField.Phone => "phone (điện thoại)",
        FrameField.Email => "email",
        FrameField.Address => "address (địa chỉ)",
        FrameField.Group => "group (nhóm đối tượng)",
        FrameField.Unit => "unit (đơn vị)",
        FrameField.Size => "size (quy mô)",
        FrameField.Cluster1 => "cluster1 (xã)",
        FrameField.Cluster2 => "cluster2 (thôn)",
        FrameField.Cluster3 => "cluster3 (hộ)",
        _ => f.ToString(),
    };

    private static Dictionary<string, FrameField> Build(Dictionary<FrameField, string[]> source)
    {
        var map = new Dictionary<string, FrameField>(StringComparer.Ordinal);
        foreach (var (field, names) in source)
            foreach (var name in names) map[Key(name)] = field;
        return map;
    }
}
