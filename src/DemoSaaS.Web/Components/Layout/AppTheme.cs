using MudBlazor;

namespace DemoSaaS.Web.Components.Layout;

/// <summary>The product's colours; primary and status colours are dark enough for white text at WCAG AA in the light theme.</summary>
public static class AppTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            AppbarBackground = "#3949ab",
            // MudBlazor's default status colours are 2-3.7:1 against white (axe color-contrast); these darker shades
            // keep chips, snackbars (drawn at 95% opacity) and coloured text at WCAG AA 4.5:1 against white.
            Info = "#1565c0",
            Success = "#1b5e20",
            Warning = "#a04000",
            Error = "#c62828",
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
