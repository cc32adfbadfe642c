namespace DemoSaaS.Web.Data;

/// <summary>Which database the app keeps its data in (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One file next to the app: the default, for one instance (a second instance on the same file refuses to start).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server shared by any number of instances behind a load balancer.</summary>
    Postgres,
}
