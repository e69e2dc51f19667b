namespace ParIndex.Cli;

/// <summary>Minimal argument reader: positional words, <c>--name value</c> options and <c>--flag</c> switches.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    public CliArgs(IEnumerable<string> args, params string[] flags)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = list[i][2..];
                if (flags.Contains(name) || i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal)) options[name] = null;
                else options[name] = list[++i];
            }
            else Positional.Add(list[i]);
        }
    }

    public List<string> Positional { get; } = [];

    public bool Has(string name) => options.ContainsKey(name);

    public string? Get(string name) => options.TryGetValue(name, out var v) ? v : null;

    public string Require(string name) => Get(name) ?? throw new CliException($"missing --{name}");

    /// <summary>The database every command opens: <c>--db</c> (and <c>--provider</c>), else <c>Database__ConnectionString</c> (<c>Database__Provider</c>), else the web host's default.</summary>
    public ParIndex.Web.Data.DatabaseOptions Database()
    {
        var options = new ParIndex.Web.Data.DatabaseOptions();
        options.ConnectionString = Get("db") ?? Environment.GetEnvironmentVariable("Database__ConnectionString") ?? options.ConnectionString;
        options.Provider = Get("provider") ?? Environment.GetEnvironmentVariable("Database__Provider") ?? options.Provider;
        return options;
    }
}

/// <summary>A usage error: printed without a stack trace, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
