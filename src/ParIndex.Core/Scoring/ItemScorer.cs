using System.Text.Json;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Scoring;

/// <summary>One answer's contribution to a scoring target: the answer's score in [0, 1] and the item's weight.</summary>
public readonly record struct TargetScore(string Target, double Score, double Weight);

/// <summary>
/// The scored items of one questionnaire version and how their answers become scores (<see cref="ScoreRules"/>),
/// with the round's satisfied threshold applied to top-box items when the configuration sets one.
/// "Don't know", blank and unparsable answers give no score (they are excluded, not counted as 0).
/// </summary>
public sealed class ItemScorer
{
    private readonly (Item Item, string Target, double Weight)[] items;
    private readonly string[][] targets;
    private readonly string[] attributes;
    private readonly double? threshold;

    public ItemScorer(QuestionnaireDefinition definition, double? satisfiedThreshold) : this(definition, satisfiedThreshold, null, null, null)
    {
    }

    /// <summary>
    /// The scorer of one questionnaire version as a round's <paramref name="configuration"/> scores it: its satisfied threshold,
    /// its target mappings for the questionnaire's respondent group (<see cref="QuestionnaireDefinition.RespondentGroup"/>
    /// unless <paramref name="group"/> names it) and its SIPAS breakdown items.
    /// </summary>
    public ItemScorer(QuestionnaireDefinition definition, ScoringConfiguration configuration, string? group = null)
        : this(definition, configuration?.SatisfiedThreshold, configuration?.TargetMappings, group ?? definition?.RespondentGroup,
            configuration?.SipasBreakdowns.Select(b => b.Item).ToList())
    {
    }

    /// <param name="mappings">Further targets of items (<see cref="TargetMapping"/>), applied for respondent group <paramref name="group"/>.</param>
    /// <param name="attributeItems">Items whose raw answers a row keeps (the SIPAS breakdowns: "field", "channel"), in this order.</param>
    public ItemScorer(QuestionnaireDefinition definition, double? satisfiedThreshold, IReadOnlyList<TargetMapping>? mappings, string? group, IReadOnlyList<string>? attributeItems)
    {
        ArgumentNullException.ThrowIfNull(definition);
        items = definition.AllItems().Select(p => p.Item)
            .Where(i => i.Scoring is { Rule: not null } sc && sc.Target.Length > 0 && sc.Weight > 0)
            .Select(i => (i, i.Scoring!.Target, i.Scoring.Weight)).ToArray();
        targets = items.Select(i => TargetMapping.TargetsOf(i.Item.Id, i.Target, group, mappings)).ToArray();
        attributes = attributeItems is null ? [] : [.. attributeItems];
        threshold = satisfiedThreshold;
    }

    /// <summary>Scored items with their questionnaire target, in questionnaire order.</summary>
    public IEnumerable<(Item Item, string Target, double Weight)> Items => items;

    /// <summary>Every target scored item <paramref name="i"/> (questionnaire order) feeds: its own first, then mapped ones.</summary>
    public IReadOnlyList<string> TargetsOf(int i) => targets[i];

    /// <summary>The items whose raw answers a row keeps (<see cref="AnswerRow.CopyAttributes"/>), in order.</summary>
    public IReadOnlyList<string> AttributeItems => attributes;

    /// <summary>The score of one answer, or null when it does not count.</summary>
    public double? Score(Item item, string? answer)
    {
        var s = ScoreRules.Score(item, answer);
        if (s is null || threshold is not { } t || item.Scoring!.Rule != ScoringRule.TopBox) return s;
        return Value.ParseNumber(answer!) >= t ? 1 : 0;
    }

    /// <summary>Scored item i's target and weight (questionnaire order, as <see cref="Items"/>).</summary>
    internal (Item Item, string Target, double Weight)[] ItemArray => items;

    internal string[][] TargetArray => targets;

    private Dictionary<string, int>? byId;

    /// <summary>Item id → position among the scored items (the first item of an id wins, as a dictionary lookup would find it).</summary>
    internal Dictionary<string, int> ItemPositions
    {
        get
        {
            if (byId is null)
            {
                var map = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
                for (var i = 0; i < items.Length; i++) map.TryAdd(items[i].Item.Id, i);
                byId = map;
            }
            return byId;
        }
    }

    /// <summary>A reusable buffer that scores answer sets straight from their stored JSON (see <see cref="AnswerRow"/>).</summary>
    public AnswerRow NewRow() => new(this);

    /// <summary>The scores of one answer set (answers keyed by item id): one per target each answered item feeds.</summary>
    public IEnumerable<TargetScore> Scores(IReadOnlyDictionary<string, string> answers)
    {
        for (var i = 0; i < items.Length; i++)
        {
            var (item, _, weight) = items[i];
            if (!answers.TryGetValue(item.Id, out var a) || Score(item, a) is not { } s) continue;
            foreach (var target in targets[i]) yield return new TargetScore(target, s, weight);
        }
    }

    /// <summary>The raw answers of the attribute items in one answer set (null when unanswered), in <see cref="AttributeItems"/> order.</summary>
    public string?[] Attributes(IReadOnlyDictionary<string, string> answers) =>
        attributes.Select(a => answers.TryGetValue(a, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null).ToArray();
}

/// <summary>
/// The answers of one scoring row, read straight from the stored answers JSON (UTF-8 bytes, <see cref="Utf8JsonReader"/>)
/// into per-item slots, without a dictionary or a string per answer. Gives exactly what
/// <see cref="ItemScorer.Scores"/> gives for the dictionary the JSON deserialises to: within one JSON object the last
/// value of a repeated key wins; across the answer sets of a row (<see cref="Add"/> called more than once) the first
/// set that answers an item wins. Each distinct answer text of an item is scored once through
/// <see cref="ItemScorer.Score"/> and remembered, so a million rows of Likert answers cost a few comparisons each.
/// Not thread-safe; reuse one per questionnaire version.
/// </summary>
public sealed class AnswerRow
{
    private const int CacheSize = 16;
    private readonly ItemScorer scorer;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly double[] score;
    private readonly bool[] scored;
    private readonly int[] setOf;
    private readonly byte[][] idUtf8;
    private readonly bool[] firstOfId;
    private readonly string[][] cacheText;
    private readonly byte[][][] cacheUtf8;
    private readonly double?[][] cacheScore;
    private readonly int[] cacheCount;
    private char[] chars = new char[128];
    private int set;
    // Attribute items (SIPAS breakdowns): their raw answers, kept per row with the same set rules as the scores.
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>? attrLookup;
    private readonly int[] attrOfScored;
    private readonly string?[] attrValue;
    private readonly int[] attrSetOf;
    private readonly List<(byte[] Utf8, string Text)>[] attrCache;

    internal AnswerRow(ItemScorer scorer)
    {
        this.scorer = scorer;
        lookup = scorer.ItemPositions.GetAlternateLookup<ReadOnlySpan<char>>();
        var n = scorer.ItemArray.Length;
        score = new double[n]; scored = new bool[n]; setOf = new int[n];
        cacheText = new string[n][]; cacheUtf8 = new byte[n][][]; cacheScore = new double?[n][]; cacheCount = new int[n];
        for (var i = 0; i < n; i++) { cacheText[i] = new string[CacheSize]; cacheUtf8[i] = new byte[CacheSize][]; cacheScore[i] = new double?[CacheSize]; }
        idUtf8 = scorer.ItemArray.Select(x => System.Text.Encoding.UTF8.GetBytes(x.Item.Id)).ToArray();
        firstOfId = Enumerable.Range(0, n).Select(i => scorer.ItemPositions[scorer.ItemArray[i].Item.Id] == i).ToArray();
        var attributes = scorer.AttributeItems;
        attrValue = new string?[attributes.Count];
        attrSetOf = new int[attributes.Count];
        attrCache = attributes.Select(_ => new List<(byte[], string)>()).ToArray();
        attrOfScored = Enumerable.Range(0, n).Select(i => IndexOf(attributes, scorer.ItemArray[i].Item.Id)).ToArray();
        if (attributes.Count > 0)
        {
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var a = 0; a < attributes.Count; a++) map.TryAdd(attributes[a], a);
            attrLookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string id)
    {
        for (var k = 0; k < list.Count; k++) if (string.Equals(list[k], id, StringComparison.Ordinal)) return k;
        return -1;
    }

    public ItemScorer Scorer => scorer;

    /// <summary>Starts a new row (forgets the previous row's answers).</summary>
    public void Clear()
    {
        Array.Clear(setOf);
        Array.Clear(attrSetOf);
        set = 0;
    }

    /// <summary>Adds one answer set's JSON object of item id → answer text (null answers count as unanswered).</summary>
    /// <exception cref="JsonException">The JSON is not an object of strings (as deserialising it to a dictionary would throw).</exception>
    public void Add(ReadOnlySpan<byte> utf8Json)
    {
        set++;
        var reader = new Utf8JsonReader(utf8Json);
        if (!reader.Read()) throw new JsonException("Empty answers JSON.");
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Answers JSON is not an object.");
        // Answers are usually stored in questionnaire order: the next scored item is tried first, on the raw bytes.
        var expected = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("Answers JSON is malformed.");
            int i;
            bool found;
            var a = -1;
            if (expected < idUtf8.Length && firstOfId[expected] && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.SequenceEqual(idUtf8[expected]))
                (i, found) = (expected, true);
            else
            {
                var name = Text(ref reader);
                found = lookup.TryGetValue(name, out i);
                if (!found && attrLookup is { } attributes && attributes.TryGetValue(name, out var ai)) a = ai;
            }
            if (found)
            {
                expected = i + 1;
                a = attrOfScored[i];
            }
            if (!reader.Read()) throw new JsonException("Answers JSON ends early.");
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) throw new JsonException("An answer is not a string.");
            if (a >= 0 && (attrSetOf[a] == 0 || attrSetOf[a] == set))
            {
                attrSetOf[a] = set;
                attrValue[a] = reader.TokenType == JsonTokenType.Null ? null : Attribute(a, ref reader);
            }
            if (!found || (setOf[i] != 0 && setOf[i] != set)) continue;
            setOf[i] = set;
            double? s;
            if (reader.TokenType == JsonTokenType.Null) s = scorer.Score(scorer.ItemArray[i].Item, null);
            else if (!reader.ValueIsEscaped && !reader.HasValueSequence) s = Lookup(i, reader.ValueSpan);
            else s = Lookup(i, Text(ref reader));
            scored[i] = s is not null;
            score[i] = s ?? 0;
        }
    }

    /// <summary>Adds one answer set from its JSON text.</summary>
    public void Add(string json)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        try { Add(rented.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(json, rented))); }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(rented); }
    }

    /// <summary>Whether scored item <paramref name="i"/> (questionnaire order) has a score in this row, and the score.</summary>
    internal bool TryGet(int i, out double value)
    {
        value = score[i];
        return setOf[i] != 0 && scored[i];
    }

    /// <summary>
    /// Copies the row's score of every scored item (questionnaire order) into <paramref name="destination"/>, NaN where the
    /// row has none, for <see cref="ScoringDataBuilder.Add(string, int?, string?, string?, string, double, double?, ItemScorer, ReadOnlySpan{double})"/>:
    /// rows can be read on several threads and added in order on one.
    /// </summary>
    public void CopyScores(Span<double> destination)
    {
        for (var i = 0; i < score.Length; i++) destination[i] = TryGet(i, out var s) ? s : double.NaN;
    }

    /// <summary>The row's scores, as <see cref="ItemScorer.Scores"/> yields them (for tests and the slow path).</summary>
    public IEnumerable<TargetScore> Scores()
    {
        var items = scorer.ItemArray;
        var targets = scorer.TargetArray;
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryGet(i, out var s)) continue;
            foreach (var t in targets[i]) yield return new TargetScore(t, s, items[i].Weight);
        }
    }

    /// <summary>
    /// Copies the row's raw answer of every attribute item (<see cref="ItemScorer.AttributeItems"/> order) into
    /// <paramref name="destination"/>: null when unanswered or blank.
    /// </summary>
    public void CopyAttributes(Span<string?> destination)
    {
        for (var a = 0; a < attrValue.Length; a++)
            destination[a] = attrSetOf[a] != 0 && !string.IsNullOrWhiteSpace(attrValue[a]) ? attrValue[a] : null;
    }

    /// <summary>An attribute answer as text, the same string object for every row giving the same answer (a few codes per item).</summary>
    private string Attribute(int a, ref Utf8JsonReader reader)
    {
        var cache = attrCache[a];
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            foreach (var (utf8, text) in cache)
                if (reader.ValueSpan.SequenceEqual(utf8)) return text;
        }
        var value = reader.GetString()!;
        if (cache.Count < 64 && !reader.ValueIsEscaped) cache.Add((System.Text.Encoding.UTF8.GetBytes(value), value));
        return value;
    }

    private ReadOnlySpan<char> Text(ref Utf8JsonReader reader)
    {
        var needed = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (needed > chars.Length) chars = new char[Math.Max(needed, chars.Length * 2)];
        var n = reader.CopyString(chars);
        return chars.AsSpan(0, n);
    }

    private double? Lookup(int i, ReadOnlySpan<char> text)
    {
        var texts = cacheText[i];
        var count = cacheCount[i];
        for (var k = 0; k < count; k++)
            if (text.SequenceEqual(texts[k])) return cacheScore[i][k];
        var answer = text.ToString();
        var s = scorer.Score(scorer.ItemArray[i].Item, answer);
        if (count < CacheSize) { texts[count] = answer; cacheUtf8[i][count] = System.Text.Encoding.UTF8.GetBytes(answer); cacheScore[i][count] = s; cacheCount[i] = count + 1; }
        return s;
    }

    /// <summary>As <see cref="Lookup(int, ReadOnlySpan{char})"/> for an answer without escapes, compared as UTF-8 bytes.</summary>
    private double? Lookup(int i, ReadOnlySpan<byte> utf8)
    {
        var bytes = cacheUtf8[i];
        var count = cacheCount[i];
        for (var k = 0; k < count; k++)
            if (utf8.SequenceEqual(bytes[k])) return cacheScore[i][k];
        var max = System.Text.Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (max > chars.Length) chars = new char[Math.Max(max, chars.Length * 2)];
        return Lookup(i, chars.AsSpan(0, System.Text.Encoding.UTF8.GetChars(utf8, chars)));
    }
}
