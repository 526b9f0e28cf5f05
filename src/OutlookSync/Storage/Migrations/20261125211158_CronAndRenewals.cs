using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OutlookSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class CronAndRenewals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RenewalQueuedAt",
                table: "Subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PollQueuedAt",
                table: "Mappings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CronHeartbeats",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RunBy = table.Column<string>(type: "TEXT", nullable: false),
                    RenewalsQueued = table.Column<int>(type: "INTEGER", nullable: false),
                    RecreationsQueued = table.Column<int>(type: "INTEGER", nullable: false),
                    PollsQueued = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CronHeartbeats", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CronHeartbeats");

            migrationBuilder.DropColumn(
                name: "RenewalQueuedAt",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "PollQueuedAt",
                table: "Mappings");
        }
    }
}
