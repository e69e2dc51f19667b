using ParIndex.Core.Estimation;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex estimate</c>: design-based estimate, SE, CI, deff and df of one variable from a CSV, as JSON.
/// The work is done in <see cref="EstimateCommandLine"/> (ParIndex.Core) so it is tested with the estimators.
/// </summary>
public static class EstimateCommand
{
    /// <summary>Runs with the arguments after the word <c>estimate</c>; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => EstimateCommandLine.Run(args, stdout, stderr);
}
