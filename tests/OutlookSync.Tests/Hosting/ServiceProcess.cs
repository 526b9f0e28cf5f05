using System.Diagnostics;
using Xunit;

namespace OutlookSync.Tests.Hosting;

/// <summary>
/// The service as a supervisor or an operator runs it: <c>dotnet OutlookSync.dll [command ...]</c> in a folder of its
/// own (database and key ring there), with environment settings and optional standard input; answers its exit code
/// and everything it printed.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "service-process-" + Guid.NewGuid().ToString("N"))).FullName;

    public async Task<(int Exit, string Output)> RunAsync(Dictionary<string, string>? environment = null, string arguments = "", string? input = null)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{typeof(Program).Assembly.Location}\" {arguments}")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Harness.Testing.LoopbackPorts.Free()}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Storage__ConnectionString"] = $"Data Source={Path.Combine(Folder, "outlook-sync.db")}";
        info.Environment["Storage__DataProtectionKeysPath"] = Path.Combine(Folder, "keys");
        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet OutlookSync.dll {arguments} kept running.\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
