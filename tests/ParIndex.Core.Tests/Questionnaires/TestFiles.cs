namespace ParIndex.Core.Tests.Questionnaires;

/// <summary>Locates the repository's questionnaires/ folder from the test output directory.</summary>
internal static class TestFiles
{
    public static string QuestionnairesDir
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "questionnaires")))
            {
                dir = dir.Parent;
            }
            return dir is null
                ? throw new DirectoryNotFoundException("questionnaires/ not found above " + AppContext.BaseDirectory)
                : Path.Combine(dir.FullName, "questionnaires");
        }
    }

    public static string Demo => Path.Combine(QuestionnairesDir, "demo-citizen-simple.yaml");
}
