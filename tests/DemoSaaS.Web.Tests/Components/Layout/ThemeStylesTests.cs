using DemoSaaS.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace DemoSaaS.Web.Tests.Components.Layout;

/// <summary>The theme's CSS, written into the page head once per page load instead of into every circuit.</summary>
public sealed class ThemeStylesTests : BunitContext
{
    public ThemeStylesTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging();
    }

    [Fact]
    public void The_head_carries_the_light_theme_and_the_dark_palette_scoped_to_the_layouts_dark_mode_class()
    {
        var styles = Render<ThemeStyles>().FindAll("style.mud-theme-provider").Select(s => s.TextContent).ToList();

        Assert.Equal(2, styles.Count);
        var light = styles[0];
        var dark = styles[1];
        Assert.StartsWith(":root{", light.Trim());
        Assert.Contains("--mud-palette-primary: rgba(57,73,171,1);", light);
        Assert.Contains("--mud-typography-default-family:", light);
        Assert.Contains("--mud-native-html-color-scheme: light;", light);

        Assert.StartsWith(":root:has(.app-dark-mode){", dark.Trim());
        Assert.Contains("--mud-palette-primary: rgba(159,168,218,1);", dark);
        Assert.Contains("--mud-native-html-color-scheme: dark;", dark);
        // Only what differs between the palettes: typography, shadows and z-indexes come from the light block.
        Assert.DoesNotContain("--mud-typography", dark);
        Assert.DoesNotContain("--mud-elevation", dark);
        Assert.DoesNotContain("--mud-zindex", dark);
    }
}
