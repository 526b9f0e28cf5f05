using Microsoft.Extensions.DependencyInjection;

namespace Harness.Testing;

/// <summary>The service's metrics for a part built by hand in a test (outside a host), from the framework's own meter factory.</summary>
public static class TestMetrics
{
    public static OutlookSync.Diagnostics.Telemetry.ServiceMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
}
