using System.Diagnostics;

namespace Harness.Testing;

/// <summary>Runs the command-line tools of the private servers (rabbitmqctl, pg_ctl) with a time limit, and cleans up after them.</summary>
internal static class ProcessRunner
{
    public static async Task<(int Code, string Output)> RunAsync(string file, string arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        await RunAsync(new ProcessStartInfo(file, arguments), environment, timeout);

    public static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo info, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var command = $"{info.FileName} {string.Join(' ', info.ArgumentList)}{info.Arguments}";
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{command} did not finish within {timeout.TotalSeconds} s");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{info.FileName} could not be started: {ex.Message}");
        }
    }

    /// <summary>
    /// The process exists and has not exited. On Linux an exited process stays a zombie until its parent (init, for a
    /// detached server) reaps it, which some inits do only every few seconds: a zombie counts as gone.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Removes a private server's folder; one still in use is left for the next run's reaper.</summary>
    public static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run's reaper.
        }
    }
}
