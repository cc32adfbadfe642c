using MudBlazor;

namespace DemoSaaS.Web.Components.Layout;

/// <summary>The product's colours; primary and status colours are dark enough for white text at WCAG AA in the light theme.</summary>
public static class AppTheme
{
    /// <summary>
    /// The class the layout puts on its root element in dark mode. The dark palette's CSS variables apply to the whole
    /// document while an element with this class is in it (<see cref="DarkScope"/>), so switching themes changes one
    /// class instead of re-rendering the theme's CSS inside every circuit.
    /// </summary>
    public const string DarkModeClass = "app-dark-mode";

    /// <summary>The CSS selector the dark palette is written under (MudBlazor writes the light theme under <c>:root</c>).</summary>
    public const string DarkScope = ":root:has(." + DarkModeClass + ")";

    public static MudTheme Theme { get; } = Create(":root");

    /// <summary>The same theme with its CSS scoped to <see cref="DarkScope"/>, for the dark palette's variables.</summary>
    public static MudTheme DarkScopedTheme { get; } = Create(DarkScope);

    private static MudTheme Create(string scope) => new()
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
        PseudoCss = new PseudoCss { Scope = scope },
    };
}
