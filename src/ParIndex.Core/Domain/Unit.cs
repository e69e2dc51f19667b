namespace ParIndex.Core.Domain;

/// <summary>A kind of evaluated unit: Sở (department), UBND xã/phường (commune/ward), public service unit.</summary>
public sealed class UnitType
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>An evaluated unit (đơn vị được đánh giá) within a round.</summary>
public sealed class Unit
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int UnitTypeId { get; set; }
    public UnitType? UnitType { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }

    /// <summary>The wider area the unit belongs to (e.g. the former district of a ward), for reporting.</summary>
    public string? ParentArea { get; set; }

    public int SortOrder { get; set; }
}

/// <summary>A respondent group (đối tượng điều tra) that rates units of one type, e.g. city council delegates rating Sở.</summary>
public sealed class RespondentGroup
{
    public int Id { get; set; }
    public int RoundId { get; set; }

    /// <summary>The type of unit this group evaluates.</summary>
    public int UnitTypeId { get; set; }

    public UnitType? UnitType { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }

    /// <summary>Weight of this group when groups are combined into a unit's survey points (configurable, relative).</summary>
    public decimal ScoreWeight { get; set; } = 1m;

    /// <summary>True for officials who rate every unit of the type (a unit grid); false for citizens who rate the unit that served them.</summary>
    public bool RatesManyUnits { get; set; }

    public int SortOrder { get; set; }
}
