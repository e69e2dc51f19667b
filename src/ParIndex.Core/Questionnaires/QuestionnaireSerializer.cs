using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ParIndex.Core.Questionnaires;

/// <summary>A problem in a questionnaire definition, located by a path such as <c>sections[2].items[5].relevant</c>.</summary>
/// <param name="Path">Where the problem is; "" for the file as a whole.</param>
/// <param name="Message">What is wrong, in English (designers' tool).</param>
public sealed record DefinitionProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>Thrown when a definition file cannot be read at all (syntax, wrong types, unknown fields).</summary>
public sealed class QuestionnaireFormatException(IReadOnlyList<DefinitionProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    /// <summary>Every problem found.</summary>
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

/// <summary>
/// Reads and writes definitions. YAML is for people; canonical JSON (sorted keys, no
/// whitespace, nulls omitted) is for storage and for <see cref="ContentHash"/>.
/// YAML is first converted to JSON so both formats share one schema and one set of rules.
/// </summary>
public static partial class QuestionnaireSerializer
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            ReadCommentHandling = JsonCommentHandling.Skip,
            MaxDepth = MaxDepth,
            AllowTrailingCommas = true,
            // Vietnamese must stay readable in stored JSON; escaping is the writer's job in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        o.Converters.Add(new LenientStringConverter());
        return o;
    }

    /// <summary>Largest definition accepted, in characters; real questionnaires are well under 1 MB.</summary>
    public const int MaxTextLength = 4 * 1024 * 1024;

    /// <summary>Deepest YAML/JSON nesting accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Parses a YAML definition. Throws <see cref="QuestionnaireFormatException"/> with paths (or
    /// YAML line numbers) on any problem. Anchors/aliases are refused: definitions do not need
    /// them and alias expansion is the classic "billion laughs" attack on uploaded files.
    /// </summary>
    public static QuestionnaireDefinition FromYaml(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > MaxTextLength)
        {
            throw new QuestionnaireFormatException([new DefinitionProblem("", $"the file is larger than {MaxTextLength / (1024 * 1024)} MB")]);
        }
        using var buffer = new MemoryStream();
        try
        {
            using var writer = new Utf8JsonWriter(buffer);
            WriteYamlAsJson(new Parser(new StringReader(yaml)), writer);
        }
        catch (YamlException ex)
        {
            throw new QuestionnaireFormatException(
                [new DefinitionProblem("", $"YAML error at line {ex.Start.Line}, column {ex.Start.Column}: {Inner(ex).Message}")]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner occasionally fails with a non-YAML exception on broken input.
            throw new QuestionnaireFormatException([new DefinitionProblem("", $"YAML error: the file cannot be parsed ({ex.Message})")]);
        }
        return FromJson(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private sealed class Frame(bool isMapping)
    {
        public bool IsMapping { get; } = isMapping;
        public bool ExpectKey { get; set; } = isMapping;
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Streams YAML parser events into JSON without building a node tree, so depth and size stay bounded.</summary>
    private static void WriteYamlAsJson(IParser parser, Utf8JsonWriter w)
    {
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
        {
            throw new QuestionnaireFormatException([new DefinitionProblem("", "the file is empty")]);
        }
        var stack = new Stack<Frame>();
        void Fail(ParsingEvent e, string message) =>
            throw new YamlException(e.Start, e.End, message);
        void ValueDone()
        {
            if (stack.Count > 0 && stack.Peek().IsMapping) stack.Peek().ExpectKey = true;
        }
        var rootDone = false;
        while (!rootDone)
        {
            var e = parser.Current ?? throw new YamlException("unexpected end of the file");
            parser.MoveNext();
            if (e is AnchorAlias)
            {
                Fail(e, "aliases (*name) are not supported; repeat the content instead");
            }
            if (e is NodeEvent { Anchor.IsEmpty: false })
            {
                Fail(e, "anchors (&name) are not supported");
            }
            var inMappingKey = stack.Count > 0 && stack.Peek().IsMapping && stack.Peek().ExpectKey;
            switch (e)
            {
                case MappingStart or SequenceStart when inMappingKey:
                    Fail(e, "a key must be plain text");
                    break;
                case MappingStart:
                    if (stack.Count >= MaxDepth) Fail(e, $"nested deeper than {MaxDepth} levels");
                    w.WriteStartObject();
                    stack.Push(new Frame(true));
                    break;
                case SequenceStart:
                    if (stack.Count >= MaxDepth) Fail(e, $"nested deeper than {MaxDepth} levels");
                    w.WriteStartArray();
                    stack.Push(new Frame(false));
                    break;
                case MappingEnd:
                    w.WriteEndObject();
                    stack.Pop();
                    ValueDone();
                    break;
                case SequenceEnd:
                    w.WriteEndArray();
                    stack.Pop();
                    ValueDone();
                    break;
                case Scalar key when inMappingKey:
                    if (!stack.Peek().Keys.Add(key.Value)) Fail(e, $"duplicate key '{key.Value}'");
                    w.WritePropertyName(key.Value);
                    stack.Peek().ExpectKey = false;
                    break;
                case Scalar value:
                    WriteScalar(value, w);
                    ValueDone();
                    break;
                default:
                    Fail(e, $"unexpected {e.GetType().Name}");
                    break;
            }
            rootDone = stack.Count == 0;
        }
        parser.Consume<DocumentEnd>();
        if (!parser.Accept<StreamEnd>(out _))
        {
            throw new QuestionnaireFormatException([new DefinitionProblem("", "the file must contain exactly one YAML document")]);
        }
    }

    private static void WriteScalar(Scalar s, Utf8JsonWriter w)
    {
        var value = s.Value;
        if (s.Style is ScalarStyle.Plain && s.Tag.IsEmpty)
        {
            // YAML 1.2 core schema for plain scalars; the raw text of numbers is kept so
            // a code such as 3.10 is not turned into 3.1 when read into a string field.
            if (value is "" or "~" or "null" or "Null" or "NULL") { w.WriteNullValue(); return; }
            if (value is "true" or "True" or "TRUE") { w.WriteBooleanValue(true); return; }
            if (value is "false" or "False" or "FALSE") { w.WriteBooleanValue(false); return; }
            if (JsonNumber().IsMatch(value)) { w.WriteRawValue(value); return; }
        }
        w.WriteStringValue(value);
    }

    private static Exception Inner(Exception ex) => ex.InnerException is null ? ex : Inner(ex.InnerException);

    /// <summary>Parses a JSON definition. Throws <see cref="QuestionnaireFormatException"/> on any problem.</summary>
    public static QuestionnaireDefinition FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxTextLength)
        {
            throw new QuestionnaireFormatException([new DefinitionProblem("", $"the file is larger than {MaxTextLength / (1024 * 1024)} MB")]);
        }
        try
        {
            return JsonSerializer.Deserialize<QuestionnaireDefinition>(json, Options)
                ?? throw new QuestionnaireFormatException([new DefinitionProblem("", "the definition is empty")]);
        }
        catch (JsonException ex)
        {
            var path = (ex.Path ?? "").TrimStart('$').TrimStart('.');
            var message = ex.Message;
            var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
            throw new QuestionnaireFormatException([new DefinitionProblem(path, message)]);
        }
    }

    /// <summary>Loads a file by extension (.yaml/.yml or .json).</summary>
    public static QuestionnaireDefinition Load(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(text) : FromYaml(text);
    }

    /// <summary>Canonical JSON: object keys sorted (ordinal), defaults and nulls omitted, no whitespace, UTF-8 unescaped.</summary>
    public static string ToJson(QuestionnaireDefinition definition, bool indented = false)
    {
        var node = JsonSerializer.SerializeToNode(definition, Options)!;
        var sorted = Sort(node);
        return sorted!.ToJsonString(new JsonSerializerOptions { WriteIndented = indented, Encoder = Options.Encoder });
    }

    /// <summary>Canonical JSON node of any part of a definition (an item, a section), keys sorted.</summary>
    internal static JsonNode? ToNode(object value) => Sort(JsonSerializer.SerializeToNode(value, value.GetType(), Options));

    /// <summary>Lower-case hex SHA-256 of the UTF-8 canonical JSON; equal definitions hash equally whatever their YAML layout.</summary>
    public static string ContentHash(QuestionnaireDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson(definition))));

    /// <summary>YAML for people (download, diff). Strings that YAML would read as numbers or booleans are quoted.</summary>
    public static string ToYaml(QuestionnaireDefinition definition)
    {
        var node = JsonSerializer.SerializeToNode(definition, Options)!;
        var yaml = new YamlStream(new YamlDocument(ToYamlNode(node)));
        var sw = new StringWriter();
        yaml.Save(sw, assignAnchors: false);
        var text = sw.ToString();
        // YamlStream ends documents with "...": harmless but confusing to people.
        return text.EndsWith("...\n", StringComparison.Ordinal) || text.EndsWith("...\r\n", StringComparison.Ordinal)
            ? text[..text.LastIndexOf("...", StringComparison.Ordinal)]
            : text;
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sort(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(x => Sort(x?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };

    private static YamlNode ToYamlNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var map = new YamlMappingNode();
                foreach (var (k, v) in o)
                {
                    map.Add(new YamlScalarNode(k), ToYamlNode(v));
                }
                return map;
            case JsonArray a:
                return new YamlSequenceNode(a.Select(ToYamlNode));
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var s = v.GetValue<string>();
                var quoted = s.Length == 0 || IsPlainNonString(s) || s != s.Trim();
                return new YamlScalarNode(s) { Style = quoted ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };
            case null:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
            default:
                return new YamlScalarNode(node.ToJsonString()) { Style = ScalarStyle.Plain };
        }
    }

    private static bool IsPlainNonString(string s) =>
        JsonNumber().IsMatch(s) || s is "~" || s.Equals("null", StringComparison.OrdinalIgnoreCase)
        || s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase)
        || char.IsDigit(s[0]) || s[0] is '-' or '.' or '+';

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    /// <summary>Reads numbers and booleans into string fields (YAML <c>required: true</c>, <c>code: 1</c>) using their raw text.</summary>
    internal sealed class LenientStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => null,
                _ => throw new JsonException($"expected a text, found {reader.TokenType}"),
            };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    internal static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
