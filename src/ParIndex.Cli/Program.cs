using ParIndex.Cli.Commands;

namespace ParIndex.Cli;

/// <summary>parindex &lt;area&gt; &lt;verb&gt; [options]: batch work for the institute (see docs/cli.md).</summary>
public static class CliProgram
{
    public static async Task<int> Main(string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        return await Run(args, stdout, stderr);
    }

    public static async Task<int> Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine("""
                parindex — batch commands for ParIndex

                  parindex db migrate|seed-demo [--db CONNECTION]
                  parindex round list|create|copy|import-units|criteria [options]
                  parindex user add --email E [--role R] [--password-stdin] | user list
                  parindex backup --out FILE [--db CONN] | restore --from FILE [--db CONN] [--force]
                  parindex sample size … | sample draw --design sampling/<design>.yaml --frame <file> --seed <n> (see docs/sampling.md)
                  parindex questionnaire validate FILE… | to-xlsform | from-xlsform | print (see docs/questionnaire-format.md)
                  parindex score --round ID [--out DIR] [--db CONN] [--export long,wide,xlsx]   (index, cells, run, report; response data on request)
                  parindex estimate --data FILE.csv [design] (--mean|--total|--prop|--var|--quantile) VAR | --ratio N/D [--by C] …   (parindex estimate --help)
                """);
            return 0;
        }
        try
        {
            var rest = args[1..];
            return args[0] switch
            {
                "db" => await RoundCommands.Db(rest, stdout),
                "round" => await RoundCommands.Round(rest, stdout, stderr),
                "user" => await UserCommands.Run(rest, Console.In, stdout, stderr),
                "sample" => SampleCommands.Run(rest, stdout, stderr),
                "questionnaire" => QuestionnaireCommands.Run(rest, stdout, stderr),
                "estimate" => EstimateCommand.Run(rest, stdout, stderr),
                "score" => await ScoreCommand.Run(rest, stdout, stderr),
                "backup" => BackupCommands.Backup(rest, stdout, stderr),
                "restore" => BackupCommands.Restore(rest, stdout, stderr),
                _ => throw new CliException($"unknown command '{args[0]}'; run parindex --help"),
            };
        }
        catch (CliException e)
        {
            stderr.WriteLine($"parindex: {e.Message}");
            return 2;
        }
        catch (CliRefusal e)
        {
            stderr.WriteLine($"parindex: {e.Message}");
            return 1;
        }
        catch (ParIndex.Core.Domain.DomainException e)
        {
            stderr.WriteLine($"parindex: {e.Code}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PARINDEX_TRACE") != "1")
        {
            // Whatever reaches the top is one line (PARINDEX_TRACE=1 lets the stack trace through, for developers).
            var reason = e.GetBaseException().Message.Split('\n', 2)[0].Trim();
            stderr.WriteLine($"parindex: lỗi / error: {reason} ({e.GetBaseException().GetType().Name}; PARINDEX_TRACE=1 shows the details)");
            return 1;
        }
    }
}
