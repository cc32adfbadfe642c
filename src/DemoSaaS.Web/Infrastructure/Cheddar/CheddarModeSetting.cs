namespace DemoSaaS.Web.Infrastructure.Cheddar;

/// <summary>
/// Reads <c>Cheddar:Mode</c> and refuses a start that would bill nobody by accident: outside Development the mode must
/// be set, and the simulated sandbox runs there only when <c>Cheddar:AllowSandboxOutsideDevelopment</c> says so.
/// </summary>
public static class CheddarModeSetting
{
    public const string ModeKey = "Cheddar:Mode";
    public const string AllowSandboxKey = "Cheddar:AllowSandboxOutsideDevelopment";

    /// <summary>The configured mode; Sandbox when unset in Development. Throws with a one-line reason otherwise.</summary>
    public static CheddarMode Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var modeText = configuration[ModeKey];
        var development = environment.IsDevelopment();
        if (string.IsNullOrWhiteSpace(modeText))
        {
            if (!development)
            {
                throw new InvalidOperationException(
                    $"{ModeKey} is not set and the environment is '{environment.EnvironmentName}': set {ModeKey}=Real with your Cheddar product's settings, "
                    + $"or {ModeKey}=Sandbox with {AllowSandboxKey}=true for a demo (the sandbox simulates billing and collects no money).");
            }
            return CheddarMode.Sandbox;
        }
        if (!Enum.TryParse<CheddarMode>(modeText, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(modeText, out _))
        {
            throw new InvalidOperationException($"{ModeKey} must be 'Sandbox' or 'Real', not '{modeText}'.");
        }
        if (mode == CheddarMode.Sandbox && !development && !configuration.GetValue<bool>(AllowSandboxKey))
        {
            throw new InvalidOperationException(
                $"{ModeKey} is Sandbox in the '{environment.EnvironmentName}' environment: the embedded sandbox simulates billing and collects no money; "
                + $"set {ModeKey}=Real for a deployment, or {AllowSandboxKey}=true to run the demo sandbox anyway.");
        }
        return mode;
    }
}
