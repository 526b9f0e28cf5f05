using Xunit;

[assembly: TestFramework("Harness.Testing.StopsSharedServersTestFramework", "Harness.Testing")]
