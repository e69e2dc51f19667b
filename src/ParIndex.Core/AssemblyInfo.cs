namespace ParIndex.Core;

/// <summary>Marker for the domain and statistics library: no ASP.NET dependency lives here.</summary>
public static class CoreAssembly
{
    public static readonly string EngineVersion =
        typeof(CoreAssembly).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
