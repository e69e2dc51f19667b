using System.Text.Json.Serialization;

namespace ParIndex.Core.Questionnaires;

/// <summary>Kinds of question. Every answer is stored as a string (see <see cref="ResponseData"/>).</summary>
public enum ItemType
{
    /// <summary>5-point satisfaction scale, answers "1".."5".</summary>
    Likert5,
    /// <summary>4-point expectation scale, answers "1".."4".</summary>
    Likert4,
    /// <summary>One code from a choice list.</summary>
    Single,
    /// <summary>Several codes, space-separated.</summary>
    Multiple,
    /// <summary>Whole number, invariant culture.</summary>
    Integer,
    /// <summary>Number with optional fraction, invariant culture ('.' separator).</summary>
    Decimal,
    /// <summary>ISO date yyyy-MM-dd.</summary>
    Date,
    /// <summary>Short free text.</summary>
    Text,
    /// <summary>Long free text (comments).</summary>
    LongText,
    /// <summary>Display-only text; takes no answer.</summary>
    Note,
    /// <summary>Computed from <see cref="Item.Calculation"/>; never answered by the respondent.</summary>
    Calculate,
}

/// <summary>How a scored item's answer becomes a score between 0 and 1.</summary>
public enum ScoringRule
{
    /// <summary>1 when the answer is at least <see cref="ItemScoring.TopBoxMin"/> (default 4 of 5, 3 of 4), else 0; averaged it is the share answering 4–5.</summary>
    TopBox,
    /// <summary>(x − min) / (max − min), with min/max the scale ends (Likert) or the item's range.</summary>
    MeanRescaled,
}

/// <summary>Where a scored item's answer goes and how it is converted. Max points live on the criteria, not here.</summary>
public sealed class ItemScoring
{
    /// <summary>Sub-criterion code ("3.2") or SIPAS element ("access", "procedure", "civil_servant", "result", "feedback", "policy_*").</summary>
    public string Target { get; set; } = "";

    /// <summary>The conversion rule; required on a scored item (no silent default: top-box and mean give different indices).</summary>
    public ScoringRule? Rule { get; set; }

    /// <summary>Relative weight of the item inside its target; default 1.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>Lowest answer counted as "satisfied" for <see cref="ScoringRule.TopBox"/>; default 4 (likert5) or 3 (likert4).</summary>
    public double? TopBoxMin { get; set; }
}

/// <summary>A question, a note or a calculation.</summary>
public sealed class Item
{
    /// <summary>The "don't know / not applicable" answer code offered when <see cref="DontKnow"/> is true.</summary>
    public const string DontKnowCode = "dk";

    /// <summary>Stable id, unique in the whole questionnaire; the key of the answer. Letters, digits, '_' and '-'.</summary>
    public string Id { get; set; } = "";

    /// <summary>Kind of question.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ItemType Type { get; set; }

    /// <summary>Question text.</summary>
    public LocalizedText? Label { get; set; }

    /// <summary>Help text under the question.</summary>
    public LocalizedText? Hint { get; set; }

    /// <summary>For single/multiple: the id of a list in <see cref="QuestionnaireDefinition.ChoiceLists"/>, or "@units" for the round's rated units.</summary>
    public string? ChoiceList { get; set; }

    /// <summary>Labels of the Likert points, lowest first; overrides the definition's and the built-in ones.</summary>
    public List<LocalizedText>? ScaleLabels { get; set; }

    /// <summary>Offers a "don't know / not applicable" answer (<see cref="DontKnowCode"/>), excluded from scores.</summary>
    public bool DontKnow { get; set; }

    /// <summary>Label of the don't-know answer; default "Không biết / Không áp dụng".</summary>
    public LocalizedText? DontKnowLabel { get; set; }

    /// <summary>"true", "false" (default) or an expression.</summary>
    public string? Required { get; set; }

    /// <summary>Expression; when false the item is hidden and its answer ignored.</summary>
    public string? Relevant { get; set; }

    /// <summary>Expression that must be true for a given answer; <c>.</c> is the answer.</summary>
    public string? Constraint { get; set; }

    /// <summary>Message shown when <see cref="Constraint"/> fails.</summary>
    public LocalizedText? ConstraintMessage { get; set; }

    /// <summary>Expression computing a <see cref="ItemType.Calculate"/> item.</summary>
    public string? Calculation { get; set; }

    /// <summary>Expression evaluated per choice; bare names are the choice's columns (<c>code</c> or a property).</summary>
    public string? ChoiceFilter { get; set; }

    /// <summary>Smallest allowed number (integer/decimal).</summary>
    public double? Min { get; set; }

    /// <summary>Largest allowed number (integer/decimal).</summary>
    public double? Max { get; set; }

    /// <summary>Longest allowed text; default 500 for text, 4000 for long text.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Present on scored items.</summary>
    public ItemScoring? Scoring { get; set; }

    /// <summary>True for types that take an answer from the respondent.</summary>
    public bool IsAnswerable => Type is not (ItemType.Note or ItemType.Calculate);

    /// <summary>True for Likert scales.</summary>
    public bool IsLikert => Type is ItemType.Likert5 or ItemType.Likert4;

    /// <summary>Number of points of a Likert item (5 or 4), else 0.</summary>
    public int ScalePoints => Type switch { ItemType.Likert5 => 5, ItemType.Likert4 => 4, _ => 0 };

    /// <summary>Effective maximum text length.</summary>
    public int EffectiveMaxLength => MaxLength ?? (Type == ItemType.LongText ? 4000 : 500);
}
