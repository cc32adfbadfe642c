using System.Text;
using MudBlazor;

namespace DemoSaaS.Web.Components.Layout;

/// <summary>
/// MudBlazor's theme CSS for the dark palette, cut down to the variables that differ between light and dark (the
/// palette and the native colour scheme); typography, shadows, layout and z-indexes come from the light theme's block.
/// Rendered statically in the page head with <see cref="AppTheme.DarkScopedTheme"/> and <c>IsDarkMode</c>.
/// </summary>
public sealed class DarkPaletteStyles : MudThemeProvider
{
    protected override void GenerateTheme(StringBuilder themeStringBuilder)
    {
        var full = new StringBuilder();
        base.GenerateTheme(full);
        foreach (var line in full.ToString().Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("--mud-palette-", StringComparison.Ordinal) || trimmed.StartsWith("--mud-native-html-color-scheme:", StringComparison.Ordinal))
            {
                themeStringBuilder.AppendLine(trimmed);
            }
        }
    }
}
