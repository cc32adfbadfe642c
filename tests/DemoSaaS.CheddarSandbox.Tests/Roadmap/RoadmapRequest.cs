using System.Text;

namespace DemoSaaS.CheddarSandbox.Tests.Roadmap;

/// <summary>
/// One call of docs/roadmap-walkthrough.md, written twice as the walkthrough's curl commands send it: the JSON body the
/// roadmap uses and the urlencoded form every Cheddar client sends. Both are spelled out by hand (not derived from each
/// other), so a test comparing them checks the sandbox's JSON reading against an independent statement of the form.
/// </summary>
public sealed record RoadmapRequest(HttpMethod Method, string Path, string? Json, (string Key, string Value)[] Form)
{
    public HttpRequestMessage ToMessage(BodyKind kind)
    {
        var message = new HttpRequestMessage(Method, Path);
        if (kind == BodyKind.Json && Json is not null)
        {
            message.Content = new StringContent(Json, Encoding.UTF8, "application/json");
        }
        else if (kind == BodyKind.Form && Form.Length > 0)
        {
            message.Content = new FormUrlEncodedContent(Form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        }
        return message;
    }
}
