using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DemoSaaS.Web.Data;

/// <summary>
/// Every <see cref="DateTime"/> the app stores is UTC, on both providers: written as UTC (PostgreSQL's
/// <c>timestamp with time zone</c> refuses anything else) and read back with <see cref="DateTimeKind.Utc"/>
/// (SQLite keeps text and would hand back <see cref="DateTimeKind.Unspecified"/>).
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));
