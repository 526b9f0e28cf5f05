using System.Collections.Concurrent;

namespace OutlookSync.Sync;

/// <summary>
/// One sync per calendar at a time in this process: a worker handles several jobs at once, and two jobs for the
/// same calendar would read the same changes from Graph twice. The second waits; once the first has finished,
/// the second usually finds its change already covered (see <see cref="InboundSync"/>) and asks Graph nothing.
/// Across nodes the database takes this role (the calendar's row lock on PostgreSQL, one writer on SQLite).
/// </summary>
public sealed class CalendarGates
{
    private readonly ConcurrentDictionary<int, Gate> _gates = new();

    public async Task<IDisposable> EnterAsync(int mappingId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var gate = _gates.GetOrAdd(mappingId, _ => new Gate());
            lock (gate)
            {
                if (gate.Retired)
                {
                    continue;
                }

                gate.Users++;
            }

            try
            {
                await gate.Semaphore.WaitAsync(cancellationToken);
            }
            catch
            {
                Leave(mappingId, gate);
                throw;
            }

            return new Entered(() =>
            {
                gate.Semaphore.Release();
                Leave(mappingId, gate);
            });
        }
    }

    /// <summary>The last user of a calendar's gate removes it, so idle calendars hold no memory.</summary>
    private void Leave(int mappingId, Gate gate)
    {
        lock (gate)
        {
            if (--gate.Users == 0)
            {
                gate.Retired = true;
                _gates.TryRemove(new KeyValuePair<int, Gate>(mappingId, gate));
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Entered(Action leave) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                leave();
            }
        }
    }
}
