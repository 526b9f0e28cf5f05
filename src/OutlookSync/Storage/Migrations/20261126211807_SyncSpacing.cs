using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OutlookSync.Storage.Migrations
{
    /// <inheritdoc />
    public partial class SyncSpacing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PendingRoundAt",
                table: "Mappings",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PendingRoundAt",
                table: "Mappings");
        }
    }
}
