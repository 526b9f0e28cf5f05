using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Pages.Integrations;

public sealed class IndexModel(SyncDbContext db) : PageModel
{
    public List<Integration> Integrations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Integrations = await db.Integrations.AsNoTracking().Include(i => i.Mappings).OrderBy(i => i.Id).ToListAsync(cancellationToken);
}
