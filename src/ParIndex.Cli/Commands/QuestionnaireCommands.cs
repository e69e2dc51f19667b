using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.XlsForm;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex questionnaire …</c>: checks definition files. Wired by the lead in Program.cs;
/// <paramref name="args"/> are the words after <c>questionnaire</c>.
/// </summary>
public static class QuestionnaireCommands
{
    private const string Usage = """
        usage:
          parindex questionnaire validate [--default-targets] FILE...
                                                    check YAML/JSON definitions; every problem is printed with its path;
                                                    --default-targets also checks scoring targets against the default criteria
          parindex questionnaire to-xlsform FILE OUT.xlsx  export a definition to XLSForm
          parindex questionnaire print FILE [en]           Markdown paper form (Vietnamese unless 'en')
          parindex questionnaire from-xlsform IN.xlsx OUT  import an XLSForm; OUT is .yaml or .json; issues are printed by row
        """;

    /// <summary>Runs the command; returns 0 when every file is valid, 1 otherwise (including usage errors).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? 1 : 0;
        }
        switch (args[0])
        {
            case "validate" when args.Skip(1).Any(a => a != "--default-targets"):
                return Validate(args[1..].Where(a => a != "--default-targets").ToArray(),
                    args.Contains("--default-targets") ? ScoringTargets.AllCodes : null, stdout, stderr);
            case "print" when args.Length is 2 or 3:
                return Print(args[1], args.Length == 3 ? args[2] : "vi", stdout, stderr);
            case "to-xlsform" when args.Length == 3:
                return ToXlsForm(args[1], args[2], stdout, stderr);
            case "from-xlsform" when args.Length == 3:
                return FromXlsForm(args[1], args[2], stdout, stderr);
            default:
                stderr.WriteLine($"unknown or incomplete command: questionnaire {string.Join(' ', args)}");
                stderr.WriteLine(Usage);
                return 1;
        }
    }

    private static int Print(string input, string language, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            stdout.Write(QuestionnairePrinter.ToMarkdown(QuestionnaireSerializer.Load(input), language));
            return 0;
        }
        catch (QuestionnaireFormatException ex)
        {
            foreach (var p in ex.Problems) stderr.WriteLine($"{input}: {p}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{input}: {ex.Message}");
            return 1;
        }
    }

    private static int ToXlsForm(string input, string output, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var def = QuestionnaireSerializer.Load(input);
            var problems = DefinitionValidator.Validate(def);
            foreach (var p in problems) stderr.WriteLine($"{input}: {p}");
            if (problems.Count > 0) return 1;
            using var file = File.Create(output);
            foreach (var issue in XlsFormConverter.Export(def, file)) stdout.WriteLine($"{output}: note: {issue}");
            stdout.WriteLine($"{output}: written");
            return 0;
        }
        catch (QuestionnaireFormatException ex)
        {
            foreach (var p in ex.Problems) stderr.WriteLine($"{input}: {p}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{input}: {ex.Message}");
            return 1;
        }
    }

    private static int FromXlsForm(string input, string output, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            XlsFormImportResult result;
            using (var file = File.OpenRead(input))
            {
                result = XlsFormConverter.Import(file);
            }
            foreach (var issue in result.Issues) stderr.WriteLine($"{input}: {issue}");
            if (result.Definition is null) return 1;
            var text = output.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? QuestionnaireSerializer.ToJson(result.Definition, indented: true)
                : QuestionnaireSerializer.ToYaml(result.Definition);
            File.WriteAllText(output, text);
            stdout.WriteLine($"{output}: written ({result.Issues.Count} issue(s))");
            return result.Issues.Count == 0 ? 0 : 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{input}: {ex.Message}");
            return 1;
        }
    }

    private static int Validate(string[] files, IReadOnlySet<string>? targets, TextWriter stdout, TextWriter stderr)
    {
        var failed = 0;
        foreach (var file in files)
        {
            IReadOnlyList<DefinitionProblem> problems;
            QuestionnaireDefinition? def = null;
            try
            {
                def = QuestionnaireSerializer.Load(file);
                problems = DefinitionValidator.Validate(def, targets);
            }
            catch (QuestionnaireFormatException ex)
            {
                problems = ex.Problems;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                problems = [new DefinitionProblem("", $"cannot read the file: {ex.Message}")];
            }
            if (problems.Count == 0 && def is not null)
            {
                var items = def.AllItems().Count();
                stdout.WriteLine($"{file}: OK — {def.Id}, {def.Sections.Count} sections, {items} items, sha256 {QuestionnaireSerializer.ContentHash(def)}");
                continue;
            }
            failed++;
            foreach (var p in problems)
            {
                stderr.WriteLine($"{file}: {p}");
            }
            stderr.WriteLine($"{file}: {problems.Count} problem(s)");
        }
        return failed == 0 ? 0 : 1;
    }
}
