using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DemoSaaS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportPackCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CoveredByReportPack",
                table: "UsageOutbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CoveredByReportPack",
                table: "UsageOutbox");
        }
    }
}
