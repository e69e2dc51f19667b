namespace ParIndex.Core.Domain;

public enum CriterionLevel
{
    /// <summary>Lĩnh vực: one of the eight reform areas.</summary>
    Area = 1,
    /// <summary>Tiêu chí.</summary>
    Criterion = 2,
    /// <summary>Tiêu chí thành phần.</summary>
    SubCriterion = 3,
}

public enum ScoreComponent
{
    /// <summary>Scored from the unit's appraised self-assessment (tự đánh giá, thẩm định).</summary>
    Appraisal = 0,
    /// <summary>Scored from the sociological survey (điều tra xã hội học).</summary>
    Survey = 1,
}

/// <summary>
/// A node of a unit type's criteria tree (area → criterion → sub-criterion). Maximum points live here,
/// never on questionnaire items: a leaf's points are its own; an inner node's maximum must equal the sum of its children.
/// </summary>
public sealed class Criterion
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int UnitTypeId { get; set; }
    public int? ParentId { get; set; }
    public Criterion? Parent { get; set; }
    public List<Criterion> Children { get; set; } = [];
    public CriterionLevel Level { get; set; }

    /// <summary>Stable code such as "3", "3.2" or "3.2.1"; questionnaire items map to it.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public decimal MaxPoints { get; set; }
    public ScoreComponent Component { get; set; }
    public int SortOrder { get; set; }
}
