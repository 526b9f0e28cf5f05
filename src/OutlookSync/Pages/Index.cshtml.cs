using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OutlookSync.Pages;

public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/integrations");
}
