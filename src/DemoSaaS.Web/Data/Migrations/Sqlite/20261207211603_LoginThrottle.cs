using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DemoSaaS.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LoginThrottle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LoginAttemptCounters",
                columns: table => new
                {
                    AccountKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ClientKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LastFailureAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoginAttemptCounters", x => new { x.AccountKey, x.ClientKey });
                });

            migrationBuilder.CreateIndex(
                name: "IX_LoginAttemptCounters_LastFailureAtUtc",
                table: "LoginAttemptCounters",
                column: "LastFailureAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LoginAttemptCounters");
        }
    }
}
