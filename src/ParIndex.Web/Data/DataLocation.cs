namespace ParIndex.Web.Data;

/// <summary>
/// Where relative data paths live — the SQLite file (<c>Data Source=data/parindex.db</c>), the generated link secret, the
/// evidence folder — so that the web app and the CLI find the same database however they are started: inside a ParIndex
/// checkout (a folder above the working directory holds <see cref="Marker"/>) they resolve against that repository root,
/// elsewhere (a published build) against the working directory. <c>dotnet run --project src/ParIndex.Web</c> runs in the
/// project folder and <c>dotnet run --project src/ParIndex.Cli</c> in the caller's, so the working directory alone gave
/// them two databases (docs/operations.md § Database location).
/// </summary>
public static class DataLocation
{
    /// <summary>The file that marks a repository root.</summary>
    public const string Marker = "ParIndex.sln";

    /// <summary>The folder relative data paths resolve against: the nearest folder from the working directory up that holds <see cref="Marker"/>, else the working directory.</summary>
    public static string Root()
    {
        var cwd = Directory.GetCurrentDirectory();
        for (var dir = new DirectoryInfo(cwd); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
        return cwd;
    }

    /// <summary>An absolute path for <paramref name="path"/>: kept when rooted, else under <see cref="Root"/>.</summary>
    public static string Resolve(string path) => Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(Root(), path));
}
