namespace Harness.Testing;

/// <summary>One server (broker, database) started on first use and shared by the whole test run, stopped at its end.</summary>
internal sealed class SharedServer<T>(Func<Task<T>> start)
    where T : class, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _server;

    public async Task<T> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _server ??= await start();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server, if this run started one.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
                _server = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
