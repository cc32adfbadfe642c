using MudBlazor;

namespace DemoSaaS.Web.Components.Layout;

/// <summary>The product's colours; the primary is dark enough for white text at WCAG AA in both themes.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            AppbarBackground = "#3949ab",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9fa8da",
            PrimaryContrastText = "#121212",
            Secondary = "#80cbc4",
            AppbarBackground = "#1e1e2d",
        },
    };
}
