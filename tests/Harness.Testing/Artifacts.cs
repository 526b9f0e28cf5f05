namespace Harness.Testing;

/// <summary>The checkout's git-ignored artifacts/ folder, where test runs leave reports for people and CI.</summary>
public static class Artifacts
{
    private static readonly Lock Gate = new();

    public static string Folder(string name)
    {
        var root = RepositoryRoot() ?? Path.GetTempPath();
        return Directory.CreateDirectory(Path.Combine(root, "artifacts", name)).FullName;
    }

    /// <summary>Appends a line to a shared file (scenarios run in parallel).</summary>
    public static void AppendLine(string folder, string file, string line)
    {
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(Folder(folder), file), line + Environment.NewLine);
        }
    }

    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
