using Harness.Gherkin.Execution;
using Reqnroll.Plugins;

[assembly: RuntimePlugin(typeof(BridgeRuntimePlugin))]
