using Harness.Gherkin.Execution;
using Reqnroll.Plugins;
using Xunit;

[assembly: RuntimePlugin(typeof(BridgeRuntimePlugin))]
[assembly: TestFramework("Harness.Gherkin.Hosting.GherkinTestFramework", "Harness.Gherkin")]
