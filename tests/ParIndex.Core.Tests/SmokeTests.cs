namespace ParIndex.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void Engine_version_is_known() => Assert.False(string.IsNullOrEmpty(CoreAssembly.EngineVersion));
}
