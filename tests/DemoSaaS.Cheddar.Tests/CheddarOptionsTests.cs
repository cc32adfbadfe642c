using System.ComponentModel.DataAnnotations;

namespace DemoSaaS.Cheddar.Tests;

public sealed class CheddarOptionsTests
{
    [Fact]
    public void Missing_settings_are_named_in_the_validation_message()
    {
        var options = new CheddarOptions();
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        var messages = string.Join("\n", results.Select(r => r.ErrorMessage));
        Assert.Contains("Cheddar:BaseUrl", messages);
        Assert.Contains("Cheddar:ProductCode", messages);
        Assert.Contains("Cheddar:Username", messages);
        Assert.Contains("Cheddar:Password", messages);
    }
}
